package dev.blazen.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One message of a conversation.
 *
 * @param content    text, image and file parts (a plain text message is one text part)
 * @param toolCalls  tool invocations an assistant message asks for; empty otherwise
 * @param toolResult the structured result of a tool-role message when it is not plain text; plain text results are
 *                   the content
 * @param name       the tool name, for tool-role messages
 * @param toolCallId the id of the {@link ToolCall} a tool-role message answers
 */
public record ChatMessage(Role role, List<ContentPart> content, List<ToolCall> toolCalls, JsonNode toolResult,
        String name, String toolCallId) {

    public ChatMessage {
        if (role == null) {
            throw new IllegalArgumentException("a message needs a role");
        }
        content = content == null ? List.of() : List.copyOf(content);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChatMessage system(String text) {
        return of(Role.SYSTEM, text);
    }

    public static ChatMessage user(String text) {
        return of(Role.USER, text);
    }

    public static ChatMessage assistant(String text) {
        return of(Role.ASSISTANT, text);
    }

    /** An assistant turn that asked for tools (with optional text). */
    public static ChatMessage assistantToolCalls(String text, List<ToolCall> calls) {
        return new ChatMessage(Role.ASSISTANT, text == null || text.isEmpty() ? List.of() : List.of(new ContentPart.Text(text)),
                calls, null, null, null);
    }

    public static ChatMessage userParts(List<ContentPart> parts) {
        return new ChatMessage(Role.USER, parts, List.of(), null, null, null);
    }

    public static ChatMessage userImageUrl(String text, String url, String mediaType) {
        return userParts(List.of(new ContentPart.Text(text), ContentPart.imageUrl(url, mediaType)));
    }

    public static ChatMessage userImageBase64(String text, String data, String mediaType) {
        return userParts(List.of(new ContentPart.Text(text), ContentPart.imageBase64(data, mediaType)));
    }

    /** A tool result: a JSON string becomes the text content, anything else the structured {@code toolResult}. */
    public static ChatMessage toolResult(String callId, String toolName, JsonNode output) {
        if (output != null && output.isTextual()) {
            return new ChatMessage(Role.TOOL, List.of(new ContentPart.Text(output.asText())), List.of(), null, toolName, callId);
        }
        return new ChatMessage(Role.TOOL, List.of(), List.of(), output, toolName, callId);
    }

    private static ChatMessage of(Role role, String text) {
        return new ChatMessage(role, List.of(new ContentPart.Text(text == null ? "" : text)), List.of(), null, null, null);
    }

    /** All text parts joined; empty when there is none. */
    public String text() {
        return content.stream().filter(ContentPart.Text.class::isInstance).map(p -> ((ContentPart.Text) p).text())
                .collect(Collectors.joining());
    }

    /** True when the content is a single text part (or empty): the plain form most wire formats accept. */
    public boolean isTextOnly() {
        return content.stream().allMatch(ContentPart.Text.class::isInstance);
    }

    /** The tool result as a provider sends it by default: the structured result as JSON text, or the text content. */
    public String toolResultText() {
        return toolResult != null ? toolResult.toString() : text();
    }
}
