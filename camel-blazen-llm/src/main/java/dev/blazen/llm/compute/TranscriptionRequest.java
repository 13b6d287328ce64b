package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;

public record TranscriptionRequest(String audioUrl, String language, boolean diarize, String model, JsonNode parameters) {

    public static TranscriptionRequest of(String audioUrl) {
        return new TranscriptionRequest(audioUrl, null, false, null, null);
    }
}
