package dev.blazen.memory.inmemory;

import dev.blazen.memory.backend.MemoryBackend;
import dev.blazen.memory.backend.StoredEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Entries in process memory with an LSH band index; nothing survives a restart. Reads run in parallel, writes one at
 * a time. Also the in-memory state of file-backed stores, which replay their file into one.
 */
public final class InMemoryBackend implements MemoryBackend {

    private final Map<String, StoredEntry> entries = new HashMap<>();
    private final Map<Long, Set<String>> bands = new HashMap<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    @Override
    public void put(List<StoredEntry> batch) {
        lock.writeLock().lock();
        try {
            for (StoredEntry e : batch) {
                StoredEntry old = entries.put(e.id(), e);
                if (old != null) {
                    unindex(old);
                }
                for (long band : e.bands()) {
                    bands.computeIfAbsent(band, b -> new HashSet<>()).add(e.id());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void unindex(StoredEntry old) {
        for (long band : old.bands()) {
            Set<String> ids = bands.get(band);
            if (ids != null) {
                ids.remove(old.id());
                if (ids.isEmpty()) {
                    bands.remove(band);
                }
            }
        }
    }

    @Override
    public Optional<StoredEntry> get(String id) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(entries.get(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public boolean delete(String id) {
        lock.writeLock().lock();
        try {
            StoredEntry old = entries.remove(id);
            if (old != null) {
                unindex(old);
            }
            return old != null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public long count() {
        lock.readLock().lock();
        try {
            return entries.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void forEach(Consumer<StoredEntry> action) {
        List<StoredEntry> snapshot;
        lock.readLock().lock();
        try {
            snapshot = new ArrayList<>(entries.values());
        } finally {
            lock.readLock().unlock();
        }
        snapshot.forEach(action);
    }

    @Override
    public List<StoredEntry> searchByBands(long[] keys, int limit) {
        lock.readLock().lock();
        try {
            Set<String> ids = new LinkedHashSet<>();
            for (long band : keys) {
                Set<String> members = bands.get(band);
                if (members != null) {
                    for (String id : members) {
                        if (ids.size() == limit) {
                            break;
                        }
                        ids.add(id);
                    }
                }
            }
            List<StoredEntry> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                out.add(entries.get(id));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        // nothing to release
    }
}
