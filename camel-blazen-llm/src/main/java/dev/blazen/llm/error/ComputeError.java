package dev.blazen.llm.error;

/** A compute-job failure: failed (retryable or not), cancelled, or over quota. */
public class ComputeError extends BlazenError {

    public enum Kind {
        JOB_FAILED, CANCELLED, QUOTA_EXCEEDED
    }

    private final Kind kind;
    private final String errorType;
    private final boolean retryable;

    public ComputeError(Kind kind, String message, String errorType, boolean retryable) {
        super("compute " + kind.name().toLowerCase().replace('_', ' ') + (message == null ? "" : ": " + message));
        this.kind = kind;
        this.errorType = errorType;
        this.retryable = retryable;
    }

    public Kind kind() {
        return kind;
    }

    public String errorType() {
        return errorType;
    }

    @Override
    public boolean isRetryable() {
        return kind == Kind.JOB_FAILED && retryable;
    }
}
