package dev.blazen.llm.provider;

import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.local.LocalModelFactory;

import java.util.List;
import java.util.Optional;

/** A LocalModelFactory registered for tests: "letters" embeds a text as [length, vowels]. */
public class CountingLocalModels implements LocalModelFactory {

    @Override
    public Optional<EmbeddingModel> embedding(String name) {
        if (!"letters".equals(name)) {
            return Optional.empty();
        }
        return Optional.of(new EmbeddingModel() {
            @Override
            public String modelId() {
                return "letters";
            }

            @Override
            public int dimensions() {
                return 2;
            }

            @Override
            public EmbeddingResponse embed(List<String> texts) {
                return new EmbeddingResponse(texts.stream()
                        .map(t -> new float[] {t.length(), t.replaceAll("[^aeiou]", "").length()}).toList(),
                        "letters", TokenUsage.ZERO, null, null, null);
            }
        });
    }
}
