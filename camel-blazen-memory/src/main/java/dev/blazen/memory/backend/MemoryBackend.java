package dev.blazen.memory.backend;

import dev.blazen.memory.MetadataFilter;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a {@link dev.blazen.memory.Memory} keeps its entries (Blazen's {@code MemoryBackend}): storage, Blazen's band
 * lookup, and optionally an index proposing nearest-neighbour candidates. Backends never embed and never rank: the
 * Memory scores what they return. Implementations are thread-safe. Every backend passes the shared contract test
 * (MemoryBackendContract in this module's tests).
 */
public interface MemoryBackend extends AutoCloseable {

    /** Inserts or replaces (by id) each entry; each entry is written atomically, replacing all of the old one. */
    void put(List<StoredEntry> entries);

    Optional<StoredEntry> get(String id);

    /** Removes the entry; false when there was none. */
    boolean delete(String id);

    long count();

    /** Visits every entry once, in no particular order (list, exact search, searchLocal). */
    void forEach(Consumer<StoredEntry> action);

    /**
     * Entries sharing at least one of these LSH band keys ({@link StoredEntry#bands()}), at most {@code limit}, in no
     * particular order: Blazen's {@code search_by_bands}.
     */
    List<StoredEntry> searchByBands(long[] bands, int limit);

    /**
     * Up to {@code candidates} entries matching {@code filter} whose vectors are probably nearest (cosine) to the
     * unit-length {@code query}, from the backend's index, each with its stored vector so that the caller ranks them
     * exactly. Empty when the backend has no index; then searches scan every entry.
     */
    default Optional<List<StoredEntry>> nearest(float[] query, int candidates, MetadataFilter filter) {
        return Optional.empty();
    }

    @Override
    void close();
}
