package dev.blazen.llm.error;

/** A network or request-level failure (connection refused, reset, broken stream). */
public class RequestError extends BlazenError {

    public RequestError(String message, Throwable cause) {
        super("request failed: " + message, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
