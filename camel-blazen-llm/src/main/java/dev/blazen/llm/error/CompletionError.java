package dev.blazen.llm.error;

/** A completion-specific failure. */
public class CompletionError extends BlazenError {

    public enum Kind {
        NO_CONTENT, MODEL_NOT_FOUND, INVALID_RESPONSE, STREAM
    }

    private final Kind kind;

    public CompletionError(Kind kind, String message) {
        super(describe(kind) + (message == null || message.isBlank() ? "" : ": " + message));
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case NO_CONTENT -> "model returned no content";
            case MODEL_NOT_FOUND -> "model not found";
            case INVALID_RESPONSE -> "invalid response";
            case STREAM -> "stream error";
        };
    }
}
