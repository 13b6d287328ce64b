package dev.blazen.camel.workflow.checkpoint.inmemory;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records in this JVM's heap: pause/resume and human-in-the-loop work within the process, nothing survives it. The
 * component's default store.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {

    private final ConcurrentHashMap<String, Checkpoint> records = new ConcurrentHashMap<>();

    @Override
    public Optional<Checkpoint> get(String key) {
        return Optional.ofNullable(records.get(CheckpointStore.requireKey(key)))
                .map(c -> new Checkpoint(c.key(), c.version(), c.data().clone()));
    }

    @Override
    public long put(String key, byte[] data, long expectedVersion) {
        CheckpointStore.requireKey(key);
        byte[] copy = data.clone();
        Checkpoint written = records.compute(key, (k, current) -> {
            long version = current == null ? 0 : current.version();
            if (expectedVersion != ANY_VERSION && expectedVersion != version) {
                throw new CheckpointConflictException(key, expectedVersion, version);
            }
            return new Checkpoint(key, version + 1, copy);
        });
        return written.version();
    }

    @Override
    public boolean delete(String key, long expectedVersion) {
        CheckpointStore.requireKey(key);
        boolean[] removed = {false};
        records.computeIfPresent(key, (k, current) -> {
            if (expectedVersion != ANY_VERSION && expectedVersion != current.version()) {
                throw new CheckpointConflictException(key, expectedVersion, current.version());
            }
            removed[0] = true;
            return null;
        });
        if (!removed[0] && expectedVersion > 0) {
            throw new CheckpointConflictException(key, expectedVersion, 0);
        }
        return removed[0];
    }

    @Override
    public List<String> keys(String prefix) {
        return records.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String toString() {
        return "InMemoryCheckpointStore[" + records.size() + " records]";
    }
}
