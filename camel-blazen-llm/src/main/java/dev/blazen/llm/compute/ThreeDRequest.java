package dev.blazen.llm.compute;

import com.fasterxml.jackson.databind.JsonNode;

/** Text-to-3D, or image-to-3D when {@code imageUrl} is set; {@code format} such as glb, obj, usdz. */
public record ThreeDRequest(String prompt, String imageUrl, String format, String model, JsonNode parameters) {
}
