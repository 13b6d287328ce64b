package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;

/** Music or sound-effect generation. */
public record MusicRequest(String prompt, Double durationSeconds, String model, JsonNode parameters) {
}
