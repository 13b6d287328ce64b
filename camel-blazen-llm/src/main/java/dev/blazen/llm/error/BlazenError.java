package dev.blazen.llm.error;

/**
 * The typed errors of the model layer (Blazen's {@code BlazenError}). Each variant is a subclass, so callers and
 * Camel's {@code onException} can react to one category. Messages never carry credentials.
 */
public abstract class BlazenError extends RuntimeException {

    protected BlazenError(String message) {
        super(message);
    }

    protected BlazenError(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether trying again may succeed: rate limits, timeouts, request (network) failures, provider errors with a
     * 5xx status or none, and compute jobs that failed as retryable.
     */
    public boolean isRetryable() {
        return false;
    }
}
