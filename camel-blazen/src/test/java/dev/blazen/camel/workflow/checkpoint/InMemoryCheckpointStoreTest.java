package dev.blazen.camel.workflow.checkpoint;

import dev.blazen.camel.workflow.checkpoint.inmemory.InMemoryCheckpointStore;

class InMemoryCheckpointStoreTest extends CheckpointStoreContract {

    @Override
    protected CheckpointStore open() {
        return new InMemoryCheckpointStore();
    }
}
