package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Creates a reusable voice from reference recordings. */
public record VoiceCloneRequest(String name, List<String> sampleUrls, String description, String language, String model,
        JsonNode parameters) {
}
