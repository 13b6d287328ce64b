package dev.blazen.llm.pricing;

import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.embedding.EmbeddingResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

class PricingRegistryTest {

    final PricingRegistry registry = PricingRegistry.seeded();

    static CompletionResponse response(String model, TokenUsage usage, Double cost) {
        return new CompletionResponse("text", List.of(), usage, model, "stop", cost, null, null);
    }

    @Test
    void seedsTheCommonModels() {
        assertThat(registry.lookup("gpt-4o")).contains(new ModelPrice(2.50, 10.00));
        assertThat(registry.lookup("gpt-4o-mini")).contains(new ModelPrice(0.15, 0.60));
        assertThat(registry.lookup("gpt-4.1")).contains(new ModelPrice(2.00, 8.00));
        assertThat(registry.lookup("gpt-4.1-mini")).contains(new ModelPrice(0.40, 1.60));
        assertThat(registry.lookup("o3-mini")).contains(new ModelPrice(1.10, 4.40));
        assertThat(registry.lookup("text-embedding-3-small")).contains(new ModelPrice(0.02, 0));
        assertThat(registry.lookup("text-embedding-3-large")).contains(new ModelPrice(0.13, 0));
        assertThat(registry.lookup("claude-sonnet-4-5")).contains(new ModelPrice(3.00, 15.00));
        assertThat(registry.lookup("claude-haiku-4-5")).contains(new ModelPrice(1.00, 5.00));
        assertThat(registry.lookup("claude-opus-4-1")).contains(new ModelPrice(15.00, 75.00));
        assertThat(registry.lookup("gemini-2.5-flash")).contains(new ModelPrice(0.30, 2.50));
        assertThat(registry.lookup("gemini-2.5-pro")).contains(new ModelPrice(1.25, 10.00));
    }

    @Test
    void providerAndPathPrefixesAreIgnored() {
        assertThat(registry.lookup("openai:gpt-4o-mini")).contains(new ModelPrice(0.15, 0.60));
        assertThat(registry.lookup("models/gemini-2.5-flash")).contains(new ModelPrice(0.30, 2.50));
        assertThat(registry.lookup("openai/gpt-4.1")).contains(new ModelPrice(2.00, 8.00));
        assertThat(registry.lookup("anthropic:claude-haiku-4-5")).contains(new ModelPrice(1.00, 5.00));
        assertThat(registry.lookup("  GPT-4o ")).contains(new ModelPrice(2.50, 10.00));
    }

    @Test
    void datedSnapshotsFindTheirFamily() {
        assertThat(registry.lookup("gpt-4o-2024-08-06")).contains(new ModelPrice(2.50, 10.00));
        assertThat(registry.lookup("gpt-4o-mini-2024-07-18")).contains(new ModelPrice(0.15, 0.60));
        assertThat(registry.lookup("claude-haiku-4-5-20251001")).contains(new ModelPrice(1.00, 5.00));
        assertThat(registry.lookup("claude-sonnet-4-5@20250929")).contains(new ModelPrice(3.00, 15.00));
        assertThat(registry.lookup("claude-3-7-sonnet-latest")).contains(new ModelPrice(3.00, 15.00));
        assertThat(registry.lookup("us.anthropic.claude-sonnet-4-5-20250929-v1:0")).contains(new ModelPrice(3.00, 15.00));
        assertThat(registry.lookup("openai:o3-mini-2025-01-31")).contains(new ModelPrice(1.10, 4.40));
    }

    @Test
    void noFuzzyMatchingBeyondTheRule() {
        assertThat(registry.lookup("gpt-4o-audio-preview")).isEmpty();
        assertThat(registry.lookup("gpt-4")).isEmpty();
        assertThat(registry.lookup("llama3:8b")).isEmpty();
        assertThat(registry.lookup("")).isEmpty();
        assertThat(registry.lookup(null)).isEmpty();
        assertThat(PricingRegistry.candidates("llama3:8b")).containsExactly("llama3:8b");
    }

    @Test
    void registeredPricesAreFoundAndAnExactSnapshotBeatsItsFamily() {
        registry.register("my-model", 1.0, 2.0);
        registry.register("gpt-4o-2024-05-13", 5.0, 15.0);
        registry.register("llama3:8b", 0.05, 0.05);

        assertThat(registry.lookup("My-Model")).contains(new ModelPrice(1.0, 2.0));
        assertThat(registry.lookup("custom:my-model")).contains(new ModelPrice(1.0, 2.0));
        assertThat(registry.lookup("gpt-4o-2024-05-13")).contains(new ModelPrice(5.0, 15.0));
        assertThat(registry.lookup("gpt-4o-2024-08-06")).contains(new ModelPrice(2.50, 10.00));
        assertThat(registry.lookup("llama3:8b")).contains(new ModelPrice(0.05, 0.05));

        registry.register("gpt-4o", 2.0, 8.0);
        assertThat(registry.lookup("gpt-4o-2024-08-06")).contains(new ModelPrice(2.0, 8.0));
        assertThat(PricingRegistry.seeded().lookup("gpt-4o")).as("registries are independent")
                .contains(new ModelPrice(2.50, 10.00));
    }

    @Test
    void costIsPricePerMillionTimesTokens() {
        assertThat(registry.cost("gpt-4o", TokenUsage.of(1000, 500))).isCloseTo(0.0075, offset(1e-12));
        assertThat(registry.cost("gpt-4o-mini", TokenUsage.of(1_000_000, 1_000_000))).isCloseTo(0.75, offset(1e-12));
        assertThat(registry.cost("text-embedding-3-small", TokenUsage.of(2_000_000, 0))).isCloseTo(0.04, offset(1e-12));
        assertThat(registry.cost("unknown-model", TokenUsage.of(10, 10))).isNull();
        assertThat(registry.cost("gpt-4o", null)).isNull();
    }

    @Test
    void applyFillsAMissingCostOnly() {
        CompletionResponse unpriced = response("gpt-4o-2024-08-06", TokenUsage.of(1000, 500), null);
        assertThat(registry.apply(unpriced).cost()).isCloseTo(0.0075, offset(1e-12));

        CompletionResponse reported = response("gpt-4o", TokenUsage.of(1000, 500), 0.5);
        assertThat(registry.apply(reported)).isSameAs(reported);

        CompletionResponse unknown = response("mystery", TokenUsage.of(1, 1), null);
        assertThat(registry.apply(unknown).cost()).isNull();

        CompletionResponse noModel = response(null, TokenUsage.of(1_000_000, 0), null);
        assertThat(registry.apply(noModel, "claude-haiku-4-5").cost()).isCloseTo(1.0, offset(1e-12));

        EmbeddingResponse embedding = new EmbeddingResponse(List.of(new float[] {1f}), "text-embedding-3-large",
                TokenUsage.of(1_000_000, 0), null, null, null);
        assertThat(registry.apply(embedding).cost()).isCloseTo(0.13, offset(1e-12));
        assertThat(registry.apply(embedding).embeddings()).hasSize(1);
    }

    @Test
    void theGlobalRegistryIsSeededAndSharedAndPricesMustBeSane() {
        assertThat(PricingRegistry.global()).isSameAs(PricingRegistry.global());
        assertThat(PricingRegistry.global().lookup("gpt-4.1-mini")).isPresent();
        assertThat(PricingRegistry.empty().lookup("gpt-4o")).isEmpty();
        assertThatThrownBy(() -> registry.register("x", -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register("x", Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register(" ", 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
