package dev.blazen.llm.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.error.CompletionError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.http.ApiKey;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.http.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiStreamingTest {

    static final String KEY = "sk-stream-secret-987654321";

    final WireServer server = new WireServer();
    final OpenAiCompatProvider provider = OpenAiCompatProvider.openaiCompat("acme",
            OpenAiCompatConfig.of(server.baseUrl() + "/v1", ApiKey.of(KEY), "gpt-4o-mini"));
    final List<StreamChunk> chunks = new ArrayList<>();
    final CompletionRequest request = CompletionRequest.of(ChatMessage.user("Hi"));

    OpenAiStreamingTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String chunk(String choices, String usage) {
        return "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":" + choices + ",\"usage\":" + usage + "}";
    }

    static String delta(String delta, String finish) {
        return chunk("[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]", "null");
    }

    @Test
    void streamsTextAndReportsUsage() {
        server.reply(WireServer.Reply.sse(List.of(
                delta("{\"role\":\"assistant\",\"content\":\"\"}", "null"),
                delta("{\"content\":\"Hel\"}", "null"),
                delta("{\"content\":\"lo\"}", "null"),
                delta("{}", "\"stop\""),
                chunk("[]", "{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}"),
                "data: [DONE]")));

        CompletionResponse response = provider.stream(request, chunks::add);

        JsonNode body = server.lastRequest().json();
        assertThat(server.lastRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(server.lastRequest().headers()).containsEntry("accept", "text/event-stream");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();

        assertThat(chunks).extracting(StreamChunk::delta).containsExactly("Hel", "lo", null, null);
        assertThat(chunks.get(2).finishReason()).isEqualTo("stop");
        assertThat(chunks.get(3).usage()).isEqualTo(new TokenUsage(9, 2, 11));
        assertThat(response.content()).isEqualTo("Hello");
        assertThat(response.finishReason()).isEqualTo("stop");
        assertThat(response.usage()).isEqualTo(new TokenUsage(9, 2, 11));
        assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.metadata().path("id").asText()).isEqualTo("chatcmpl-9");
        assertThat(response.timing().totalMs()).isNotNull();
    }

    @Test
    void assemblesStreamedToolCallFragments() {
        server.reply(WireServer.Reply.sse(List.of(
                delta("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", "null"),
                delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"ci\"}}]}", "null"),
                delta("{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]}", "null"),
                delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"Paris\\\"}\"}}]}", "null"),
                delta("{}", "\"tool_calls\""),
                chunk("[]", "{\"prompt_tokens\":20,\"completion_tokens\":8,\"total_tokens\":28}"),
                "data: [DONE]")));

        CompletionResponse response = provider.stream(request, chunks::add);

        List<ToolCall> expected = List.of(
                new ToolCall("call_1", "get_weather", json("{\"city\":\"Paris\"}")),
                new ToolCall("call_2", "get_time", json("{}")));
        StreamChunk finish = chunks.stream().filter(c -> c.finishReason() != null).findFirst().orElseThrow();
        assertThat(finish.toolCalls()).isEqualTo(expected);
        assertThat(finish.finishReason()).isEqualTo("tool_calls");
        assertThat(chunks).filteredOn(c -> c != finish).allSatisfy(c -> assertThat(c.toolCalls()).isEmpty());
        assertThat(response.toolCalls()).isEqualTo(expected);
        assertThat(response.content()).isNull();
        assertThat(response.usage()).isEqualTo(new TokenUsage(20, 8, 28));
    }

    @Test
    void malformedStreamedArgumentsNameTheTool() {
        server.reply(WireServer.Reply.sse(List.of(
                delta("{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"lookup\",\"arguments\":\"{oops\"}}]}", "null"),
                delta("{}", "\"tool_calls\""),
                "data: [DONE]")));
        assertThatThrownBy(() -> provider.stream(request, chunks::add)).isInstanceOfSatisfying(CompletionError.class,
                e -> assertThat(e).hasMessageContaining("lookup"));
    }

    @Test
    void aTruncatedStreamIsAStreamError() {
        server.reply(WireServer.Reply.truncatedSse(List.of(
                delta("{\"content\":\"Hel\"}", "null"),
                "data: {\"id\":\"chatcmpl-9\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo")));
        assertThatThrownBy(() -> provider.stream(request, chunks::add)).isInstanceOfSatisfying(CompletionError.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(CompletionError.Kind.STREAM);
                    assertThat(e).hasMessageContaining("broke off");
                });
        assertThat(chunks).extracting(StreamChunk::delta).containsExactly("Hel");
    }

    @Test
    void aStreamClosedBeforeTheFinishIsAStreamError() {
        server.reply(WireServer.Reply.sse(List.of(delta("{\"content\":\"Hel\"}", "null"))));
        assertThatThrownBy(() -> provider.stream(request, chunks::add)).isInstanceOfSatisfying(CompletionError.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(CompletionError.Kind.STREAM);
                    assertThat(e).hasMessageContaining("no finish_reason");
                });
    }

    @Test
    void aNonJsonDataLineIsAStreamError() {
        server.reply(WireServer.Reply.sse(List.of(delta("{\"content\":\"Hel\"}", "null"), "data: {not json", "data: [DONE]")));
        assertThatThrownBy(() -> provider.stream(request, chunks::add)).isInstanceOfSatisfying(CompletionError.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(CompletionError.Kind.STREAM);
                    assertThat(e).hasMessageContaining("not a JSON object");
                });
    }

    @Test
    void errorEventsInTheStreamAreTypedErrors() {
        server.reply(WireServer.Reply.sse(List.of(delta("{\"content\":\"Hel\"}", "null"),
                "data: {\"error\":{\"message\":\"The server had an error while processing your request\",\"type\":\"server_error\"}}")));
        assertThatThrownBy(() -> provider.stream(request, chunks::add)).isInstanceOfSatisfying(ProviderError.class,
                e -> {
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e).hasMessageContaining("server had an error");
                });

        server.reply(WireServer.Reply.sse(List.of(
                "event: error\ndata: {\"error\":{\"message\":\"slow down\",\"code\":\"rate_limit_exceeded\"}}")));
        assertThatThrownBy(() -> provider.stream(request, chunks::add)).isInstanceOf(RateLimitError.class);
    }

    @Test
    void httpErrorsBeforeTheStreamAreTypedErrors() {
        server.reply(WireServer.Reply.error(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", Map.of("Retry-After", "2")));
        assertThatThrownBy(() -> provider.stream(request, chunks::add)).isInstanceOfSatisfying(RateLimitError.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(2)));
        server.reply(WireServer.Reply.error(401, "{\"error\":{\"message\":\"bad key " + KEY + "\"}}", Map.of()));
        assertThatThrownBy(() -> provider.stream(request, chunks::add)).hasMessageNotContaining(KEY);
    }

    @Test
    void serversThatRejectStreamOptionsAreNotSentThem() {
        server.reply(WireServer.Reply.sse(List.of(delta("{\"content\":\"ok\"}", "\"stop\""), "data: [DONE]")));
        OpenAiCompatProvider mistral = OpenAiCompatProvider.openaiCompat("mistral",
                provider.config().withStreamUsage(false));
        CompletionResponse response = mistral.stream(request, chunks::add);
        assertThat(server.lastRequest().json().has("stream_options")).isFalse();
        assertThat(response.content()).isEqualTo("ok");
        assertThat(response.usage()).isNull();
    }

    @Test
    void aStreamThatFinishedButSentNoDoneMarkerIsComplete() {
        server.reply(WireServer.Reply.sse(List.of(delta("{\"content\":\"done\"}", "\"stop\""))));
        CompletionResponse response = provider.stream(request, chunks::add);
        assertThat(response.content()).isEqualTo("done");
        assertThat(response.finishReason()).isEqualTo("stop");
    }

    @Test
    void toolCallsSentWholeWithoutAnIndexAreKeptApart() {
        server.reply(WireServer.Reply.sse(List.of(
                delta("{\"tool_calls\":[{\"id\":\"a\",\"function\":{\"name\":\"one\",\"arguments\":\"{\\\"x\\\":1}\"}},"
                        + "{\"id\":\"b\",\"function\":{\"name\":\"two\",\"arguments\":{\"y\":2}}}]}", "null"),
                delta("{}", "\"stop\""),
                "data: [DONE]")));
        CompletionResponse response = provider.stream(request, chunks::add);
        assertThat(response.toolCalls()).containsExactly(
                new ToolCall("a", "one", json("{\"x\":1}")), new ToolCall("b", "two", json("{\"y\":2}")));
    }

    @Test
    void readsGroqsStreamUsageExtension() {
        server.reply(WireServer.Reply.sse(List.of(
                "data: {\"id\":\"g\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
                        + "\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}}",
                "data: [DONE]")));
        CompletionResponse response = provider.stream(request, chunks::add);
        assertThat(response.usage()).isEqualTo(new TokenUsage(5, 1, 6));
        assertThat(chunks.get(chunks.size() - 1).usage()).isEqualTo(new TokenUsage(5, 1, 6));
    }

    static JsonNode json(String text) {
        try {
            return HttpTransport.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
