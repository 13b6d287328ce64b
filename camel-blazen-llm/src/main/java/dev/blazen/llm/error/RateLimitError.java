package dev.blazen.llm.error;

import java.time.Duration;
import java.util.Optional;

/** Rate limited by the provider; {@link #retryAfter()} is what the provider asked for, when it said. */
public class RateLimitError extends BlazenError {

    private final Duration retryAfter;

    public RateLimitError(String message, Duration retryAfter) {
        super("rate limited" + (message == null || message.isBlank() ? "" : ": " + message)
                + (retryAfter == null ? "" : " (retry after " + retryAfter.toMillis() + " ms)"));
        this.retryAfter = retryAfter;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
