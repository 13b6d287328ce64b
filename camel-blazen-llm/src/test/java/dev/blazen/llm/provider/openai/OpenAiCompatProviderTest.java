package dev.blazen.llm.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.ContentPart;
import dev.blazen.llm.chat.MediaSource;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.compute.SpeechRequest;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.CompletionError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.ApiKey;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.http.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiCompatProviderTest {

    static final String KEY = "sk-test-secret-0123456789";

    static final String TEXT_ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18",
             "system_fingerprint":"fp_1",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there","refusal":null},
                         "logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}
            """;

    static final String TOOL_ANSWER = """
            {"id":"chatcmpl-2","object":"chat.completion","model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,
               "tool_calls":[{"id":"call_abc","type":"function",
                              "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
               "finish_reason":"tool_calls"}],
             "usage":{"prompt_tokens":40,"completion_tokens":10,"total_tokens":50}}
            """;

    final WireServer server = new WireServer();
    final OpenAiCompatProvider provider = OpenAiCompatProvider.openaiCompat("acme",
            OpenAiCompatConfig.of(server.baseUrl() + "/v1/", ApiKey.of(KEY), "gpt-4o-mini")
                    .withExtraHeaders(Map.of("X-Team", "blue")));

    OpenAiCompatProviderTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static JsonNode json(String text) {
        try {
            return HttpTransport.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void writesTheDocumentedChatRequest() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        JsonNode schema = json("""
                {"title":"Weather","type":"object","properties":{"city":{"type":"string"}},
                 "required":["city"],"additionalProperties":false}""");
        CompletionRequest request = CompletionRequest.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"))
                .withTools(List.of(new ToolDefinition("get_weather", "Weather for a city",
                        json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))))
                .withTemperature(0.2).withMaxTokens(100).withTopP(0.9).withResponseFormat(schema);

        provider.complete(request);

        WireServer.Recorded sent = server.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.headers()).containsEntry("authorization", "Bearer " + KEY).containsEntry("x-team", "blue")
                .containsEntry("content-type", "application/json");
        JsonNode body = sent.json();
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("messages")).isEqualTo(json("""
                [{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]"""));
        assertThat(body.path("tools")).isEqualTo(json("""
                [{"type":"function","function":{"name":"get_weather","description":"Weather for a city",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]"""));
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("response_format")).isEqualTo(json("""
                {"type":"json_schema","json_schema":{"name":"Weather","schema":%s,"strict":true}}""".formatted(schema)));
        assertThat(body.has("stream")).isFalse();
    }

    @Test
    void strictModeOnlyForSchemasThatAllowIt() {
        JsonNode open = json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}");
        JsonNode format = ChatCompletionsCodec.responseFormat(open);
        assertThat(format.path("json_schema").path("strict").asBoolean()).isFalse();
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("response");
        JsonNode nestedOpen = json("""
                {"type":"object","additionalProperties":false,"required":["inner"],
                 "properties":{"inner":{"type":"object","properties":{"x":{"type":"number"}}}}}""");
        assertThat(ChatCompletionsCodec.isStrictCompatible(nestedOpen)).isFalse();
        JsonNode given = json("{\"type\":\"json_object\"}");
        assertThat(ChatCompletionsCodec.responseFormat(given)).isEqualTo(given);
    }

    @Test
    void sendsImagePartsAndFiles(@TempDir Path dir) throws Exception {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        Path pdf = dir.resolve("report.pdf");
        Files.write(pdf, "%PDF-1.4".getBytes(StandardCharsets.UTF_8));
        ChatMessage message = ChatMessage.userParts(List.of(
                ContentPart.text("What is this?"),
                ContentPart.imageUrl("https://example.com/cat.png", null),
                ContentPart.imageBase64("iVBORw0K", "image/png"),
                new ContentPart.File(new MediaSource.File(pdf), "application/pdf", null),
                new ContentPart.File(new MediaSource.ProviderFile("acme", "file-123"), null, null)));

        provider.complete(CompletionRequest.of(message));

        JsonNode content = server.lastRequest().json().path("messages").get(0).path("content");
        String pdfData = Base64.getEncoder().encodeToString("%PDF-1.4".getBytes(StandardCharsets.UTF_8));
        assertThat(content).isEqualTo(json("""
                [{"type":"text","text":"What is this?"},
                 {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0K"}},
                 {"type":"file","file":{"filename":"report.pdf","file_data":"data:application/pdf;base64,%s"}},
                 {"type":"file","file":{"file_id":"file-123"}}]""".formatted(pdfData)));
    }

    @Test
    void refusesMediaTheFormatCannotCarry() {
        CompletionRequest otherProvidersFile = CompletionRequest.of(ChatMessage.userParts(List.of(
                new ContentPart.File(new MediaSource.ProviderFile("anthropic", "file-9"), null, "a.pdf"))));
        assertThatThrownBy(() -> provider.complete(otherProvidersFile)).isInstanceOf(UnsupportedError.class)
                .hasMessageContaining("anthropic");
        CompletionRequest untypedBase64 = CompletionRequest.of(ChatMessage.userImageBase64("x", "AAAA", null));
        assertThatThrownBy(() -> provider.complete(untypedBase64)).isInstanceOf(ValidationError.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void parsesTextAnswers() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        CompletionResponse response = provider.complete(CompletionRequest.of(ChatMessage.user("Hi")));
        assertThat(response.content()).isEqualTo("Hello there");
        assertThat(response.toolCalls()).isEmpty();
        assertThat(response.finishReason()).isEqualTo("stop");
        assertThat(response.usage()).isEqualTo(new TokenUsage(12, 3, 15));
        assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(response.metadata().path("id").asText()).isEqualTo("chatcmpl-1");
        assertThat(response.metadata().path("system_fingerprint").asText()).isEqualTo("fp_1");
        assertThat(response.timing().totalMs()).isNotNull().isGreaterThanOrEqualTo(0L);

        server.reply(WireServer.Reply.json(TEXT_ANSWER.replace("\"system_fingerprint\":\"fp_1\",",
                "\"citations\":[\"https://example.com/a\"],")));
        CompletionResponse cited = provider.complete(CompletionRequest.of(ChatMessage.user("Hi")));
        assertThat(cited.metadata().path("citations").get(0).asText()).isEqualTo("https://example.com/a");
    }

    @Test
    void completeAsyncDeliversTheSameAnswer() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        CompletionResponse response = provider.completeAsync(CompletionRequest.of(ChatMessage.user("Hi"))).join();
        assertThat(response.content()).isEqualTo("Hello there");
    }

    @Test
    void toolCallRoundTrip() {
        server.reply(WireServer.Reply.json(TOOL_ANSWER)).reply(WireServer.Reply.json(TEXT_ANSWER));
        ToolDefinition weather = new ToolDefinition("get_weather", null, null);
        CompletionRequest first = CompletionRequest.of(ChatMessage.user("Weather in Paris?")).withTools(List.of(weather));

        CompletionResponse asked = provider.complete(first);

        assertThat(asked.content()).isNull();
        assertThat(asked.finishReason()).isEqualTo("tool_calls");
        assertThat(asked.toolCalls()).containsExactly(new ToolCall("call_abc", "get_weather", json("{\"city\":\"Paris\"}")));
        assertThat(server.lastRequest().json().path("tools").get(0).path("function").path("parameters"))
                .isEqualTo(json("{\"type\":\"object\",\"properties\":{}}"));

        List<ChatMessage> conversation = new java.util.ArrayList<>(first.messages());
        conversation.add(ChatMessage.assistantToolCalls(null, asked.toolCalls()));
        conversation.add(ChatMessage.toolResult("call_abc", "get_weather", json("{\"temp\":21}")));
        provider.complete(first.withMessages(conversation));

        JsonNode messages = server.lastRequest().json().path("messages");
        assertThat(messages.get(1)).isEqualTo(json("""
                {"role":"assistant","content":null,"tool_calls":[{"id":"call_abc","type":"function",
                 "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]}"""));
        assertThat(messages.get(2)).isEqualTo(json("""
                {"role":"tool","tool_call_id":"call_abc","content":"{\\"temp\\":21}"}"""));
    }

    @Test
    void malformedToolArgumentsNameTheTool() {
        server.reply(WireServer.Reply.json(TOOL_ANSWER.replace("{\\\"city\\\":\\\"Paris\\\"}", "{\\\"city\\\":")));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(CompletionError.class, e -> {
                    assertThat(e.kind()).isEqualTo(CompletionError.Kind.INVALID_RESPONSE);
                    assertThat(e).hasMessageContaining("get_weather");
                });
    }

    @Test
    void answersWithoutChoicesAreInvalid() {
        server.reply(WireServer.Reply.json("{\"id\":\"x\",\"choices\":[]}"));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(CompletionError.class,
                        e -> assertThat(e.kind()).isEqualTo(CompletionError.Kind.INVALID_RESPONSE));
    }

    @Test
    void mapsHttpErrorsToTypedErrors() {
        CompletionRequest request = CompletionRequest.of(ChatMessage.user("x"));
        server.reply(WireServer.Reply.error(400, """
                {"error":{"message":"Invalid value for 'temperature'","type":"invalid_request_error","param":"temperature","code":null}}""",
                Map.of()));
        assertThatThrownBy(() -> provider.complete(request)).isInstanceOfSatisfying(ProviderError.class, e -> {
            assertThat(e.statusCode()).hasValue(400);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e).hasMessageContaining("Invalid value for 'temperature'");
        });

        server.reply(WireServer.Reply.error(401, """
                {"error":{"message":"Incorrect API key provided: %s","type":"invalid_request_error","code":"invalid_api_key"}}"""
                .formatted(KEY), Map.of()));
        assertThatThrownBy(() -> provider.complete(request)).isInstanceOf(AuthError.class)
                .hasMessageNotContaining(KEY);

        server.reply(WireServer.Reply.error(429, """
                {"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}""",
                Map.of("Retry-After", "3")));
        assertThatThrownBy(() -> provider.complete(request)).isInstanceOfSatisfying(RateLimitError.class, e -> {
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
            assertThat(e.isRetryable()).isTrue();
        });

        server.reply(WireServer.Reply.error(500, "{\"error\":{\"message\":\"The server had an error\"}}", Map.of()));
        assertThatThrownBy(() -> provider.complete(request)).isInstanceOfSatisfying(ProviderError.class, e -> {
            assertThat(e.statusCode()).hasValue(500);
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.provider()).isEqualTo("acme");
        });
    }

    @Test
    void embedsAndOrdersVectorsByIndex() {
        server.reply(WireServer.Reply.json("""
                {"object":"list","model":"text-embedding-3-small",
                 "data":[{"object":"embedding","index":1,"embedding":[0.5,0.25]},
                         {"object":"embedding","index":0,"embedding":[1.0,-1.0]}],
                 "usage":{"prompt_tokens":6,"total_tokens":6}}"""));
        OpenAiCompatProvider embedder = OpenAiCompatProvider.openaiCompat("acme",
                provider.config().withDefaultEmbeddingModel("text-embedding-3-small"));

        EmbeddingResponse response = embedder.embed(List.of("first", "second"));

        WireServer.Recorded sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/embeddings");
        assertThat(sent.json()).isEqualTo(json("{\"model\":\"text-embedding-3-small\",\"input\":[\"first\",\"second\"]}"));
        assertThat(response.embeddings()).containsExactly(new float[] {1.0f, -1.0f}, new float[] {0.5f, 0.25f});
        assertThat(response.usage()).isEqualTo(new TokenUsage(6, 0, 6));
        assertThat(response.model()).isEqualTo("text-embedding-3-small");
        assertThat(embedder.dimensions()).isEqualTo(2);
    }

    @Test
    void embeddingCountMismatchIsInvalid() {
        server.reply(WireServer.Reply.json("{\"data\":[{\"index\":0,\"embedding\":[1]}]}"));
        assertThatThrownBy(() -> provider.embed(List.of("a", "b"))).isInstanceOfSatisfying(CompletionError.class,
                e -> assertThat(e.kind()).isEqualTo(CompletionError.Kind.INVALID_RESPONSE));
    }

    @Test
    void computeMethodsStayUnsupported() {
        assertThatThrownBy(() -> provider.textToSpeech(SpeechRequest.of("hi")))
                .isInstanceOf(UnsupportedError.class).hasMessageContaining("acme");
    }

    @Test
    void keysNeverShowInToStringOrErrors() {
        assertThat(provider.toString()).doesNotContain(KEY);
        assertThat(provider.config().toString()).doesNotContain(KEY).contains("****");
        OpenAiCompatConfig withSecretHeader = provider.config().withExtraHeaders(Map.of("X-Secret", "hdr-secret-value"));
        assertThat(withSecretHeader.toString()).doesNotContain("hdr-secret-value").contains("X-Secret");
        server.reply(WireServer.Reply.error(500, "{\"error\":{\"message\":\"echo " + KEY + "\"}}", Map.of()));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .hasMessageNotContaining(KEY);
    }

    @Test
    void localServersGetNoAuthorizationHeader() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        OpenAiCompatProvider local = OpenAiCompatProvider.openaiCompat("vllm",
                OpenAiCompatConfig.of(server.baseUrl() + "/v1", null, "meta-llama/Llama-3-70B"));
        local.complete(CompletionRequest.of(ChatMessage.user("x")));
        assertThat(server.lastRequest().headers()).doesNotContainKey("authorization");
        assertThat(server.lastRequest().json().path("model").asText()).isEqualTo("meta-llama/Llama-3-70B");
    }

    @Test
    void filteredAnswersAndErrorBodiesAreTypedErrors() {
        server.reply(WireServer.Reply.json("""
                {"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"content_filter"}]}"""));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOf(dev.blazen.llm.error.ContentPolicyError.class);
        server.reply(WireServer.Reply.json("{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}"));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOf(ProviderError.class).hasMessageContaining("model overloaded");
    }

    @Test
    void aToolMessageNeedsItsCallId() {
        ChatMessage orphan = new ChatMessage(dev.blazen.llm.chat.Role.TOOL, List.of(ContentPart.text("42")), List.of(),
                null, "calc", null);
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(orphan))).isInstanceOf(ValidationError.class);
    }

    @Test
    void requestModelOverridesTheDefault() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        provider.complete(CompletionRequest.of(ChatMessage.user("x")).withModel("gpt-4.1"));
        assertThat(server.lastRequest().json().path("model").asText()).isEqualTo("gpt-4.1");
    }
}
