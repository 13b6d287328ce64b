package dev.blazen.llm.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ContentPart;

import java.util.List;

/** What the model sees of a tool result when it should differ from the tool's data. */
public sealed interface LlmPayload {

    record Text(String text) implements LlmPayload {
    }

    record Json(JsonNode value) implements LlmPayload {
    }

    /** Text, image and file parts: each provider's codec writes them in its own multimodal tool-result shape. */
    record Parts(List<ContentPart> parts) implements LlmPayload {
        public Parts {
            parts = List.copyOf(parts);
        }
    }

    /**
     * A value in one provider's own tool-result form, sent only to that provider (matched against
     * {@code CustomProvider.providerId()}); every other provider gets the tool's data.
     */
    record ProviderRaw(String provider, JsonNode value) implements LlmPayload {
    }
}
