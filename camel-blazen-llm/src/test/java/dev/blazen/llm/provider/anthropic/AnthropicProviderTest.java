package dev.blazen.llm.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.ContentPart;
import dev.blazen.llm.chat.MediaSource;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.CompletionError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
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

import static dev.blazen.llm.http.HttpTransport.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AnthropicProviderTest {

    static final String KEY = "sk-ant-test-secret-0123456789";
    static final String TEXT_ANSWER = """
            {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
             "model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"text","text":"Hello"},{"type":"text","text":", world"}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":12,"output_tokens":6,"cache_read_input_tokens":3}}""";

    final WireServer server = new WireServer();
    final AnthropicProvider provider = AnthropicProvider.builder().apiKey(KEY).baseUrl(server.baseUrl() + "/").build();

    AnthropicProviderTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void postsTheDocumentedMessagesRequestWithSystemApart() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        provider.complete(CompletionRequest.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"),
                        ChatMessage.assistant("Hello!"), ChatMessage.user("How are you?"))
                .withSystemPrompt("Answer in English.").withTemperature(0.2).withTopP(0.9));

        WireServer.Recorded request = server.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.headers()).containsEntry("x-api-key", KEY).containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("content-type", "application/json").doesNotContainKey("anthropic-beta")
                .doesNotContainKey("authorization");
        JsonNode body = request.json();
        assertThat(body.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(body.path("system").asText()).isEqualTo("Be brief.\n\nAnswer in English.");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("tools")).isFalse();
        assertThat(body.path("messages")).isEqualTo(json("""
                [{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello!"},
                 {"role":"user","content":"How are you?"}]"""));
    }

    @Test
    void requestModelAndMaxTokensOverrideTheDefaults() {
        AnthropicProvider configured = AnthropicProvider.builder().apiKey(KEY).baseUrl(server.baseUrl())
                .model("claude-haiku-4-5").maxTokens(1000).timeout(Duration.ofSeconds(5)).build();
        server.reply(WireServer.Reply.json(TEXT_ANSWER)).reply(WireServer.Reply.json(TEXT_ANSWER));

        configured.complete(CompletionRequest.of(ChatMessage.user("a")));
        assertThat(server.lastRequest().json().path("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(server.lastRequest().json().path("max_tokens").asInt()).isEqualTo(1000);

        configured.complete(CompletionRequest.of(ChatMessage.user("a")).withModel("claude-opus-4-1").withMaxTokens(77));
        assertThat(server.lastRequest().json().path("model").asText()).isEqualTo("claude-opus-4-1");
        assertThat(server.lastRequest().json().path("max_tokens").asInt()).isEqualTo(77);
        assertThat(configured.modelId()).isEqualTo("claude-haiku-4-5");
    }

    @Test
    void parsesTextUsageStopReasonAndMetadata() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        CompletionResponse response = provider.complete(CompletionRequest.of(ChatMessage.user("Hi")));

        assertThat(response.content()).isEqualTo("Hello, world");
        assertThat(response.toolCalls()).isEmpty();
        assertThat(response.finishReason()).isEqualTo("end_turn");
        assertThat(response.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(response.usage()).isEqualTo(TokenUsage.of(12, 6));
        assertThat(response.metadata().path("id").asText()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(response.metadata().path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(response.metadata().path("cache_read_input_tokens").asLong()).isEqualTo(3);
        assertThat(response.timing().totalMs()).isNotNull().isGreaterThanOrEqualTo(0);

        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        assertThat(provider.completeAsync(CompletionRequest.of(ChatMessage.user("again"))).join().content())
                .isEqualTo("Hello, world");
    }

    @Test
    void parsesMaxTokensAndStopSequenceStops() {
        server.reply(WireServer.Reply.json("""
                {"id":"msg_2","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"1, 2, 3"}],"stop_reason":"stop_sequence","stop_sequence":"4",
                 "usage":{"input_tokens":5,"output_tokens":3}}"""));
        CompletionResponse response = provider.complete(CompletionRequest.of(ChatMessage.user("count")));
        assertThat(response.finishReason()).isEqualTo("stop_sequence");
        assertThat(response.metadata().path("stop_sequence").asText()).isEqualTo("4");

        server.reply(WireServer.Reply.json("""
                {"id":"msg_3","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"Once upon"}],"stop_reason":"max_tokens","stop_sequence":null,
                 "usage":{"input_tokens":5,"output_tokens":2}}"""));
        assertThat(provider.complete(CompletionRequest.of(ChatMessage.user("story"))).finishReason()).isEqualTo("max_tokens");
    }

    @Test
    void rejectsAnAnswerWithoutContentBlocks() {
        server.reply(WireServer.Reply.json("{\"id\":\"msg_4\",\"type\":\"message\"}"));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(CompletionError.class,
                        e -> assertThat(e.kind()).isEqualTo(CompletionError.Kind.INVALID_RESPONSE));
    }

    @Test
    void sendsImagesAndDocumentsAsContentBlocks(@TempDir Path dir) throws Exception {
        Path pdf = dir.resolve("report.pdf");
        Files.write(pdf, new byte[] {'%', 'P', 'D', 'F', '-', '1'});
        String notes = Base64.getEncoder().encodeToString("plain notes".getBytes(StandardCharsets.UTF_8));
        server.reply(WireServer.Reply.json(TEXT_ANSWER));

        provider.complete(CompletionRequest.of(ChatMessage.userParts(List.of(
                ContentPart.text("Compare these."),
                ContentPart.imageUrl("https://example.com/cat.jpg", null),
                ContentPart.imageBase64("iVBORw0KGgo=", "image/png"),
                new ContentPart.File(new MediaSource.Base64("JVBERi0x"), "application/pdf", "brief.pdf"),
                new ContentPart.File(new MediaSource.Url("https://example.com/paper.pdf"), "application/pdf", null),
                new ContentPart.File(new MediaSource.Base64(notes), "text/plain", null),
                new ContentPart.File(new MediaSource.File(pdf), null, null)))));

        assertThat(server.lastRequest().json().path("messages")).isEqualTo(json("""
                [{"role":"user","content":[
                  {"type":"text","text":"Compare these."},
                  {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                  {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0x"},
                   "title":"brief.pdf"},
                  {"type":"document","source":{"type":"url","url":"https://example.com/paper.pdf"}},
                  {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain notes"}},
                  {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"%s"}}]}]"""
                .formatted(Base64.getEncoder().encodeToString(Files.readAllBytes(pdf)))));
    }

    @Test
    void uploadedFilesUseFileIdsAndTheFilesBeta() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        provider.complete(CompletionRequest.of(ChatMessage.userParts(List.of(ContentPart.text("Summarise"),
                new ContentPart.File(new MediaSource.ProviderFile("anthropic", "file_011CNha8iCJcU1wXNR6q4V8w"),
                        "application/pdf", null)))));

        WireServer.Recorded request = server.lastRequest();
        assertThat(request.headers()).containsEntry("anthropic-beta", "files-api-2025-04-14");
        assertThat(request.json().at("/messages/0/content/1")).isEqualTo(json("""
                {"type":"document","source":{"type":"file","file_id":"file_011CNha8iCJcU1wXNR6q4V8w"}}"""));
    }

    @Test
    void invalidMediaFailsBeforeAnyRequest() {
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.userParts(List.of(
                ContentPart.imageBase64("iVBORw0KGgo=", null))))))
                .isInstanceOfSatisfying(ValidationError.class,
                        e -> assertThat(e.field()).contains("messages[0].content[0].mediaType"));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.userParts(List.of(
                new ContentPart.File(new MediaSource.ProviderFile("openai", "file-abc"), "application/pdf", null))))))
                .isInstanceOf(ValidationError.class).hasMessageContaining("openai");
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.userParts(List.of(
                new ContentPart.File(new MediaSource.Base64("UklGRg=="), "audio/wav", "a.wav"))))))
                .isInstanceOf(UnsupportedError.class).hasMessageContaining("audio/wav");
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("a"), ChatMessage.assistant(""))))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("messages[1].content"));
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void sendsToolsAndReadsToolUse() {
        ObjectNode schema = (ObjectNode) json("""
                {"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}""");
        server.reply(WireServer.Reply.json("""
                {"id":"msg_5","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"Let me check."},
                            {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"location":"Paris"}},
                            {"type":"tool_use","id":"toolu_01B","name":"get_time","input":{}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":30}}"""));

        CompletionResponse response = provider.complete(CompletionRequest.of(ChatMessage.user("Weather in Paris?"))
                .withTools(List.of(new ToolDefinition("get_weather", "Current weather for a city", schema),
                        new ToolDefinition("get_time", null, null))));

        assertThat(server.lastRequest().json().path("tools")).isEqualTo(json("""
                [{"name":"get_weather","description":"Current weather for a city","input_schema":
                   {"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}},
                 {"name":"get_time","input_schema":{"type":"object","properties":{}}}]"""));
        assertThat(server.lastRequest().json().has("tool_choice")).isFalse();
        assertThat(response.content()).isEqualTo("Let me check.");
        assertThat(response.finishReason()).isEqualTo("tool_use");
        assertThat(response.toolCalls()).containsExactly(
                new ToolCall("toolu_01A", "get_weather", json("{\"location\":\"Paris\"}")),
                new ToolCall("toolu_01B", "get_time", json("{}")));
    }

    @Test
    void sendsToolCallsBackAndMergesConsecutiveToolResultsIntoOneUserTurn() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        provider.complete(CompletionRequest.of(
                ChatMessage.user("Weather and time in Paris?"),
                ChatMessage.assistantToolCalls("Let me check.", List.of(
                        new ToolCall("toolu_01A", "get_weather", json("{\"location\":\"Paris\"}")),
                        new ToolCall("toolu_01B", "get_time", null))),
                ChatMessage.toolResult("toolu_01A", "get_weather", json("{\"temp_c\":21}")),
                ChatMessage.toolResult("toolu_01B", "get_time", JSON.getNodeFactory().textNode("14:05")),
                ChatMessage.user("Thanks, and tomorrow?")));

        assertThat(server.lastRequest().json().path("messages")).isEqualTo(json("""
                [{"role":"user","content":"Weather and time in Paris?"},
                 {"role":"assistant","content":[
                   {"type":"text","text":"Let me check."},
                   {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"location":"Paris"}},
                   {"type":"tool_use","id":"toolu_01B","name":"get_time","input":{}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_01A","content":[{"type":"text","text":"{\\"temp_c\\":21}"}]},
                   {"type":"tool_result","tool_use_id":"toolu_01B","content":"14:05"},
                   {"type":"text","text":"Thanks, and tomorrow?"}]}]"""));
    }

    @Test
    void multimodalToolResultsKeepTheirBlocks() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        ChatMessage chart = new ChatMessage(Role.TOOL, List.of(ContentPart.text("Rendered."),
                ContentPart.imageUrl("https://example.com/chart.png", "image/png")), List.of(), null, "render", "toolu_9");
        provider.complete(CompletionRequest.of(ChatMessage.user("Chart please"),
                ChatMessage.assistantToolCalls(null, List.of(new ToolCall("toolu_9", "render", json("{}")))), chart));

        assertThat(server.lastRequest().json().at("/messages/2")).isEqualTo(json("""
                {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_9","content":[
                  {"type":"text","text":"Rendered."},
                  {"type":"image","source":{"type":"url","url":"https://example.com/chart.png"}}]}]}"""));
    }

    @Test
    void aToolResultNeedsItsCallId() {
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("a"),
                ChatMessage.toolResult(null, "t", json("{}")))))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("messages[1].toolCallId"));
    }

    @Test
    void structuredOutputForcesATool() {
        JsonNode schema = json("""
                {"type":"object","properties":{"answer":{"type":"integer"}},"required":["answer"]}""");
        server.reply(WireServer.Reply.json("""
                {"id":"msg_6","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"tool_use","id":"toolu_01S","name":"structured_output","input":{"answer":42}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":20,"output_tokens":10}}"""));

        CompletionResponse response = provider.complete(CompletionRequest.of(ChatMessage.user("6 times 7?"))
                .withResponseFormat(schema));

        JsonNode body = server.lastRequest().json();
        assertThat(body.path("tools")).hasSize(1);
        assertThat(body.at("/tools/0/name").asText()).isEqualTo("structured_output");
        assertThat(body.at("/tools/0/input_schema")).isEqualTo(schema);
        assertThat(body.path("tool_choice")).isEqualTo(json("{\"type\":\"tool\",\"name\":\"structured_output\"}"));
        assertThat(body.has("response_format")).isFalse();
        assertThat(json(response.content())).isEqualTo(json("{\"answer\":42}"));
        assertThat(response.toolCalls()).isEmpty();
    }

    @Test
    void structuredOutputWrapsSchemasThatAreNotObjects() {
        JsonNode schema = json("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
        server.reply(WireServer.Reply.json("""
                {"id":"msg_7","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"tool_use","id":"toolu_01S","name":"structured_output","input":{"value":["a","b"]}}],
                 "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":20,"output_tokens":10}}"""));

        CompletionResponse response = provider.complete(CompletionRequest.of(ChatMessage.user("two letters"))
                .withResponseFormat(schema));

        assertThat(server.lastRequest().json().at("/tools/0/input_schema")).isEqualTo(json("""
                {"type":"object","properties":{"value":{"type":"array","items":{"type":"string"}}},"required":["value"]}"""));
        assertThat(json(response.content())).isEqualTo(json("[\"a\",\"b\"]"));
    }

    @Test
    void structuredOutputWithoutTheToolCallIsAnError() {
        server.reply(WireServer.Reply.json("""
                {"id":"msg_8","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"I cannot."}],"stop_reason":"max_tokens","stop_sequence":null,
                 "usage":{"input_tokens":20,"output_tokens":10}}"""));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))
                .withResponseFormat(json("{\"type\":\"object\"}"))))
                .isInstanceOfSatisfying(CompletionError.class, e -> assertThat(e.kind()).isEqualTo(CompletionError.Kind.NO_CONTENT));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))
                .withResponseFormat(json("{\"type\":\"object\"}"))
                .withTools(List.of(new ToolDefinition("structured_output", null, null)))))
                .isInstanceOf(ValidationError.class);
    }

    @Test
    void mapsHttpErrorsToTypedErrors() {
        server.reply(WireServer.Reply.error(400, """
                {"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}""", Map.of()));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(ProviderError.class, e -> {
                    assertThat(e.statusCode()).hasValue(400);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e).hasMessageContaining("max_tokens: Field required");
                });

        server.reply(WireServer.Reply.error(401, """
                {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key %s"}}""".formatted(KEY),
                Map.of()));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOf(AuthError.class).hasMessageContaining("invalid x-api-key").hasMessageNotContaining(KEY);

        server.reply(WireServer.Reply.error(429, """
                {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}""",
                Map.of("retry-after", "13")));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(RateLimitError.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(13));
                    assertThat(e.isRetryable()).isTrue();
                });

        server.reply(WireServer.Reply.error(500, """
                {"type":"error","error":{"type":"api_error","message":"Internal server error"}}""", Map.of()));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(ProviderError.class, e -> {
                    assertThat(e.statusCode()).hasValue(500);
                    assertThat(e.isRetryable()).isTrue();
                });

        server.reply(WireServer.Reply.error(529, """
                {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""", Map.of()));
        assertThatThrownBy(() -> provider.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(ProviderError.class, e -> {
                    assertThat(e.statusCode()).hasValue(529);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e).hasMessageContaining("Overloaded");
                });
    }

    @Test
    void hasNoEmbeddings() {
        assertThatThrownBy(() -> provider.embed(List.of("text"))).isInstanceOf(UnsupportedError.class)
                .hasMessageContaining("anthropic").hasMessageContaining("embed");
        assertThat(provider.providerId()).isEqualTo("anthropic");
    }

    @Test
    void neverShowsTheKey() {
        assertThat(provider.toString()).doesNotContain(KEY).contains("claude-sonnet-4-5").contains(server.baseUrl());
        assertThat(provider.baseUrl()).isEqualTo(server.baseUrl());
    }

    @Test
    void needsAKey() {
        assumeTrue(System.getenv(AnthropicProvider.API_KEY_VARIABLE) == null, "ANTHROPIC_API_KEY is set here");
        assertThatThrownBy(() -> AnthropicProvider.builder().apiKey("  ").build())
                .isInstanceOf(AuthError.class).hasMessageContaining("ANTHROPIC_API_KEY");
    }
}
