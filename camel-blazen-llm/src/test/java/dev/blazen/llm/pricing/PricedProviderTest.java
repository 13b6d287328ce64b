package dev.blazen.llm.pricing;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.provider.CustomProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class PricedProviderTest {

    static final CompletionRequest REQUEST = CompletionRequest.of(ChatMessage.user("hi"));

    /** Answers with the model named in the request (or none), a fixed usage, and the given cost. */
    static final class Fixed implements CustomProvider {
        final Double cost;

        Fixed(Double cost) {
            this.cost = cost;
        }

        @Override
        public String providerId() {
            return "fixed";
        }

        @Override
        public String modelId() {
            return "gpt-4o-mini";
        }

        @Override
        public CompletionResponse complete(CompletionRequest request) {
            return new CompletionResponse("ok", List.of(), TokenUsage.of(2_000_000, 1_000_000), request.model(), "stop",
                    cost, null, null);
        }

        @Override
        public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
            return complete(request);
        }

        @Override
        public EmbeddingResponse embed(List<String> texts) {
            return new EmbeddingResponse(List.of(), null, TokenUsage.of(1_000_000, 0), null, null, null);
        }
    }

    @Test
    void fillsCostFromTheResponseModelTheRequestModelOrTheProviderDefault() throws Exception {
        PricedProvider provider = new PricedProvider(new Fixed(null), PricingRegistry.seeded());

        // gpt-4o-mini: 2M * 0.15 + 1M * 0.60
        assertThat(provider.complete(REQUEST).cost()).isCloseTo(0.90, offset(1e-9));
        // gpt-4o: 2M * 2.50 + 1M * 10.00
        assertThat(provider.complete(REQUEST.withModel("openai:gpt-4o")).cost()).isCloseTo(15.0, offset(1e-9));
        assertThat(provider.completeAsync(REQUEST).get(5, TimeUnit.SECONDS).cost()).isCloseTo(0.90, offset(1e-9));
        assertThat(provider.stream(REQUEST, chunk -> { }).cost()).isCloseTo(0.90, offset(1e-9));
        assertThat(provider.complete(REQUEST.withModel("unpriced-model")).cost()).isNull();
    }

    @Test
    void keepsACostTheProviderReported() {
        assertThat(PricedProvider.wrap(new Fixed(0.123)).complete(REQUEST).cost()).isEqualTo(0.123);
    }

    @Test
    void pricesEmbeddingsWithTheProviderModel() {
        PricingRegistry prices = PricingRegistry.empty().register("gpt-4o-mini", 0.5, 0);
        assertThat(new PricedProvider(new Fixed(null), prices).embed(List.of("a")).cost()).isCloseTo(0.5, offset(1e-9));
    }
}
