package dev.blazen.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool the model may call: its name, what it does, and a JSON Schema of its parameters. */
public record ToolDefinition(String name, String description, JsonNode parameters) {
}
