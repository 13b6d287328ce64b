package dev.blazen.bench;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.snapshot.RunSnapshot;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * A checkpoint store that counts the writes of run records ({@code run:} keys, see {@link RunSnapshot#key}) on their
 * way to the real one, so the durable benchmark can show that every run really was checkpointed and how big a
 * snapshot is. Counting is a {@link LongAdder} increment per write: nothing next to building and storing a snapshot.
 * The component takes any store it is given that is not its in-memory one for persistent, so an in-memory store is
 * wrapped by handing the wrapper to the engine ({@code WorkflowEngine.useCheckpointStore}) after the context started.
 */
final class CountingCheckpointStore implements CheckpointStore {

    private static final String RUN_PREFIX = RunSnapshot.key("");

    private final CheckpointStore delegate;
    private final LongAdder puts = new LongAdder();
    private final LongAdder putBytes = new LongAdder();
    private final LongAdder deletes = new LongAdder();

    CountingCheckpointStore(CheckpointStore delegate) {
        this.delegate = delegate;
    }

    /** Run-record writes so far: puts, bytes put, deletes. */
    record Counts(long puts, long putBytes, long deletes) {
        Counts minus(Counts before) {
            return new Counts(puts - before.puts, putBytes - before.putBytes, deletes - before.deletes);
        }
    }

    Counts counts() {
        return new Counts(puts.sum(), putBytes.sum(), deletes.sum());
    }

    CheckpointStore delegate() {
        return delegate;
    }

    @Override
    public Optional<Checkpoint> get(String key) {
        return delegate.get(key);
    }

    @Override
    public long put(String key, byte[] data, long expectedVersion) {
        long version = delegate.put(key, data, expectedVersion);
        countPut(key, data);
        return version;
    }

    /** Passed through as such: the engine commits with putAsync, and a store may share one fsync among many. */
    @Override
    public CompletableFuture<Long> putAsync(String key, byte[] data, long expectedVersion) {
        CompletableFuture<Long> written = delegate.putAsync(key, data, expectedVersion);
        if (!written.isCompletedExceptionally()) {
            countPut(key, data);
        }
        return written;
    }

    @Override
    public boolean delete(String key, long expectedVersion) {
        boolean deleted = delegate.delete(key, expectedVersion);
        countDelete(key);
        return deleted;
    }

    @Override
    public CompletableFuture<Boolean> deleteAsync(String key, long expectedVersion) {
        CompletableFuture<Boolean> removed = delegate.deleteAsync(key, expectedVersion);
        if (!removed.isCompletedExceptionally()) {
            countDelete(key);
        }
        return removed;
    }

    private void countPut(String key, byte[] data) {
        if (key.startsWith(RUN_PREFIX)) {
            puts.increment();
            putBytes.add(data.length);
        }
    }

    private void countDelete(String key) {
        if (key.startsWith(RUN_PREFIX)) {
            deletes.increment();
        }
    }

    @Override
    public List<String> keys(String prefix) {
        return delegate.keys(prefix);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
