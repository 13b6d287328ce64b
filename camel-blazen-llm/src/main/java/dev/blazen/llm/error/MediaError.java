package dev.blazen.llm.error;

/** Invalid media, or media over a size limit. */
public class MediaError extends BlazenError {

    public enum Kind {
        INVALID, TOO_LARGE
    }

    private final Kind kind;

    public MediaError(Kind kind, String message) {
        super("media " + kind.name().toLowerCase().replace('_', ' ') + ": " + message);
        this.kind = kind;
    }

    public static MediaError tooLarge(long sizeBytes, long maxBytes) {
        return new MediaError(Kind.TOO_LARGE, sizeBytes + " bytes exceeds the limit of " + maxBytes);
    }

    public Kind kind() {
        return kind;
    }
}
