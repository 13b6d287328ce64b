package dev.blazen.camel.workflow.checkpoint.file;

import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class FileCheckpointStoreTest extends CheckpointStoreContract {

    @TempDir
    Path dir;

    @Override
    protected CheckpointStore open() {
        return FileCheckpointStore.open(dir);
    }

    @Override
    protected CheckpointStore reopen(CheckpointStore closed) {
        return FileCheckpointStore.open(dir);
    }
}
