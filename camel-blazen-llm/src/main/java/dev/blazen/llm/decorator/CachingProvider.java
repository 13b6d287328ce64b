package dev.blazen.llm.decorator;

import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.provider.CustomProvider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Serves identical completion requests from memory. The key is the whole request (see {@link CacheKey}); an answer
 * is served for {@link CachePolicy#ttl()} after it arrived, and past {@link CachePolicy#maxEntries()} the least
 * recently used answer is dropped.
 *
 * <ul>
 *   <li>Identical requests made while the first is still running wait for it instead of calling the model again
 *       (the first caller's call is shared; each asynchronous caller gets its own future, so cancelling one does not
 *       cancel the others).</li>
 *   <li>Errors are never cached: a failed call is forgotten (callers already waiting on it get its error) and the
 *       next identical request calls the model.</li>
 *   <li>{@code stream} always goes to the model, as do {@code embed} and the compute methods.</li>
 * </ul>
 */
public final class CachingProvider extends DelegatingProvider {

    private final CachePolicy policy;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries;

    /** @param nanoTime the clock the TTL is measured with, in nanoseconds ({@link System#nanoTime} by default) */
    public CachingProvider(CustomProvider delegate, CachePolicy policy, LongSupplier nanoTime) {
        super(delegate);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > policy.maxEntries();
            }
        };
    }

    /** Wraps with Blazen's defaults: TTL 300 s, 1000 entries. */
    public static CachingProvider wrap(CustomProvider delegate) {
        return wrap(delegate, CachePolicy.DEFAULT);
    }

    public static CachingProvider wrap(CustomProvider delegate, CachePolicy policy) {
        return new CachingProvider(delegate, policy, System::nanoTime);
    }

    public CachePolicy policy() {
        return policy;
    }

    /** Answers currently held (including calls still running). */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Forgets every answer. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        CompletableFuture<CompletionResponse> answer = cached(request, () -> {
            try {
                return CompletableFuture.completedFuture(delegate.complete(request));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        try {
            return answer.join();
        } catch (CompletionException e) {
            throw Attempts.rethrowable(e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
        return cached(request, () -> Attempts.start(() -> delegate.completeAsync(request))).copy();
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        return delegate.stream(request, sink);
    }

    private CompletableFuture<CompletionResponse> cached(CompletionRequest request,
            Supplier<CompletableFuture<CompletionResponse>> call) {
        String key = CacheKey.of(request);
        Entry mine;
        synchronized (entries) {
            Entry existing = entries.get(key);
            if (existing != null && usable(existing)) {
                return existing.answer;
            }
            mine = new Entry();
            entries.put(key, mine);
        }
        CompletableFuture<CompletionResponse> source;
        try {
            source = call.get();
        } catch (Throwable broken) {
            source = CompletableFuture.failedFuture(broken);
        }
        source.whenComplete((response, error) -> settle(key, mine, response, error));
        return mine.answer;
    }

    /** Completes the shared answer in every case, so no caller waiting on it is left hanging. */
    private void settle(String key, Entry entry, CompletionResponse response, Throwable error) {
        Throwable failure = error;
        if (failure == null) {
            try {
                entry.storedAt = nanoTime.getAsLong();
            } catch (RuntimeException clockFailure) {
                failure = clockFailure;
            }
        }
        if (failure != null) {
            synchronized (entries) {
                entries.remove(key, entry);
            }
            entry.answer.completeExceptionally(Attempts.unwrap(failure));
        } else {
            entry.answer.complete(response);
        }
    }

    /** Running calls are shared; finished ones are served until the TTL has passed since they arrived. */
    private boolean usable(Entry entry) {
        if (!entry.answer.isDone()) {
            return true;
        }
        return !entry.answer.isCompletedExceptionally() && nanoTime.getAsLong() - entry.storedAt < policy.ttl().toNanos();
    }

    private static final class Entry {
        final CompletableFuture<CompletionResponse> answer = new CompletableFuture<>();
        volatile long storedAt;
    }
}
