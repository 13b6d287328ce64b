package dev.blazen.llm.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blazen.llm.http.HttpTransport;

/**
 * What a tool returned: {@code data} is what callers see; {@code llmOverride}, when set, is what the model sees on
 * the next turn instead of {@code data}.
 */
public record ToolOutput(JsonNode data, LlmPayload llmOverride) {

    public ToolOutput {
        data = data == null ? NullNode.getInstance() : data;
    }

    /** Data the model sees in its provider's default form. */
    public static ToolOutput of(JsonNode data) {
        return new ToolOutput(data, null);
    }

    /** Any Jackson-serialisable value (a ToolOutput is returned as it is). */
    public static ToolOutput ofValue(Object value) {
        if (value instanceof ToolOutput output) {
            return output;
        }
        return of(value instanceof JsonNode node ? node : HttpTransport.JSON.valueToTree(value));
    }

    public static ToolOutput withOverride(JsonNode data, LlmPayload llmOverride) {
        return new ToolOutput(data, llmOverride);
    }
}
