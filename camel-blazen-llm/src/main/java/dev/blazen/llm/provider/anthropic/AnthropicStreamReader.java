package dev.blazen.llm.provider.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.error.CompletionError;
import dev.blazen.llm.http.ApiKey;
import dev.blazen.llm.http.SseEvent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.blazen.llm.http.HttpTransport.JSON;

/**
 * Follows the named events of a Messages API stream: message_start (id, model, input usage), content_block_start /
 * content_block_delta / content_block_stop per block index (text deltas go to the sink at once; a tool_use block's
 * input_json_delta pieces are joined and the call is handed on when its block stops), message_delta (stop reason,
 * output usage), message_stop (the end), ping, and error (thrown as its typed error). A stream that ends before
 * message_stop, or an event that is not JSON, is a {@link CompletionError.Kind#STREAM} error.
 */
final class AnthropicStreamReader implements Consumer<SseEvent> {

    /** A tool_use block whose input is still arriving. */
    private static final class ToolBlock {
        final String id;
        final String name;
        final JsonNode startInput;
        final StringBuilder json = new StringBuilder();

        ToolBlock(String id, String name, JsonNode startInput) {
            this.id = id;
            this.name = name;
            this.startInput = startInput;
        }
    }

    private final StreamSink sink;
    private final ApiKey key;
    private final MessageAssembly assembly;
    private final Map<Integer, ToolBlock> toolBlocks = new HashMap<>();
    private boolean started;
    private boolean stopped;

    AnthropicStreamReader(StreamSink sink, StructuredOutput structured, ApiKey key) {
        this.sink = sink;
        this.key = key;
        this.assembly = new MessageAssembly(structured);
    }

    @Override
    public void accept(SseEvent event) {
        if (stopped) {
            return;
        }
        JsonNode data = parse(event);
        String type = event.event() != null ? event.event() : data.path("type").asText();
        switch (type) {
            case "message_start" -> {
                started = true;
                assembly.start(data.path("message"));
            }
            case "content_block_start" -> blockStart(index(data), data.path("content_block"));
            case "content_block_delta" -> blockDelta(index(data), data.path("delta"));
            case "content_block_stop" -> blockStop(index(data));
            case "message_delta" -> {
                JsonNode delta = data.path("delta");
                assembly.stop(delta.path("stop_reason").asText(null), delta.path("stop_sequence").asText(null));
                assembly.usage(data.path("usage"));
            }
            case "message_stop" -> {
                stopped = true;
                sink.onChunk(new StreamChunk(null, List.of(), assembly.stopReason(), assembly.tokenUsage()));
            }
            case "error" -> throw AnthropicErrors.fromErrorObject(data.path("error"), key);
            default -> {
                // ping keeps the connection alive; event types added later are to be ignored, as the API asks
            }
        }
    }

    /** The assembled response, once the stream has ended; {@code cleanEnd} is false when it broke off mid-event. */
    CompletionResponse finish(boolean cleanEnd, RequestTiming timing) {
        if (!cleanEnd || !stopped) {
            throw new CompletionError(CompletionError.Kind.STREAM, "the stream ended before message_stop");
        }
        return assembly.response(timing);
    }

    private void blockStart(int index, JsonNode block) {
        requireStarted("content_block_start");
        String type = block.path("type").asText();
        if (type.equals("text")) {
            text(block.path("text").asText(""));
        } else if (type.equals("tool_use")) {
            toolBlocks.put(index, new ToolBlock(block.path("id").asText(), block.path("name").asText(), block.path("input")));
        }
    }

    private void blockDelta(int index, JsonNode delta) {
        requireStarted("content_block_delta");
        String type = delta.path("type").asText();
        if (type.equals("text_delta")) {
            text(delta.path("text").asText(""));
        } else if (type.equals("input_json_delta")) {
            ToolBlock block = toolBlocks.get(index);
            if (block == null) {
                throw new CompletionError(CompletionError.Kind.STREAM, "input_json_delta for block " + index
                        + ", which is not a started tool_use block");
            }
            String piece = delta.path("partial_json").asText("");
            block.json.append(piece);
            if (assembly.isStructured(block.name) && !assembly.structured().wrapped()) {
                // the answer is this JSON: it streams like text
                sink.onChunk(StreamChunk.text(piece));
            }
        }
        // thinking and signature deltas are not part of the answer
    }

    private void blockStop(int index) {
        ToolBlock block = toolBlocks.remove(index);
        if (block == null) {
            return;
        }
        // a call without arguments may stream no input pieces at all: its input is the (empty) object it started with
        JsonNode input = !block.json.isEmpty() ? parseInput(block)
                : block.startInput.isObject() ? block.startInput : JSON.createObjectNode();
        if (assembly.isStructured(block.name)) {
            if (assembly.structured().wrapped()) {
                String answer = assembly.structured().answer(input);
                assembly.structuredAnswer(answer);
                sink.onChunk(StreamChunk.text(answer));
            } else {
                // the same text the sink has seen, piece by piece
                assembly.structuredAnswer(block.json.isEmpty() ? input.toString() : block.json.toString());
            }
            return;
        }
        assembly.toolUse(block.id, block.name, input);
        sink.onChunk(new StreamChunk(null, List.of(new ToolCall(block.id, block.name, input)), null, null));
    }

    private void text(String delta) {
        if (delta.isEmpty() || assembly.structured() != null) {
            return;
        }
        assembly.appendText(delta);
        sink.onChunk(StreamChunk.text(delta));
    }

    private void requireStarted(String event) {
        if (!started) {
            throw new CompletionError(CompletionError.Kind.STREAM, event + " before message_start");
        }
    }

    private static int index(JsonNode data) {
        JsonNode index = data.path("index");
        if (!index.canConvertToInt()) {
            throw new CompletionError(CompletionError.Kind.STREAM, "a content block event without an index");
        }
        return index.asInt();
    }

    private static JsonNode parseInput(ToolBlock block) {
        try {
            JsonNode input = JSON.readTree(block.json.toString());
            if (input == null || !input.isObject()) {
                throw new CompletionError(CompletionError.Kind.STREAM, "the input of tool '" + block.name
                        + "' is not a JSON object");
            }
            return input;
        } catch (JsonProcessingException e) {
            throw new CompletionError(CompletionError.Kind.STREAM, "the streamed input of tool '" + block.name
                    + "' is not valid JSON");
        }
    }

    private static JsonNode parse(SseEvent event) {
        try {
            JsonNode data = JSON.readTree(event.data());
            if (data == null || !data.isObject()) {
                throw new CompletionError(CompletionError.Kind.STREAM, "event '" + event.event() + "' is not a JSON object");
            }
            return data;
        } catch (JsonProcessingException e) {
            throw new CompletionError(CompletionError.Kind.STREAM, "event '" + event.event() + "' has malformed JSON");
        }
    }
}
