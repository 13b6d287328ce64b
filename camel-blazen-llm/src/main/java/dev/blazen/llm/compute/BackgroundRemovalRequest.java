package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;

public record BackgroundRemovalRequest(String imageUrl, String model, JsonNode parameters) {
}
