package dev.blazen.camel.aggregation;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreException;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A store in front of another that can read slowly (to widen races between writers) and can "crash": from the write
 * that matches on, every call fails, as for a process that died at that point. The store behind it is untouched by
 * the failing call.
 */
class FaultInjectingStore implements CheckpointStore {

    private final CheckpointStore delegate;
    private volatile long readDelayMillis;
    private volatile Predicate<String> crashOnPutOf = key -> false;
    private volatile boolean crashed;

    FaultInjectingStore(CheckpointStore delegate) {
        this.delegate = delegate;
    }

    FaultInjectingStore slowReads(long millis) {
        readDelayMillis = millis;
        return this;
    }

    FaultInjectingStore crashOnPutOf(Predicate<String> key) {
        crashOnPutOf = key;
        return this;
    }

    private void alive() {
        if (crashed) {
            throw new CheckpointStoreException("the process is gone");
        }
    }

    @Override
    public Optional<Checkpoint> get(String key) {
        alive();
        Optional<Checkpoint> read = delegate.get(key);
        if (readDelayMillis > 0) {
            try {
                Thread.sleep(readDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return read;
    }

    @Override
    public long put(String key, byte[] data, long expectedVersion) {
        alive();
        if (crashOnPutOf.test(key)) {
            crashed = true;
            throw new CheckpointStoreException("crash before writing '" + key + "'");
        }
        return delegate.put(key, data, expectedVersion);
    }

    @Override
    public boolean delete(String key, long expectedVersion) {
        alive();
        return delegate.delete(key, expectedVersion);
    }

    @Override
    public List<String> keys(String prefix) {
        alive();
        return delegate.keys(prefix);
    }

    @Override
    public void close() {
        // the store behind belongs to the test
    }
}
