package dev.blazen.llm.tool;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.chat.ToolCall;

import java.util.List;

/** Turns a tool's output into the tool-role message the model sees next turn. */
public final class ToolResults {

    private ToolResults() {
    }

    /**
     * @param provider the id of the provider the message goes to, for {@link LlmPayload.ProviderRaw}; may be null
     */
    public static ChatMessage message(ToolCall call, ToolOutput output, String provider) {
        LlmPayload payload = output.llmOverride();
        if (payload instanceof LlmPayload.Text text) {
            return ChatMessage.toolResult(call.id(), call.name(), TextNode.valueOf(text.text()));
        }
        if (payload instanceof LlmPayload.Json json) {
            return ChatMessage.toolResult(call.id(), call.name(), json.value());
        }
        if (payload instanceof LlmPayload.Parts parts) {
            return new ChatMessage(Role.TOOL, parts.parts(), List.of(), null, call.name(), call.id());
        }
        if (payload instanceof LlmPayload.ProviderRaw raw && raw.provider().equalsIgnoreCase(String.valueOf(provider))) {
            return ChatMessage.toolResult(call.id(), call.name(), raw.value());
        }
        return ChatMessage.toolResult(call.id(), call.name(), output.data());
    }

    /** The error result the model sees when a tool failed or does not exist. */
    public static ChatMessage error(ToolCall call, String message) {
        return ChatMessage.toolResult(call.id(), call.name(), TextNode.valueOf("Error: " + message));
    }
}
