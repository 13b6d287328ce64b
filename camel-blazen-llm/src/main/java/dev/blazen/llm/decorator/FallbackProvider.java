package dev.blazen.llm.decorator;

import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.provider.CustomProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Tries providers in order. It moves to the next provider only when the current one fails with a retryable error
 * (rate limit, time-out, network failure, 5xx): those say "this provider, now" is the problem. Errors that would
 * recur anywhere (authentication, validation, other 4xx, content policy) are thrown at once. When every provider
 * fails, the last error is thrown with the earlier ones attached as suppressed exceptions.
 *
 * <p>{@code providerId}, {@code modelId}, {@code dimensions} and the compute methods are those of the first
 * provider. A stream moves on only while no chunk has reached the sink. {@code embed} stays on the first provider
 * unless {@link #withEmbeddingFallback} allows otherwise, because vectors from different embedding models live in
 * different spaces and must not be mixed in one index.
 */
public final class FallbackProvider extends DelegatingProvider {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackProvider.class);

    private final List<CustomProvider> providers;
    private final boolean embeddingFallback;

    private FallbackProvider(List<CustomProvider> providers, boolean embeddingFallback) {
        super(providers.get(0));
        this.providers = providers;
        this.embeddingFallback = embeddingFallback;
    }

    public static FallbackProvider of(List<? extends CustomProvider> providers) {
        if (providers == null || providers.isEmpty()) {
            throw new IllegalArgumentException("a fallback needs at least one provider");
        }
        return new FallbackProvider(List.copyOf(providers), false);
    }

    public static FallbackProvider of(CustomProvider first, CustomProvider... rest) {
        List<CustomProvider> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(rest));
        return of(all);
    }

    /** A copy that also falls back for {@code embed}: only for providers that share one embedding model. */
    public FallbackProvider withEmbeddingFallback(boolean value) {
        return new FallbackProvider(providers, value);
    }

    public List<CustomProvider> providers() {
        return providers;
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        return firstSuccess("complete", provider -> provider.complete(request));
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        if (!embeddingFallback) {
            return delegate.embed(texts);
        }
        return firstSuccess("embed", provider -> provider.embed(texts));
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        TrackingSink tracking = new TrackingSink(sink);
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < providers.size(); i++) {
            try {
                return providers.get(i).stream(request, tracking);
            } catch (RuntimeException error) {
                if (!moveOn(i, error) || tracking.delivered()) {
                    throw Attempts.withHistory(error, failures);
                }
                note("stream", i, error);
                failures.add(error);
            }
        }
        throw new IllegalStateException("unreachable: the last provider's failure is thrown");
    }

    @Override
    public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
        return attemptAsync(request, 0, new ArrayList<>());
    }

    private <T> T firstSuccess(String method, Function<CustomProvider, T> call) {
        List<Throwable> failures = new ArrayList<>();
        for (int i = 0; i < providers.size(); i++) {
            try {
                return call.apply(providers.get(i));
            } catch (RuntimeException error) {
                if (!moveOn(i, error)) {
                    throw Attempts.withHistory(error, failures);
                }
                note(method, i, error);
                failures.add(error);
            }
        }
        throw new IllegalStateException("unreachable: the last provider's failure is thrown");
    }

    private CompletableFuture<CompletionResponse> attemptAsync(CompletionRequest request, int index,
            List<Throwable> failures) {
        return Attempts.start(() -> providers.get(index).completeAsync(request))
                .handle((response, thrown) -> {
                    if (thrown == null) {
                        return CompletableFuture.completedFuture(response);
                    }
                    Throwable error = Attempts.unwrap(thrown);
                    if (!moveOn(index, error)) {
                        return CompletableFuture.<CompletionResponse>failedFuture(Attempts.withHistory(error, failures));
                    }
                    note("completeAsync", index, error);
                    failures.add(error);
                    return attemptAsync(request, index + 1, failures);
                })
                .thenCompose(next -> next);
    }

    private boolean moveOn(int index, Throwable error) {
        return index + 1 < providers.size() && Attempts.retryable(error);
    }

    private void note(String method, int index, Throwable error) {
        LOG.debug("{} on provider '{}' failed, falling back to '{}': {}", method, providers.get(index).providerId(),
                providers.get(index + 1).providerId(), error.getMessage());
    }
}
