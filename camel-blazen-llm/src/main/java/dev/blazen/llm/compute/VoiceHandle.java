package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;

/** A voice in a provider's voice library. */
public record VoiceHandle(String id, String name, String provider, String language, JsonNode metadata) {
}
