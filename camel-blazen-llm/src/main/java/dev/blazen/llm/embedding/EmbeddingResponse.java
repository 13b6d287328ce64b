package dev.blazen.llm.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.TokenUsage;

import java.util.List;

/** Embedding vectors, one per input text, in input order. */
public record EmbeddingResponse(List<float[]> embeddings, String model, TokenUsage usage, Double cost,
        RequestTiming timing, JsonNode metadata) {

    public EmbeddingResponse {
        embeddings = embeddings == null ? List.of() : List.copyOf(embeddings);
    }
}
