package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.RequestTiming;

import java.util.List;

public record VideoResult(List<GeneratedVideo> videos, RequestTiming timing, Double cost, JsonNode metadata) {
}
