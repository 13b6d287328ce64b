package dev.blazen.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool invocation the model asked for. {@code arguments} is a JSON object. */
public record ToolCall(String id, String name, JsonNode arguments) {
}
