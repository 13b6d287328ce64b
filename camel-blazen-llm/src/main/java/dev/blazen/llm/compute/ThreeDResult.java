package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.RequestTiming;

import java.util.List;

public record ThreeDResult(List<Generated3DModel> models, RequestTiming timing, Double cost, JsonNode metadata) {
}
