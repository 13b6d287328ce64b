package dev.blazen.llm.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.CompletionError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.http.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.blazen.llm.http.HttpTransport.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicStreamTest {

    static final String KEY = "sk-ant-stream-secret-0123456789";
    static final String MESSAGE_START = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","type":"message",\
            "role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","stop_reason":null,\
            "stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}""";
    static final String PING = "event: ping\ndata: {\"type\": \"ping\"}";
    static final String MESSAGE_STOP = "event: message_stop\ndata: {\"type\":\"message_stop\"}";

    final WireServer server = new WireServer();
    final AnthropicProvider provider = AnthropicProvider.builder().apiKey(KEY).baseUrl(server.baseUrl()).build();
    final List<StreamChunk> chunks = new ArrayList<>();

    AnthropicStreamTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data;
    }

    static String textStart(int index) {
        return event("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    }

    static String textDelta(int index, String text) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":" + JSON.getNodeFactory().textNode(text) + "}}");
    }

    static String toolStart(int index, String id, String name) {
        return event("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":{}}}");
    }

    static String jsonDelta(int index, String piece) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + JSON.getNodeFactory().textNode(piece) + "}}");
    }

    static String blockStop(int index) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    static String messageDelta(String stopReason, int outputTokens) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}");
    }

    static JsonNode json(String text) {
        return AnthropicProviderTest.json(text);
    }

    CompletionResponse stream(CompletionRequest request) {
        return provider.stream(request, chunks::add);
    }

    @Test
    void streamsTextThroughEveryEventType() {
        server.reply(WireServer.Reply.sse(List.of(MESSAGE_START, textStart(0), PING, textDelta(0, "Hel"),
                textDelta(0, "lo!"), blockStop(0), messageDelta("end_turn", 15), MESSAGE_STOP)));

        CompletionResponse response = stream(CompletionRequest.of(ChatMessage.system("Be kind."), ChatMessage.user("Hi")));

        WireServer.Recorded request = server.lastRequest();
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.headers()).containsEntry("x-api-key", KEY).containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("accept", "text/event-stream");
        assertThat(request.json().path("stream").asBoolean()).isTrue();
        assertThat(request.json().path("system").asText()).isEqualTo("Be kind.");

        assertThat(chunks).extracting(StreamChunk::delta).containsExactly("Hel", "lo!", null);
        StreamChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.finishReason()).isEqualTo("end_turn");
        assertThat(last.usage()).isEqualTo(TokenUsage.of(25, 15));

        assertThat(response.content()).isEqualTo("Hello!");
        assertThat(response.finishReason()).isEqualTo("end_turn");
        assertThat(response.usage()).isEqualTo(TokenUsage.of(25, 15));
        assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(response.metadata().path("id").asText()).isEqualTo("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY");
        assertThat(response.toolCalls()).isEmpty();
        assertThat(response.timing().totalMs()).isNotNull();
    }

    @Test
    void assemblesStreamedToolInputPerBlock() {
        server.reply(WireServer.Reply.sse(List.of(MESSAGE_START, PING,
                textStart(0), textDelta(0, "Checking."), blockStop(0),
                toolStart(1, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"),
                jsonDelta(1, ""), jsonDelta(1, "{\"loc"), jsonDelta(1, "ation\": \"San Fra"),
                jsonDelta(1, "ncisco, CA\", \"unit\": \"fah"), jsonDelta(1, "renheit\"}"), blockStop(1),
                toolStart(2, "toolu_02", "get_time"), blockStop(2),
                messageDelta("tool_use", 89), MESSAGE_STOP)));

        CompletionResponse response = stream(CompletionRequest.of(ChatMessage.user("Weather in SF?"))
                .withTools(List.of(new ToolDefinition("get_weather", "weather", null), new ToolDefinition("get_time", null, null))));

        ToolCall weather = new ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather",
                json("{\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"}"));
        ToolCall time = new ToolCall("toolu_02", "get_time", json("{}"));
        assertThat(response.toolCalls()).containsExactly(weather, time);
        assertThat(response.content()).isEqualTo("Checking.");
        assertThat(response.finishReason()).isEqualTo("tool_use");
        assertThat(response.usage()).isEqualTo(TokenUsage.of(25, 89));
        // each call reaches the sink once, when its block is complete
        assertThat(chunks).flatExtracting(StreamChunk::toolCalls).containsExactly(weather, time);
        assertThat(chunks).extracting(StreamChunk::delta).containsExactly("Checking.", null, null, null);
        assertThat(server.lastRequest().json().at("/tools/0/input_schema/type").asText()).isEqualTo("object");
    }

    @Test
    void streamsStructuredOutputAsText() {
        server.reply(WireServer.Reply.sse(List.of(MESSAGE_START, toolStart(0, "toolu_S", "structured_output"),
                jsonDelta(0, "{\"answer\""), jsonDelta(0, ": 42}"), blockStop(0), messageDelta("tool_use", 9), MESSAGE_STOP)));

        CompletionResponse response = stream(CompletionRequest.of(ChatMessage.user("6 x 7"))
                .withResponseFormat(json("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"integer\"}}}")));

        assertThat(server.lastRequest().json().path("tool_choice"))
                .isEqualTo(json("{\"type\":\"tool\",\"name\":\"structured_output\"}"));
        assertThat(chunks).extracting(StreamChunk::delta).containsExactly("{\"answer\"", ": 42}", null);
        assertThat(chunks).flatExtracting(StreamChunk::toolCalls).isEmpty();
        assertThat(response.content()).isEqualTo("{\"answer\": 42}");
        assertThat(json(response.content())).isEqualTo(json("{\"answer\":42}"));
        assertThat(response.toolCalls()).isEmpty();
    }

    @Test
    void anErrorEventMidStreamIsTyped() {
        server.reply(WireServer.Reply.sse(List.of(MESSAGE_START, textStart(0), textDelta(0, "Par"),
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))));
        assertThatThrownBy(() -> stream(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(ProviderError.class, e -> {
                    assertThat(e.statusCode()).hasValue(529);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e).hasMessageContaining("overloaded_error").hasMessageContaining("Overloaded");
                });
        assertThat(chunks).extracting(StreamChunk::delta).containsExactly("Par");

        server.reply(WireServer.Reply.sse(List.of(MESSAGE_START,
                event("error", "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"))));
        assertThatThrownBy(() -> stream(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(RateLimitError.class, e -> assertThat(e.isRetryable()).isTrue());

        server.reply(WireServer.Reply.sse(List.of(event("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad key " + KEY + "\"}}"))));
        assertThatThrownBy(() -> stream(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(ProviderError.class, e -> {
                    assertThat(e.statusCode()).hasValue(400);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e).hasMessageNotContaining(KEY).hasMessageContaining("****");
                });
    }

    @Test
    void aStreamWithoutMessageStopIsAStreamError() {
        server.reply(WireServer.Reply.sse(List.of(MESSAGE_START, textStart(0), textDelta(0, "Hel"), blockStop(0),
                messageDelta("end_turn", 3))));
        assertThatThrownBy(() -> stream(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(CompletionError.class, e -> assertThat(e.kind()).isEqualTo(CompletionError.Kind.STREAM));
        assertThat(chunks).noneMatch(chunk -> chunk.finishReason() != null);
    }

    @Test
    void aStreamCutOffInsideAnEventIsAStreamError() {
        server.reply(WireServer.Reply.truncatedSse(List.of(MESSAGE_START, textStart(0), textDelta(0, "Hel"),
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_")));
        assertThatThrownBy(() -> stream(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(CompletionError.class, e -> assertThat(e.kind()).isEqualTo(CompletionError.Kind.STREAM));
    }

    @Test
    void malformedEventsAreStreamErrors() {
        server.reply(WireServer.Reply.sse(List.of(MESSAGE_START, "event: content_block_delta\ndata: {\"index\":0,")));
        assertThatThrownBy(() -> stream(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(CompletionError.class, e -> assertThat(e.kind()).isEqualTo(CompletionError.Kind.STREAM));

        server.reply(WireServer.Reply.sse(List.of(MESSAGE_START, toolStart(0, "toolu_1", "get_weather"),
                jsonDelta(0, "{\"location\": "), blockStop(0), messageDelta("tool_use", 5), MESSAGE_STOP)));
        assertThatThrownBy(() -> stream(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(CompletionError.class, e -> {
                    assertThat(e.kind()).isEqualTo(CompletionError.Kind.STREAM);
                    assertThat(e).hasMessageContaining("get_weather");
                });

        server.reply(WireServer.Reply.sse(List.of(MESSAGE_START, jsonDelta(3, "{}"), MESSAGE_STOP)));
        assertThatThrownBy(() -> stream(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(CompletionError.class, e -> assertThat(e.kind()).isEqualTo(CompletionError.Kind.STREAM));

        server.reply(WireServer.Reply.sse(List.of(textStart(0), MESSAGE_STOP)));
        assertThatThrownBy(() -> stream(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(CompletionError.class, e -> assertThat(e.kind()).isEqualTo(CompletionError.Kind.STREAM));
    }

    @Test
    void httpErrorsOfAStreamedRequestAreTyped() {
        server.reply(WireServer.Reply.error(529,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", Map.of()));
        assertThatThrownBy(() -> stream(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(ProviderError.class, e -> {
                    assertThat(e.statusCode()).hasValue(529);
                    assertThat(e.isRetryable()).isTrue();
                });

        server.reply(WireServer.Reply.error(401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}", Map.of()));
        assertThatThrownBy(() -> stream(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOf(AuthError.class).hasMessageNotContaining(KEY);
        assertThat(chunks).isEmpty();
    }
}
