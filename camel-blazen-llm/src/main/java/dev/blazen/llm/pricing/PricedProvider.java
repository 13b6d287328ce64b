package dev.blazen.llm.pricing;

import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.decorator.DelegatingProvider;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.provider.CustomProvider;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Fills in the cost of completions and embeddings that come back without one, from a {@link PricingRegistry}: the
 * response's model when it names one, else the request's model override, else the provider's default model. A cost
 * the provider reported itself is kept.
 */
public final class PricedProvider extends DelegatingProvider {

    private final PricingRegistry registry;

    public PricedProvider(CustomProvider delegate, PricingRegistry registry) {
        super(delegate);
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Prices with {@link PricingRegistry#global()}. */
    public static PricedProvider wrap(CustomProvider delegate) {
        return new PricedProvider(delegate, PricingRegistry.global());
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        return registry.apply(delegate.complete(request), requestedModel(request));
    }

    @Override
    public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
        return delegate.completeAsync(request).thenApply(response -> registry.apply(response, requestedModel(request)));
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        return registry.apply(delegate.stream(request, sink), requestedModel(request));
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        return registry.apply(delegate.embed(texts), delegate.modelId());
    }

    private String requestedModel(CompletionRequest request) {
        return request.model() != null ? request.model() : delegate.modelId();
    }
}
