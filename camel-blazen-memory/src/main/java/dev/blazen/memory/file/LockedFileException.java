package dev.blazen.memory.file;

import java.io.IOException;
import java.nio.file.Path;

/** Another {@link AppendOnlyFile}, in this JVM or another process, holds the file's lock. */
public class LockedFileException extends IOException {

    private final Path lockFile;

    LockedFileException(Path lockFile) {
        super("another writer holds the lock " + lockFile);
        this.lockFile = lockFile;
    }

    public Path lockFile() {
        return lockFile;
    }
}
