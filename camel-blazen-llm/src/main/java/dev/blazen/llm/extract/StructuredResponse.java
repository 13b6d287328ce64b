package dev.blazen.llm.extract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.TokenUsage;

/**
 * The result of a structured-output extraction: the validated data and the metadata of the completion that
 * produced it.
 *
 * @param data     the extracted value, of the schema's type ({@link JsonNode} for JSON Schema sources)
 * @param cost     estimated cost in USD, when the model's price is known
 * @param metadata provider-specific extras, or null
 */
public record StructuredResponse<T>(T data, TokenUsage usage, String model, Double cost, RequestTiming timing,
        JsonNode metadata) {
}
