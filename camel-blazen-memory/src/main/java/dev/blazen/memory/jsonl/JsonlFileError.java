package dev.blazen.memory.jsonl;

import dev.blazen.llm.error.BlazenError;

import java.nio.file.Path;
import java.util.OptionalLong;

/** A JSONL memory file that cannot be opened or written; {@link #file()} names it and {@link #kind()} says why. */
public class JsonlFileError extends BlazenError {

    public enum Kind {
        /** A line other than the last is not a valid record, or the last is valid JSON but not a record. */
        CORRUPT,
        /** Another backend, in this JVM or another process, holds the file's lock. */
        LOCKED,
        /** Reading or writing failed; a failed write was rolled back, so nothing of it is in the file. */
        IO,
        /** The backend was closed, or stopped taking writes after a write it could not roll back. */
        CLOSED
    }

    private final Kind kind;
    private final Path file;
    private final long line;

    JsonlFileError(Kind kind, Path file, long line, String message, Throwable cause) {
        super("JSONL memory file " + file + (line > 0 ? " line " + line : "") + ": " + message, cause);
        this.kind = kind;
        this.file = file;
        this.line = line;
    }

    public Kind kind() {
        return kind;
    }

    public Path file() {
        return file;
    }

    /** The 1-based line at fault, for {@link Kind#CORRUPT}. */
    public OptionalLong line() {
        return line > 0 ? OptionalLong.of(line) : OptionalLong.empty();
    }

    /** An I/O failure whose write was rolled back may pass on a retry (a full disk with room made, say). */
    @Override
    public boolean isRetryable() {
        return kind == Kind.IO;
    }
}
