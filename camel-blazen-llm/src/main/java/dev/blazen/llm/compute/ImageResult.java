package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.RequestTiming;

import java.util.List;

public record ImageResult(List<GeneratedImage> images, RequestTiming timing, Double cost, JsonNode metadata) {
}
