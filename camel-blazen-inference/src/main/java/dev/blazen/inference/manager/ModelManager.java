package dev.blazen.inference.manager;

import dev.blazen.llm.error.BlazenError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.local.ModelStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps local models within per-pool memory budgets (Blazen's {@code ModelManager}, with one budget per device pool
 * such as {@code cpu} or {@code cuda:0}). Models are registered with a memory estimate and a loader, load on demand,
 * and when a load needs room the least recently used loaded models of the same pool are unloaded (closed) first;
 * other pools are never touched. A pool that was never configured has a budget of zero. Concurrent loads of one
 * model run its loader once and all callers get the same instance. A model being used through {@link #use} is never
 * evicted or unloaded under its caller: a load that needs its memory waits for it. Thread-safe: bookkeeping is under
 * one lock, loaders and close calls run outside it.
 */
public final class ModelManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);

    private final Map<String, Long> budgets;
    private final Clock clock;
    private final Map<String, Entry> models = new LinkedHashMap<>();
    private final List<ProgressListener> listeners = new CopyOnWriteArrayList<>();
    private long tick;

    private static final class Entry {
        final String id;
        final String pool;
        final long bytes;
        final ModelLoader<?> loader;
        AutoCloseable instance;
        CompletableFuture<AutoCloseable> loading;
        int inUse;
        long lastUseTick;
        Instant lastUsed;

        Entry(String id, String pool, long bytes, ModelLoader<?> loader) {
            this.id = id;
            this.pool = pool;
            this.bytes = bytes;
            this.loader = loader;
        }

        boolean holdsMemory() {
            return instance != null || loading != null;
        }
    }

    /** A manager with these pools and byte budgets. */
    public ModelManager(Map<String, Long> poolBudgets) {
        this(poolBudgets, Clock.systemUTC());
    }

    public ModelManager(Map<String, Long> poolBudgets, Clock clock) {
        poolBudgets.forEach((pool, budget) -> {
            if (budget == null || budget < 0) {
                throw new ValidationError("pools." + pool, "budget must be zero or positive bytes, got " + budget);
            }
        });
        this.budgets = Map.copyOf(poolBudgets);
        this.clock = clock;
    }

    /** Receives the progress of every load. */
    public void addProgressListener(ProgressListener listener) {
        listeners.add(listener);
    }

    /** The budget of a pool; zero for a pool that was never configured. */
    public long budget(String pool) {
        return budgets.getOrDefault(pool, 0L);
    }

    /**
     * Registers a model, unloaded. Fails with {@link ModelBudgetError} when the estimate exceeds the pool's budget
     * (always, for a pool that was never configured, unless the estimate is zero).
     */
    public synchronized void register(String modelId, String pool, long estimatedBytes,
            ModelLoader<? extends AutoCloseable> loader) {
        if (modelId == null || modelId.isBlank()) {
            throw new ValidationError("modelId", "a model needs an id");
        }
        if (estimatedBytes < 0) {
            throw new ValidationError("estimatedBytes", "model " + modelId + ": negative estimate " + estimatedBytes);
        }
        if (models.containsKey(modelId)) {
            throw new ValidationError("modelId", "model " + modelId + " is already registered");
        }
        long budget = budget(pool);
        if (estimatedBytes > budget) {
            String why = budgets.containsKey(pool)
                    ? "pool '" + pool + "' has a budget of " + budget + " bytes"
                    : "pool '" + pool + "' is not configured, so its budget is 0 bytes (configured pools: "
                            + budgets.keySet() + ")";
            throw new ModelBudgetError(modelId, pool, estimatedBytes, budget,
                    "model " + modelId + " needs an estimated " + estimatedBytes + " bytes but " + why);
        }
        models.put(modelId, new Entry(modelId, pool, estimatedBytes, loader));
    }

    /** The loaded instance of a model, loading it first (and evicting in its pool) when needed. */
    public AutoCloseable load(String modelId) {
        CompletableFuture<AutoCloseable> future = null;
        Entry entry;
        List<Entry> evicted;
        List<AutoCloseable> toClose = new ArrayList<>();
        synchronized (this) {
            entry = entry(modelId);
            while (true) {
                if (entry.instance != null) {
                    touch(entry);
                    return entry.instance;
                }
                if (entry.loading != null) {
                    future = entry.loading;
                    evicted = null;
                    break;
                }
                evicted = makeRoom(entry);
                if (evicted != null) {
                    break;
                }
                // the room is held by models in use or loading: wait until one is released or done, then look again
                waitForChange();
            }
            if (evicted != null) {
                for (Entry e : evicted) {
                    toClose.add(e.instance);
                    e.instance = null;
                }
                future = new CompletableFuture<>();
                entry.loading = future;
            }
        }
        if (evicted == null) {
            return await(future);
        }
        for (int i = 0; i < evicted.size(); i++) {
            closeQuietly(evicted.get(i).id, toClose.get(i), "evicted to make room for " + modelId);
        }
        return runLoader(entry, future);
    }

    /** {@link #load(String)} cast to the loader's type. */
    public <T> T load(String modelId, Class<T> type) {
        return type.cast(load(modelId));
    }

    /**
     * Runs {@code work} on the model, loading it first when needed; until {@code work} returns the model is neither
     * evicted nor unloaded.
     */
    public <T, R> R use(String modelId, Class<T> type, java.util.function.Function<T, R> work) {
        AutoCloseable instance;
        while (true) {
            instance = load(modelId);
            synchronized (this) {
                Entry entry = entry(modelId);
                // evicted again between its load and now: load once more
                if (entry.instance == instance) {
                    entry.inUse++;
                    touch(entry);
                    break;
                }
            }
        }
        try {
            return work.apply(type.cast(instance));
        } finally {
            synchronized (this) {
                entry(modelId).inUse--;
                notifyAll();
            }
        }
    }

    private void waitForChange() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelLoadError("interrupted while waiting for memory in its pool", e);
        }
    }


    private AutoCloseable runLoader(Entry entry, CompletableFuture<AutoCloseable> future) {
        AutoCloseable instance = null;
        try {
            progress(entry.id, 0.0, "loading into pool " + entry.pool);
            instance = entry.loader.load((fraction, message) -> progress(entry.id, fraction, message));
            if (instance == null) {
                throw new IllegalStateException("the loader returned null");
            }
        } catch (Throwable t) {
            synchronized (this) {
                entry.loading = null;
                notifyAll();
            }
            BlazenError error = new ModelLoadError(entry.id, t);
            future.completeExceptionally(error);
            if (t instanceof Error e) {
                throw e;
            }
            throw error;
        }
        synchronized (this) {
            entry.instance = instance;
            entry.loading = null;
            touch(entry);
            notifyAll();
        }
        progress(entry.id, 1.0, "loaded");
        future.complete(instance);
        return instance;
    }

    private static AutoCloseable await(CompletableFuture<AutoCloseable> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * The idle loaded models to evict (LRU first, same pool only) so that {@code entry} fits; null when it can only fit
     * after models in use or loading are done. Marks nothing itself.
     */
    private List<Entry> makeRoom(Entry entry) {
        long budget = budget(entry.pool);
        long used = 0;
        List<Entry> idle = new ArrayList<>();
        for (Entry e : models.values()) {
            if (e.pool.equals(entry.pool) && e.holdsMemory()) {
                used += e.bytes;
                if (e.instance != null && e.inUse == 0) {
                    idle.add(e);
                }
            }
        }
        idle.sort((a, b) -> Long.compare(a.lastUseTick, b.lastUseTick));
        List<Entry> evict = new ArrayList<>();
        for (int i = 0; used + entry.bytes > budget; i++) {
            if (i == idle.size()) {
                return null;
            }
            evict.add(idle.get(i));
            used -= idle.get(i).bytes;
        }
        return evict;
    }

    /** Unloads (closes) a model; false when it was not loaded. Waits for a load in progress and for its users first. */
    public boolean unload(String modelId) {
        while (true) {
            CompletableFuture<AutoCloseable> pending;
            AutoCloseable instance;
            synchronized (this) {
                Entry entry = entry(modelId);
                while (entry.inUse > 0) {
                    waitForChange();
                }
                pending = entry.loading;
                instance = entry.instance;
                if (pending == null) {
                    entry.instance = null;
                }
            }
            if (pending == null) {
                if (instance == null) {
                    return false;
                }
                closeQuietly(modelId, instance, "unloaded");
                return true;
            }
            pending.handle((v, t) -> null).join();
        }
    }

    public synchronized boolean isLoaded(String modelId) {
        return entry(modelId).instance != null;
    }

    /** Every registered model in registration order. */
    public synchronized List<ModelStatus> status() {
        List<ModelStatus> out = new ArrayList<>(models.size());
        for (Entry e : models.values()) {
            out.add(new ModelStatus(e.id, e.pool, e.bytes, e.instance != null, Optional.ofNullable(e.lastUsed)));
        }
        return out;
    }

    /** Every configured pool with the bytes its loaded and loading models take. */
    public synchronized List<PoolStatus> pools() {
        List<PoolStatus> out = new ArrayList<>();
        for (String pool : budgets.keySet().stream().sorted().toList()) {
            long used = models.values().stream().filter(e -> e.pool.equals(pool) && e.holdsMemory())
                    .mapToLong(e -> e.bytes).sum();
            out.add(new PoolStatus(pool, budgets.get(pool), used));
        }
        return out;
    }

    /** Unloads every model. */
    @Override
    public void close() {
        List<String> ids;
        synchronized (this) {
            ids = new ArrayList<>(models.keySet());
        }
        ids.forEach(this::unload);
    }

    private Entry entry(String modelId) {
        Entry e = models.get(modelId);
        if (e == null) {
            throw new ValidationError("modelId", "no model registered as '" + modelId + "'; registered: "
                    + models.keySet());
        }
        return e;
    }

    private void touch(Entry e) {
        e.lastUseTick = ++tick;
        e.lastUsed = clock.instant();
    }

    private void progress(String modelId, double fraction, String message) {
        for (ProgressListener l : listeners) {
            try {
                l.onProgress(modelId, fraction, message);
            } catch (RuntimeException e) {
                LOG.warn("progress listener failed for model {}: {}", modelId, e.toString());
            }
        }
    }

    private static void closeQuietly(String modelId, AutoCloseable instance, String why) {
        try {
            instance.close();
        } catch (Exception e) {
            // the memory is accounted as free either way; a failing close must not break the load that needed it
            LOG.warn("closing model {} ({}) failed: {}", modelId, why, e.toString());
        }
    }
}
