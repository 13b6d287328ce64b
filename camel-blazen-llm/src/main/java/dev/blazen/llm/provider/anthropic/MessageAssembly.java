package dev.blazen.llm.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.error.CompletionError;

import java.util.ArrayList;
import java.util.List;

import static dev.blazen.llm.http.HttpTransport.JSON;

/**
 * Collects one Anthropic message, from a whole response or from its stream events, into a {@link CompletionResponse}:
 * text blocks joined, tool_use blocks as tool calls (or as the answer, for structured output), the stop reason, usage
 * and ids.
 */
final class MessageAssembly {

    private final StructuredOutput structured;
    private final StringBuilder text = new StringBuilder();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private String structuredAnswer;
    private String id;
    private String model;
    private String stopReason;
    private String stopSequence;
    private Long inputTokens;
    private Long outputTokens;
    private Long cacheCreationInputTokens;
    private Long cacheReadInputTokens;

    MessageAssembly(StructuredOutput structured) {
        this.structured = structured;
    }

    /** Parses a whole (non-streamed) Messages API response. */
    static CompletionResponse parse(JsonNode message, StructuredOutput structured, RequestTiming timing) {
        JsonNode content = message.path("content");
        if (!content.isArray()) {
            throw new CompletionError(CompletionError.Kind.INVALID_RESPONSE, "the message has no content array");
        }
        MessageAssembly assembly = new MessageAssembly(structured);
        assembly.start(message);
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            if (type.equals("text")) {
                assembly.appendText(block.path("text").asText());
            } else if (type.equals("tool_use")) {
                assembly.toolUse(block.path("id").asText(), block.path("name").asText(), block.path("input"));
            }
            // thinking and server-tool blocks carry nothing the provider-neutral response holds
        }
        assembly.stop(message.path("stop_reason").asText(null), message.path("stop_sequence").asText(null));
        return assembly.response(timing);
    }

    /** The message envelope: of a whole response, or of a message_start event. */
    void start(JsonNode message) {
        id = message.path("id").asText(null);
        model = message.path("model").asText(null);
        usage(message.path("usage"));
    }

    boolean isStructured(String toolName) {
        return structured != null && StructuredOutput.TOOL_NAME.equals(toolName);
    }

    StructuredOutput structured() {
        return structured;
    }

    void appendText(String delta) {
        text.append(delta);
    }

    /** A complete tool_use block: a tool call, or the structured answer when it is the forced tool. */
    void toolUse(String callId, String name, JsonNode input) {
        JsonNode arguments = input == null || input.isMissingNode() || input.isNull() ? JSON.createObjectNode() : input;
        if (isStructured(name)) {
            structuredAnswer = structured.answer(arguments);
        } else {
            toolCalls.add(new ToolCall(callId, name, arguments));
        }
    }

    void structuredAnswer(String json) {
        structuredAnswer = json;
    }

    /** Usage counts are cumulative: each report replaces the fields it has. */
    void usage(JsonNode usage) {
        inputTokens = count(usage, "input_tokens", inputTokens);
        outputTokens = count(usage, "output_tokens", outputTokens);
        cacheCreationInputTokens = count(usage, "cache_creation_input_tokens", cacheCreationInputTokens);
        cacheReadInputTokens = count(usage, "cache_read_input_tokens", cacheReadInputTokens);
    }

    private static Long count(JsonNode usage, String field, Long previous) {
        JsonNode value = usage.path(field);
        return value.isNumber() ? Long.valueOf(value.asLong()) : previous;
    }

    void stop(String reason, String sequence) {
        if (reason != null) {
            stopReason = reason;
        }
        if (sequence != null) {
            stopSequence = sequence;
        }
    }

    String stopReason() {
        return stopReason;
    }

    TokenUsage tokenUsage() {
        if (inputTokens == null && outputTokens == null) {
            return null;
        }
        return TokenUsage.of(inputTokens == null ? 0 : inputTokens, outputTokens == null ? 0 : outputTokens);
    }

    CompletionResponse response(RequestTiming timing) {
        String content;
        if (structured != null) {
            if (structuredAnswer == null) {
                throw new CompletionError(CompletionError.Kind.NO_CONTENT, "the model did not call the "
                        + StructuredOutput.TOOL_NAME + " tool (stop_reason " + stopReason + ")");
            }
            content = structuredAnswer;
        } else {
            content = text.length() == 0 ? null : text.toString();
        }
        return new CompletionResponse(content, toolCalls, tokenUsage(), model, stopReason, null, timing, metadata());
    }

    private ObjectNode metadata() {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("id", id);
        metadata.put("stop_reason", stopReason);
        if (stopSequence != null) {
            metadata.put("stop_sequence", stopSequence);
        }
        if (cacheCreationInputTokens != null) {
            metadata.put("cache_creation_input_tokens", cacheCreationInputTokens);
        }
        if (cacheReadInputTokens != null) {
            metadata.put("cache_read_input_tokens", cacheReadInputTokens);
        }
        return metadata;
    }
}
