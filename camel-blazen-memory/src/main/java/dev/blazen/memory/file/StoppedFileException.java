package dev.blazen.memory.file;

import java.io.IOException;

/**
 * The {@link AppendOnlyFile} takes no more writes: it was closed, or a failure left it in a state only reopening can
 * clear (a failed write that could not be truncated away, a failed fsync). The message says which.
 */
public class StoppedFileException extends IOException {

    StoppedFileException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
