package dev.blazen.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The result of a chat completion.
 *
 * @param content      the assistant's text, or null when it only called tools
 * @param finishReason why generation stopped, as the provider said it (stop, length, tool_calls, end_turn, ...)
 * @param cost         estimated cost in USD, when the model's price is known
 * @param metadata     provider-specific extras (ids, raw stop reasons), or null
 */
public record CompletionResponse(String content, List<ToolCall> toolCalls, TokenUsage usage, String model,
        String finishReason, Double cost, RequestTiming timing, JsonNode metadata) {

    public CompletionResponse {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public CompletionResponse withCost(Double value) {
        return new CompletionResponse(content, toolCalls, usage, model, finishReason, value, timing, metadata);
    }

    public CompletionResponse withTiming(RequestTiming value) {
        return new CompletionResponse(content, toolCalls, usage, model, finishReason, cost, value, metadata);
    }
}
