package dev.blazen.camel.workflow.checkpoint;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where durable workflow state lives: a small key-value store of versioned byte records with compare-and-set
 * writes. Run snapshots, pipeline snapshots, aggregation buckets and node heartbeats are all records in it, so one
 * store (in-memory, file, Redis, JDBC) serves every durable feature, and the compare-and-set is what keeps two nodes
 * sharing a store from both owning a run.
 * <p>
 * A record's version is 1 when it is created and grows by one with every write. When {@link #put} or
 * {@link #delete} returns, the change is as durable as the store promises (each implementation documents it) and
 * visible to every reader of the store.
 * <p>
 * Keys are 1 to {@value #MAX_KEY_LENGTH} characters without control characters; implementations reject others with
 * an {@link IllegalArgumentException} that names the key.
 */
public interface CheckpointStore extends AutoCloseable {

    /** Expected version meaning "write whatever is stored". */
    long ANY_VERSION = -1;

    /** Expected version meaning "only if nothing is stored under the key". */
    long ABSENT = 0;

    int MAX_KEY_LENGTH = 512;

    /** The record under {@code key}, or empty. */
    Optional<Checkpoint> get(String key);

    /**
     * Writes {@code data} under {@code key} when the stored version is {@code expectedVersion} ({@link #ABSENT}: no
     * record; {@link #ANY_VERSION}: no check).
     *
     * @return the record's new version
     * @throws CheckpointConflictException when the stored version is another one
     * @throws CheckpointStoreException    when the store cannot write (I/O, connection); nothing was changed
     */
    long put(String key, byte[] data, long expectedVersion);

    /**
     * {@link #put}, with the wait for durability handed to the future: the compare-and-set is decided (and the version
     * assigned) before this returns, so a conflict fails the returned future at once and a reader sees the record in
     * the store's order; the future completes once the write is as durable as {@link #put} promises. A store that
     * can share one disk flush among many writers (the file store) lets callers go on meanwhile; the default just
     * calls {@link #put}.
     */
    default CompletableFuture<Long> putAsync(String key, byte[] data, long expectedVersion) {
        try {
            return CompletableFuture.completedFuture(put(key, data, expectedVersion));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Removes the record under {@code key} when its version is {@code expectedVersion} ({@link #ANY_VERSION}: no
     * check).
     *
     * @return false when there was no record (and {@code expectedVersion} was {@link #ANY_VERSION} or {@link #ABSENT})
     * @throws CheckpointConflictException when the stored version is another one, or there is no record although a
     *                                     version above 0 was expected
     */
    boolean delete(String key, long expectedVersion);

    /** {@link #delete}, with the wait for durability handed to the future, as {@link #putAsync} does. */
    default CompletableFuture<Boolean> deleteAsync(String key, long expectedVersion) {
        try {
            return CompletableFuture.completedFuture(delete(key, expectedVersion));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The keys that start with {@code prefix}, in no particular order. */
    List<String> keys(String prefix);

    /** Releases files and connections; idempotent. */
    @Override
    void close();

    /** Rejects keys that no store can hold, naming the key. */
    static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a checkpoint key cannot be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("checkpoint key '" + key.substring(0, 40) + "...' is " + key.length()
                    + " characters long; the limit is " + MAX_KEY_LENGTH);
        }
        for (int i = 0; i < key.length(); i++) {
            if (Character.isISOControl(key.charAt(i))) {
                throw new IllegalArgumentException("checkpoint key '" + key.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a control character at index " + i);
            }
        }
        return key;
    }
}
