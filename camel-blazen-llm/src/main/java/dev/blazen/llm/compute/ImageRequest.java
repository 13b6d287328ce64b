package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;

/** Text-to-image. {@code parameters} carries provider-specific extras. */
public record ImageRequest(String prompt, String negativePrompt, Integer width, Integer height, Integer numImages,
        String model, JsonNode parameters) {

    public static ImageRequest of(String prompt) {
        return new ImageRequest(prompt, null, null, null, null, null, null);
    }
}
