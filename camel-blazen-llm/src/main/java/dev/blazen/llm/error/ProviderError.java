package dev.blazen.llm.error;

import java.util.OptionalInt;

/** The provider answered with an error; {@link #statusCode()} is the HTTP status when there was one. */
public class ProviderError extends BlazenError {

    private final String provider;
    private final Integer statusCode;

    public ProviderError(String provider, String message, Integer statusCode) {
        super(provider + " error" + (statusCode == null ? "" : " (HTTP " + statusCode + ")") + ": " + message);
        this.provider = provider;
        this.statusCode = statusCode;
    }

    public String provider() {
        return provider;
    }

    public OptionalInt statusCode() {
        return statusCode == null ? OptionalInt.empty() : OptionalInt.of(statusCode);
    }

    /** Server-side failures (5xx) and failures without a status may pass; client errors will not. */
    @Override
    public boolean isRetryable() {
        return statusCode == null || statusCode >= 500;
    }
}
