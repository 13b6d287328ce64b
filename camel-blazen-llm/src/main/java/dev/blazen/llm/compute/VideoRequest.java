package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;

/** Text-to-video, or image-to-video when {@code imageUrl} is set. */
public record VideoRequest(String prompt, String imageUrl, Double durationSeconds, String negativePrompt, Integer width,
        Integer height, String model, JsonNode parameters) {

    public static VideoRequest of(String prompt) {
        return new VideoRequest(prompt, null, null, null, null, null, null, null);
    }
}
