package dev.blazen.camel.model;

import dev.blazen.camel.BlazenConfiguration;
import dev.blazen.llm.chat.CompletionModel;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.provider.CustomProvider;
import dev.blazen.llm.pricing.PricedProvider;
import dev.blazen.llm.provider.ModelStrings;
import dev.blazen.llm.decorator.CachingProvider;
import dev.blazen.llm.decorator.FallbackProvider;
import dev.blazen.llm.decorator.RetryPolicy;
import dev.blazen.llm.decorator.RetryingProvider;
import org.apache.camel.CamelContext;
import org.apache.camel.NoSuchBeanException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Finds the provider an endpoint's {@code model} option names: a {@code #bean}, or a provider:model string. */
public final class ModelLookup {

    private ModelLookup() {
    }

    /**
     * The endpoint's provider with its decorators: each model (the primary, then the fallbacks) retried as configured,
     * the fallbacks tried in order on errors that may pass, and the cache outermost.
     */
    public static CustomProvider resolve(CamelContext context, BlazenConfiguration configuration) {
        List<CustomProvider> chain = new java.util.ArrayList<>();
        chain.add(retried(single(context, configuration.getModel(), configuration), configuration));
        if (configuration.getFallbackModels() != null) {
            for (String fallback : configuration.getFallbackModels().split(",")) {
                if (!fallback.isBlank()) {
                    chain.add(retried(single(context, fallback, configuration), configuration));
                }
            }
        }
        CustomProvider provider = chain.size() == 1 ? chain.get(0) : FallbackProvider.of(chain);
        return configuration.isCache() ? CachingProvider.wrap(provider) : provider;
    }

    private static CustomProvider retried(CustomProvider provider, BlazenConfiguration configuration) {
        if (configuration.getMaxRetries() <= 0) {
            return provider;
        }
        RetryPolicy defaults = RetryPolicy.DEFAULT;
        return RetryingProvider.wrap(provider, new RetryPolicy(configuration.getMaxRetries(), defaults.initialDelay(),
                defaults.maxDelay(), defaults.jitter()));
    }

    private static CustomProvider single(CamelContext context, String modelOption, BlazenConfiguration configuration) {
        String model = modelOption.strip();
        if (model.startsWith("#")) {
            String name = model.substring(1);
            Object bean = context.getRegistry().lookupByName(name);
            if (bean == null) {
                throw new NoSuchBeanException(name, "a CustomProvider, CompletionModel or EmbeddingModel");
            }
            return PricedProvider.wrap(adapt(name, bean)); // fills the cost only where the bean left it out
        }
        return ModelStrings.resolve(model, new ModelStrings.Options(configuration.getApiKey(), configuration.getBaseUrl(),
                Duration.ofMillis(configuration.getRequestTimeout())));
    }

    /** A CompletionModel or EmbeddingModel bean seen as a CustomProvider (its other methods stay unsupported). */
    static CustomProvider adapt(String name, Object bean) {
        if (bean instanceof CustomProvider provider) {
            return provider;
        }
        if (bean instanceof CompletionModel || bean instanceof EmbeddingModel) {
            return new CustomProvider() {
                @Override
                public String providerId() {
                    return name;
                }

                @Override
                public String modelId() {
                    return bean instanceof CompletionModel chat ? chat.modelId() : ((EmbeddingModel) bean).modelId();
                }

                @Override
                public CompletionResponse complete(CompletionRequest request) {
                    return chat().complete(request);
                }

                @Override
                public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
                    return chat().completeAsync(request);
                }

                @Override
                public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
                    return chat().stream(request, sink);
                }

                @Override
                public EmbeddingResponse embed(List<String> texts) {
                    return bean instanceof EmbeddingModel embedder ? embedder.embed(texts) : CustomProvider.super.embed(texts);
                }

                private CompletionModel chat() {
                    if (bean instanceof CompletionModel chat) {
                        return chat;
                    }
                    throw new IllegalArgumentException("bean '" + name + "' is an EmbeddingModel, not a chat model");
                }
            };
        }
        throw new IllegalArgumentException("bean '" + name + "' is a " + bean.getClass().getName()
                + ", not a CustomProvider, CompletionModel or EmbeddingModel");
    }
}
