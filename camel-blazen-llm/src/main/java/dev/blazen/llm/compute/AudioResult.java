package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.RequestTiming;

import java.util.List;

public record AudioResult(List<GeneratedAudio> audio, RequestTiming timing, Double cost, JsonNode metadata) {
}
