package dev.blazen.llm.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.ContentPart;
import dev.blazen.llm.chat.MediaSource;
import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.chat.ToolDefinition;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.BlazenError;
import dev.blazen.llm.error.CompletionError;
import dev.blazen.llm.error.ContentPolicyError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.http.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GeminiProviderTest {

    static final String KEY = "AIzaSy-test-secret-0123456789";

    final WireServer server = new WireServer();
    final GeminiProvider gemini = GeminiProvider.builder().apiKey(KEY).baseUrl(server.baseUrl() + "/v1beta").build();

    GeminiProviderTest() throws Exception {
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

    static String textAnswer(String text) {
        return """
                {"candidates":[{"content":{"role":"model","parts":[{"text":"%s"}]},"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":3,"totalTokenCount":8},
                 "modelVersion":"gemini-2.5-flash","responseId":"r-1"}""".formatted(text);
    }

    @Test
    void sendsTheDocumentedGenerateContentRequest() {
        server.reply(WireServer.Reply.json(textAnswer("ok")));
        ToolDefinition weather = new ToolDefinition("get_weather", "Weather for a city", json("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
                 "properties":{"city":{"type":"string","description":"name"},"not":{"type":"boolean"}},
                 "required":["city"],"additionalProperties":false,"patternProperties":{"^x":{"type":"string"}}}"""));
        CompletionRequest request = CompletionRequest.of(
                        ChatMessage.system("Be brief."),
                        ChatMessage.userParts(List.of(ContentPart.text("Compare these"),
                                ContentPart.imageBase64("aGVsbG8=", "image/png"),
                                ContentPart.imageUrl("https://example.com/cat.jpg", "image/jpeg"),
                                new ContentPart.File(new MediaSource.ProviderFile("gemini",
                                        "https://generativelanguage.googleapis.com/v1beta/files/abc"), "application/pdf", "a.pdf"))),
                        ChatMessage.assistantToolCalls("Checking.", List.of(
                                new ToolCall("call_0", "get_weather", json("{\"city\":\"Paris\"}")),
                                new ToolCall("call_1", "get_time", json("{}")))),
                        ChatMessage.toolResult("call_0", "get_weather", json("{\"tempC\":21}")),
                        ChatMessage.toolResult("call_1", "get_time", json("\"noon\"")),
                        ChatMessage.user("Thanks"))
                .withSystemPrompt("Use metric units.")
                .withTools(List.of(weather))
                .withTemperature(0.2).withTopP(0.9).withMaxTokens(256)
                .withResponseFormat(json("""
                        {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
                         "properties":{"answer":{"type":"string"}},"required":["answer"],
                         "if":{"type":"object"},"then":{"required":["answer"]}}"""));

        gemini.complete(request);

        WireServer.Recorded sent = server.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(sent.query()).isNull();
        assertThat(sent.headers()).containsEntry("x-goog-api-key", KEY).doesNotContainKey("authorization");
        JsonNode body = sent.json();
        assertThat(body.toString()).doesNotContain(KEY);

        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.\n\nUse metric units.");
        JsonNode contents = body.path("contents");
        assertThat(contents).hasSize(4);
        assertThat(contents.findValuesAsText("role")).containsExactly("user", "model", "user", "user");

        JsonNode user = contents.path(0).path("parts");
        assertThat(user.path(0).path("text").asText()).isEqualTo("Compare these");
        assertThat(user.path(1)).isEqualTo(json("{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"aGVsbG8=\"}}"));
        assertThat(user.path(2)).isEqualTo(json(
                "{\"fileData\":{\"mimeType\":\"image/jpeg\",\"fileUri\":\"https://example.com/cat.jpg\"}}"));
        assertThat(user.path(3).at("/fileData/fileUri").asText()).endsWith("/files/abc");

        JsonNode model = contents.path(1).path("parts");
        assertThat(model.path(0).path("text").asText()).isEqualTo("Checking.");
        assertThat(model.path(1)).isEqualTo(json("{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}"));
        assertThat(model.path(2)).isEqualTo(json("{\"functionCall\":{\"name\":\"get_time\",\"args\":{}}}"));

        JsonNode results = contents.path(2).path("parts");
        assertThat(results).hasSize(2);
        assertThat(results.path(0)).isEqualTo(json(
                "{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"tempC\":21}}}"));
        assertThat(results.path(1)).isEqualTo(json(
                "{\"functionResponse\":{\"name\":\"get_time\",\"response\":{\"result\":\"noon\"}}}"));
        assertThat(contents.path(3).at("/parts/0/text").asText()).isEqualTo("Thanks");

        JsonNode declaration = body.at("/tools/0/functionDeclarations/0");
        assertThat(declaration.path("name").asText()).isEqualTo("get_weather");
        assertThat(declaration.path("description").asText()).isEqualTo("Weather for a city");
        assertThat(declaration.path("parametersJsonSchema")).isEqualTo(json("""
                {"type":"object","properties":{"city":{"type":"string","description":"name"},"not":{"type":"boolean"}},
                 "required":["city"],"additionalProperties":false}"""));
        assertThat(declaration.has("parameters")).isFalse();

        JsonNode config = body.path("generationConfig");
        assertThat(config.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(config.path("topP").asDouble()).isEqualTo(0.9);
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(256);
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.path("responseJsonSchema")).isEqualTo(json(
                "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}},\"required\":[\"answer\"]}"));
        assertThat(config.has("responseSchema")).isFalse();
    }

    @Test
    void plainRequestsCarryNoEmptyConfigAndHonourTheModelOverride() {
        server.reply(WireServer.Reply.json(textAnswer("hi")));
        gemini.complete(CompletionRequest.of(ChatMessage.user("hello")).withModel("models/gemini-2.5-pro"));
        WireServer.Recorded sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-pro:generateContent");
        assertThat(sent.json().has("generationConfig")).isFalse();
        assertThat(sent.json().has("systemInstruction")).isFalse();
        assertThat(sent.json().has("tools")).isFalse();

        assertThatThrownBy(() -> gemini.complete(CompletionRequest.of(ChatMessage.user("x")).withModel("bad model/../x")))
                .isInstanceOf(ValidationError.class);
        assertThatThrownBy(() -> gemini.complete(CompletionRequest.of(ChatMessage.system("only system"))))
                .isInstanceOf(ValidationError.class);
    }

    @Test
    void localFilesAreSentInline(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("note.txt");
        Files.writeString(file, "file body");
        server.reply(WireServer.Reply.json(textAnswer("ok")));
        gemini.complete(CompletionRequest.of(ChatMessage.userParts(List.of(
                new ContentPart.File(new MediaSource.File(file), "text/plain", "note.txt")))));
        JsonNode part = server.lastRequest().json().at("/contents/0/parts/0/inlineData");
        assertThat(part.path("mimeType").asText()).isEqualTo("text/plain");
        assertThat(new String(Base64.getDecoder().decode(part.path("data").asText()))).isEqualTo("file body");

        assertThatThrownBy(() -> gemini.complete(CompletionRequest.of(ChatMessage.userParts(List.of(
                new ContentPart.Image(new MediaSource.ProviderFile("openai", "file-1"), "image/png"))))))
                .isInstanceOf(ValidationError.class);
    }

    @Test
    void parsesTextFunctionCallsUsageAndModelVersion() {
        server.reply(WireServer.Reply.json("""
                {"candidates":[{"content":{"role":"model","parts":[
                   {"text":"thinking about it","thought":true},
                   {"text":"Let me "},{"text":"check."},
                   {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                   {"functionCall":{"name":"get_time"}}]},
                  "finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":7,"thoughtsTokenCount":4,"totalTokenCount":23},
                 "modelVersion":"gemini-2.5-flash-001","responseId":"abc"}"""));
        CompletionResponse response = gemini.complete(CompletionRequest.of(ChatMessage.user("weather?")));
        assertThat(response.content()).isEqualTo("Let me check.");
        assertThat(response.toolCalls()).containsExactly(
                new ToolCall("call_0", "get_weather", json("{\"city\":\"Paris\"}")),
                new ToolCall("call_1", "get_time", json("{}")));
        assertThat(response.finishReason()).isEqualTo("STOP");
        assertThat(response.usage()).isEqualTo(new TokenUsage(12, 11, 23));
        assertThat(response.model()).isEqualTo("gemini-2.5-flash-001");
        assertThat(response.metadata().path("responseId").asText()).isEqualTo("abc");
        assertThat(response.timing().totalMs()).isNotNull().isGreaterThanOrEqualTo(0);
    }

    @Test
    void toolCallRoundTripMapsGeneratedIdsBackToNames() {
        server.reply(WireServer.Reply.json("""
                {"candidates":[{"content":{"role":"model","parts":[
                   {"functionCall":{"name":"lookup","args":{"q":"x"}}}]},"finishReason":"STOP"}]}"""));
        server.reply(WireServer.Reply.json(textAnswer("done")));
        CompletionRequest first = CompletionRequest.of(ChatMessage.user("find x"))
                .withTools(List.of(new ToolDefinition("lookup", "Finds", json("{\"type\":\"object\"}"))));
        CompletionResponse response = gemini.complete(first);
        ToolCall call = response.toolCalls().get(0);
        assertThat(response.content()).isNull();
        assertThat(call.id()).isEqualTo("call_0");

        List<ChatMessage> next = new ArrayList<>(first.messages());
        next.add(ChatMessage.assistantToolCalls(null, response.toolCalls()));
        next.add(ChatMessage.toolResult(call.id(), null, json("[1,2]")));
        CompletionResponse done = gemini.complete(first.withMessages(next));

        assertThat(done.content()).isEqualTo("done");
        JsonNode contents = server.lastRequest().json().path("contents");
        assertThat(contents.path(1)).isEqualTo(json(
                "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"lookup\",\"args\":{\"q\":\"x\"}}}]}"));
        assertThat(contents.path(2)).isEqualTo(json(
                "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"lookup\",\"response\":{\"result\":[1,2]}}}]}"));

        List<ChatMessage> orphan = List.of(ChatMessage.user("x"), ChatMessage.toolResult("call_9", null, json("{}")));
        assertThatThrownBy(() -> gemini.complete(CompletionRequest.of(orphan))).isInstanceOf(ValidationError.class);
    }

    @Test
    void thoughtSignaturesGoBackWithTheirFunctionCalls() {
        server.reply(WireServer.Reply.json("""
                {"candidates":[{"content":{"role":"model","parts":[
                   {"functionCall":{"name":"a","args":{}},"thoughtSignature":"c2lnLW9uZQ=="},
                   {"functionCall":{"name":"b","args":{}}}]},"finishReason":"STOP"}]}"""));
        server.reply(WireServer.Reply.json(textAnswer("done")));
        CompletionRequest first = CompletionRequest.of(ChatMessage.user("go"));
        List<ToolCall> calls = gemini.complete(first).toolCalls();
        assertThat(calls.get(0).id()).matches("call_0_[0-9a-f]{8}");
        assertThat(calls.get(1).id()).isEqualTo("call_1");

        List<ChatMessage> next = new ArrayList<>(first.messages());
        next.add(ChatMessage.assistantToolCalls(null, calls));
        next.add(ChatMessage.toolResult(calls.get(0).id(), "a", json("{}")));
        next.add(ChatMessage.toolResult(calls.get(1).id(), "b", json("{}")));
        gemini.complete(first.withMessages(next));

        JsonNode parts = server.lastRequest().json().at("/contents/1/parts");
        assertThat(parts.path(0).path("thoughtSignature").asText()).isEqualTo("c2lnLW9uZQ==");
        assertThat(parts.path(0).path("functionCall").path("name").asText()).isEqualTo("a");
        assertThat(parts.path(1).has("thoughtSignature")).isFalse();
    }

    @Test
    void serverGivenCallIdsAreKept() {
        server.reply(WireServer.Reply.json("""
                {"candidates":[{"content":{"parts":[{"functionCall":{"id":"fc-7","name":"f","args":{}}}]},
                  "finishReason":"STOP"}]}"""));
        assertThat(gemini.complete(CompletionRequest.of(ChatMessage.user("x"))).toolCalls().get(0).id()).isEqualTo("fc-7");
    }

    @Test
    void streamsTextDeltasOverSse() {
        server.reply(WireServer.Reply.sse(List.of(
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hel\"}]}}],\"usageMetadata\":{\"promptTokenCount\":4,\"totalTokenCount\":4},\"modelVersion\":\"gemini-2.5-flash\"}",
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"lo\"}]}}]}",
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"!\"}]},\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":3,\"totalTokenCount\":7}}")));
        List<StreamChunk> chunks = new ArrayList<>();
        CompletionResponse response = gemini.stream(CompletionRequest.of(ChatMessage.user("hi")), chunks::add);

        WireServer.Recorded sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
        assertThat(sent.query()).isEqualTo("alt=sse");
        assertThat(sent.headers()).containsEntry("x-goog-api-key", KEY);
        assertThat(sent.json().at("/contents/0/parts/0/text").asText()).isEqualTo("hi");

        assertThat(chunks).extracting(StreamChunk::delta).containsExactly("Hel", "lo", "!");
        assertThat(chunks.get(2).finishReason()).isEqualTo("STOP");
        assertThat(chunks.get(2).usage()).isEqualTo(new TokenUsage(4, 3, 7));
        assertThat(response.content()).isEqualTo("Hello!");
        assertThat(response.finishReason()).isEqualTo("STOP");
        assertThat(response.usage()).isEqualTo(new TokenUsage(4, 3, 7));
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
    }

    @Test
    void streamsFunctionCallsWithIdsAcrossChunks() {
        server.reply(WireServer.Reply.sse(List.of(
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"a\",\"args\":{\"n\":1}}}]}}]}",
                "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"b\",\"args\":{\"n\":2}}}]},\"finishReason\":\"STOP\"}]}")));
        List<StreamChunk> chunks = new ArrayList<>();
        CompletionResponse response = gemini.stream(CompletionRequest.of(ChatMessage.user("go")), chunks::add);
        assertThat(chunks.get(0).toolCalls()).containsExactly(new ToolCall("call_0", "a", json("{\"n\":1}")));
        assertThat(chunks.get(1).toolCalls()).containsExactly(new ToolCall("call_1", "b", json("{\"n\":2}")));
        assertThat(response.toolCalls()).extracting(ToolCall::id).containsExactly("call_0", "call_1");
        assertThat(response.content()).isNull();
    }

    @Test
    void safetyBlocksAreContentPolicyErrors() {
        server.reply(WireServer.Reply.json("""
                {"promptFeedback":{"blockReason":"SAFETY","safetyRatings":[]},"usageMetadata":{"promptTokenCount":3}}"""));
        assertThatThrownBy(() -> gemini.complete(CompletionRequest.of(ChatMessage.user("bad"))))
                .isInstanceOf(ContentPolicyError.class).hasMessageContaining("SAFETY");

        server.reply(WireServer.Reply.json("{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0}]}"));
        assertThatThrownBy(() -> gemini.complete(CompletionRequest.of(ChatMessage.user("bad"))))
                .isInstanceOf(ContentPolicyError.class).hasMessageContaining("SAFETY");

        server.reply(WireServer.Reply.sse(List.of(
                "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Sure, \"}]}}]}",
                "data: {\"candidates\":[{\"finishReason\":\"SAFETY\"}]}")));
        assertThatThrownBy(() -> gemini.stream(CompletionRequest.of(ChatMessage.user("bad")), chunk -> { }))
                .isInstanceOf(ContentPolicyError.class);

        server.reply(WireServer.Reply.json("{\"usageMetadata\":{\"promptTokenCount\":3}}"));
        assertThatThrownBy(() -> gemini.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOfSatisfying(CompletionError.class,
                        e -> assertThat(e.kind()).isEqualTo(CompletionError.Kind.NO_CONTENT));
    }

    @Test
    void brokenStreamsAreStreamErrorsNotPartialSuccess() {
        CompletionRequest request = CompletionRequest.of(ChatMessage.user("hi"));
        server.reply(WireServer.Reply.truncatedSse(List.of(
                "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}]}}]}",
                "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"lo\"}]},\"finishRea")));
        assertStreamError(request);

        server.reply(WireServer.Reply.sse(List.of(
                "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}]}}]}")));
        assertStreamError(request);

        server.reply(WireServer.Reply.sse(List.of("data: {\"candidates\":[{\"content\":")));
        assertStreamError(request);

        server.reply(WireServer.Reply.sse(List.of(
                "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hel\"}]}}]}",
                "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}")));
        assertThatThrownBy(() -> gemini.stream(request, chunk -> { }))
                .isInstanceOfSatisfying(ProviderError.class, e -> {
                    assertThat(e.statusCode()).hasValue(503);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e).hasMessageContaining("overloaded");
                });
    }

    private void assertStreamError(CompletionRequest request) {
        assertThatThrownBy(() -> gemini.stream(request, chunk -> { }))
                .isInstanceOfSatisfying(CompletionError.class,
                        e -> assertThat(e.kind()).isEqualTo(CompletionError.Kind.STREAM));
    }

    @Test
    void httpErrorsBecomeTypedErrors() {
        CompletionRequest request = CompletionRequest.of(ChatMessage.user("hi"));
        server.reply(WireServer.Reply.error(400, googleError(400, "Invalid JSON payload received.", "INVALID_ARGUMENT"), Map.of()));
        assertThatThrownBy(() -> gemini.complete(request)).isInstanceOfSatisfying(ProviderError.class, e -> {
            assertThat(e.statusCode()).hasValue(400);
            assertThat(e.isRetryable()).isFalse();
            assertThat(e).hasMessageContaining("Invalid JSON payload received.");
        });

        server.reply(WireServer.Reply.error(403, googleError(403, "Method doesn't allow unregistered callers.", "PERMISSION_DENIED"), Map.of()));
        assertThatThrownBy(() -> gemini.complete(request)).isInstanceOf(AuthError.class);

        server.reply(WireServer.Reply.error(401, googleError(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED"), Map.of()));
        assertThatThrownBy(() -> gemini.complete(request)).isInstanceOf(AuthError.class);

        server.reply(WireServer.Reply.error(429, googleError(429, "Resource has been exhausted (e.g. check quota).", "RESOURCE_EXHAUSTED"),
                Map.of("Retry-After", "12")));
        assertThatThrownBy(() -> gemini.complete(request)).isInstanceOfSatisfying(RateLimitError.class, e -> {
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
            assertThat(e.isRetryable()).isTrue();
        });

        server.reply(WireServer.Reply.error(500, googleError(500, "An internal error has occurred.", "INTERNAL"), Map.of()));
        assertThatThrownBy(() -> gemini.complete(request)).isInstanceOfSatisfying(ProviderError.class, e -> {
            assertThat(e.statusCode()).hasValue(500);
            assertThat(e.isRetryable()).isTrue();
        });

        server.reply(WireServer.Reply.error(429, googleError(429, "Quota exceeded.", "RESOURCE_EXHAUSTED"), Map.of("Retry-After", "3")));
        assertThatThrownBy(() -> gemini.stream(request, chunk -> { })).isInstanceOfSatisfying(RateLimitError.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
    }

    static String googleError(int code, String message, String status) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\"}}";
    }

    @Test
    void embedsTextsInOneBatchCall() {
        server.reply(WireServer.Reply.json("{\"embeddings\":[{\"values\":[0.1,0.2,0.3]},{\"values\":[0.4,0.5,0.6]}]}"));
        assertThat(gemini.dimensions()).isZero();
        EmbeddingResponse response = gemini.embed(List.of("one", "two"));

        WireServer.Recorded sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(sent.query()).isNull();
        assertThat(sent.headers()).containsEntry("x-goog-api-key", KEY);
        assertThat(sent.json()).isEqualTo(json("""
                {"requests":[
                  {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"one"}]}},
                  {"model":"models/gemini-embedding-001","content":{"parts":[{"text":"two"}]}}]}"""));
        assertThat(response.embeddings()).hasSize(2);
        assertThat(response.embeddings().get(0)).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(response.embeddings().get(1)).containsExactly(0.4f, 0.5f, 0.6f);
        assertThat(response.model()).isEqualTo("gemini-embedding-001");
        assertThat(gemini.dimensions()).isEqualTo(3);

        server.reply(WireServer.Reply.json("{\"embeddings\":[{\"values\":[0.1]}]}"));
        assertThatThrownBy(() -> gemini.embed(List.of("one", "two"))).isInstanceOf(ProviderError.class);

        server.reply(WireServer.Reply.error(400, googleError(400, "text is too long", "INVALID_ARGUMENT"), Map.of()));
        assertThatThrownBy(() -> gemini.embed(List.of("x"))).isInstanceOf(ProviderError.class).hasMessageContaining("too long");
    }

    @Test
    void theKeyNeverShowsInMessagesOrToString() {
        assertThat(gemini.toString()).doesNotContain(KEY).contains("gemini-2.5-flash");
        assertThat(GeminiProvider.builder().apiKey(KEY).toString()).doesNotContain(KEY);

        server.reply(WireServer.Reply.error(400, googleError(400, "API key not valid: " + KEY, "INVALID_ARGUMENT"), Map.of()));
        assertThatThrownBy(() -> gemini.complete(CompletionRequest.of(ChatMessage.user("x"))))
                .isInstanceOf(BlazenError.class).hasMessageNotContaining(KEY).hasMessageContaining("****");

        server.reply(WireServer.Reply.error(401, googleError(401, "bad key " + KEY, "UNAUTHENTICATED"), Map.of()));
        assertThatThrownBy(() -> gemini.stream(CompletionRequest.of(ChatMessage.user("x")), chunk -> { }))
                .isInstanceOf(AuthError.class).hasMessageNotContaining(KEY);

        server.reply(WireServer.Reply.error(500, googleError(500, "echo " + KEY, "INTERNAL"), Map.of()));
        assertThatThrownBy(() -> gemini.embed(List.of("x"))).hasMessageNotContaining(KEY);
    }

    @Test
    void aMissingKeyFailsAtConstruction() {
        assumeTrue(System.getenv("GEMINI_API_KEY") == null && System.getenv("GOOGLE_API_KEY") == null);
        assertThatThrownBy(() -> GeminiProvider.builder().build())
                .isInstanceOf(AuthError.class).hasMessageContaining("GEMINI_API_KEY");
    }

    @Test
    void defaultsAndUnsupportedCapabilities() {
        assertThat(gemini.providerId()).isEqualTo("gemini");
        assertThat(gemini.modelId()).isEqualTo("gemini-2.5-flash");
        assertThat(gemini.embeddingModelId()).isEqualTo("gemini-embedding-001");
        assertThatThrownBy(() -> gemini.listVoices()).isInstanceOf(dev.blazen.llm.error.UnsupportedError.class);
    }
}
