package dev.blazen.camel.workflow.checkpoint.file;

import dev.blazen.camel.workflow.checkpoint.CheckpointStoreException;

import java.nio.file.Path;
import java.util.OptionalLong;

/** A checkpoint journal that cannot be opened or written; {@link #file()} names it and {@link #kind()} says why. */
public class CheckpointFileException extends CheckpointStoreException {

    public enum Kind {
        /**
         * A record other than a torn last one is damaged ({@link #offset()} says where), or the file is not a
         * checkpoint journal at all. The file is left as it is.
         */
        CORRUPT,
        /** The file was written in a newer journal format than this version reads; upgrade to open it. */
        NEWER_FORMAT,
        /** Another store, in this JVM or another process, has the journal open. */
        LOCKED,
        /** Reading or writing failed; a failed write was rolled back, so nothing of it is in the file. */
        IO,
        /**
         * The store was closed, or stopped taking writes after a failure only a reopen clears (a failed fsync, a
         * failed write it could not roll back); what was written before is recovered by the next open.
         */
        CLOSED
    }

    private final Kind kind;
    private final Path file;
    private final long offset;

    CheckpointFileException(Kind kind, Path file, long offset, String message, Throwable cause) {
        super("checkpoint journal " + file + (offset >= 0 ? " at byte offset " + offset : "") + ": " + message, cause);
        this.kind = kind;
        this.file = file;
        this.offset = offset;
    }

    public Kind kind() {
        return kind;
    }

    public Path file() {
        return file;
    }

    /** Where the damaged record starts, for {@link Kind#CORRUPT}. */
    public OptionalLong offset() {
        return offset >= 0 ? OptionalLong.of(offset) : OptionalLong.empty();
    }
}
