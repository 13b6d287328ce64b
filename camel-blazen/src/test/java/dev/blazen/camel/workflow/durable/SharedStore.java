package dev.blazen.camel.workflow.durable;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.inmemory.InMemoryCheckpointStore;

import java.util.List;
import java.util.Optional;

/**
 * An in-memory store the component treats as a shared, persistent one (as it would Redis or a file): runs are
 * durable by default and recovered, so several CamelContexts in one test JVM act as nodes sharing a store.
 */
final class SharedStore implements CheckpointStore {

    private final InMemoryCheckpointStore records = new InMemoryCheckpointStore();

    @Override
    public Optional<Checkpoint> get(String key) {
        return records.get(key);
    }

    @Override
    public long put(String key, byte[] data, long expectedVersion) {
        return records.put(key, data, expectedVersion);
    }

    @Override
    public boolean delete(String key, long expectedVersion) {
        return records.delete(key, expectedVersion);
    }

    @Override
    public List<String> keys(String prefix) {
        return records.keys(prefix);
    }

    @Override
    public void close() {
        // shared by the test's contexts: closed with the test
    }
}
