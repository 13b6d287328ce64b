package dev.blazen.llm.provider.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.error.CompletionError;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.http.SseEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads the server-sent events of a streamed chat completion: text deltas go to the sink as they come; tool-call
 * fragments (id and name first, then pieces of the argument string, keyed by index) are assembled and handed over as
 * complete calls with the finish reason; usage comes with the finish chunk or on a trailing chunk of its own (OpenAI
 * sends it after the finish reason when {@code include_usage} is set). One instance reads one stream.
 */
final class ChatStreamAssembler {

    private final ChatCompletionsCodec codec;
    private final StreamSink sink;
    private final String requestedModel;
    private final long startNanos;

    private final StringBuilder content = new StringBuilder();
    private final TreeMap<Integer, PendingCall> pendingCalls = new TreeMap<>();
    private final List<ToolCall> toolCalls = new ArrayList<>();
    private String finishReason;
    private TokenUsage usage;
    private String model;
    private String id;
    private boolean done;

    ChatStreamAssembler(ChatCompletionsCodec codec, StreamSink sink, String requestedModel, long startNanos) {
        this.codec = codec;
        this.sink = sink;
        this.requestedModel = requestedModel;
        this.startNanos = startNanos;
    }

    void accept(SseEvent event) {
        if (done) {
            return;
        }
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            done = true;
            return;
        }
        if (data.isEmpty()) {
            return;
        }
        JsonNode chunk = parse(data);
        JsonNode error = chunk.get("error");
        boolean hasError = error != null && !error.isNull();
        if ("error".equals(event.event()) || hasError) {
            throw codec.errorFor(hasError ? error : chunk);
        }
        if (chunk.path("id").isTextual()) {
            id = chunk.path("id").asText();
        }
        if (chunk.path("model").isTextual()) {
            model = chunk.path("model").asText();
        }
        TokenUsage chunkUsage = ChatCompletionsCodec.usage(chunk.get("usage"));
        if (chunkUsage == null) {
            // Groq reports stream usage in its own extension object on the last chunk
            chunkUsage = ChatCompletionsCodec.usage(chunk.path("x_groq").get("usage"));
        }
        if (chunkUsage != null) {
            usage = chunkUsage;
        }
        JsonNode choice = chunk.path("choices").path(0);
        String delta = null;
        String chunkFinish = null;
        List<ToolCall> completed = List.of();
        if (choice.isObject()) {
            JsonNode deltaNode = choice.path("delta");
            if (deltaNode.path("content").isTextual() && !deltaNode.path("content").asText().isEmpty()) {
                delta = deltaNode.path("content").asText();
                content.append(delta);
            }
            int position = 0;
            for (JsonNode fragment : deltaNode.path("tool_calls")) {
                fragment(fragment, position++);
            }
            if (choice.path("finish_reason").isTextual()) {
                chunkFinish = choice.path("finish_reason").asText();
                finishReason = chunkFinish;
                completed = completeCalls();
            }
        }
        if (delta != null || chunkFinish != null) {
            sink.onChunk(new StreamChunk(delta, completed, chunkFinish, chunkFinish != null ? usage : null));
        } else if (chunkUsage != null && finishReason != null) {
            sink.onChunk(new StreamChunk(null, List.of(), null, chunkUsage));
        }
    }

    /** The assembled answer once the stream has ended; a stream cut short is a STREAM error, never a partial answer. */
    CompletionResponse finish(boolean endedCleanly) {
        if (!done && !endedCleanly) {
            throw new CompletionError(CompletionError.Kind.STREAM,
                    codec.provider() + " stream broke off in the middle of an event");
        }
        if (!done && finishReason == null) {
            throw new CompletionError(CompletionError.Kind.STREAM,
                    codec.provider() + " stream ended before the answer was complete (no finish_reason and no [DONE])");
        }
        if (finishReason == null) {
            // [DONE] without a finish reason: calls still pending are complete now
            completeCalls();
        }
        ObjectNode metadata = HttpTransport.JSON.createObjectNode().put("provider", codec.provider());
        if (id != null) {
            metadata.put("id", id);
        }
        return new CompletionResponse(content.isEmpty() ? null : content.toString(), toolCalls, usage,
                model != null ? model : requestedModel, finishReason, null,
                RequestTiming.total(ChatCompletionsCodec.elapsedMs(startNanos)), metadata);
    }

    private JsonNode parse(String data) {
        try {
            JsonNode node = HttpTransport.JSON.readTree(data);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw new CompletionError(CompletionError.Kind.STREAM,
                codec.provider() + " sent a stream event that is not a JSON object: " + ChatCompletionsCodec.abbreviate(data));
    }

    private void fragment(JsonNode fragment, int position) {
        String fragmentId = fragment.path("id").asText(null);
        int index;
        if (fragment.has("index")) {
            index = fragment.path("index").asInt();
        } else if (fragmentId != null && pendingCalls.values().stream().noneMatch(c -> fragmentId.equals(c.id))) {
            // servers that leave out the index start each call with its id
            index = pendingCalls.isEmpty() ? position : pendingCalls.lastKey() + 1;
        } else {
            index = pendingCalls.isEmpty() ? position : pendingCalls.lastKey();
        }
        PendingCall call = pendingCalls.computeIfAbsent(index, i -> new PendingCall());
        if (fragmentId != null && !fragmentId.isEmpty()) {
            call.id = fragmentId;
        }
        JsonNode function = fragment.path("function");
        if (function.path("name").isTextual() && !function.path("name").asText().isEmpty()) {
            call.name = function.path("name").asText();
        }
        JsonNode arguments = function.get("arguments");
        if (arguments != null && arguments.isTextual()) {
            call.arguments.append(arguments.asText());
        } else if (arguments != null && arguments.isObject()) {
            call.arguments.append(arguments);
        }
    }

    private List<ToolCall> completeCalls() {
        List<ToolCall> calls = new ArrayList<>();
        pendingCalls.forEach((index, call) -> {
            if (call.name == null) {
                throw new CompletionError(CompletionError.Kind.STREAM,
                        codec.provider() + " streamed a tool call (index " + index + ") without a function name");
            }
            calls.add(new ToolCall(call.id != null ? call.id : "call_" + index, call.name,
                    codec.parseArguments(call.name, call.arguments.toString())));
        });
        pendingCalls.clear();
        toolCalls.addAll(calls);
        return calls;
    }

    private static final class PendingCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }
}
