package dev.blazen.llm.error;

/** The request did not complete in time. */
public class TimeoutError extends BlazenError {

    private final long elapsedMs;

    public TimeoutError(long elapsedMs) {
        super("timed out after " + elapsedMs + "ms");
        this.elapsedMs = elapsedMs;
    }

    public long elapsedMs() {
        return elapsedMs;
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
