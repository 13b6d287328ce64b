package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;

public record UpscaleRequest(String imageUrl, double scale, String model, JsonNode parameters) {
}
