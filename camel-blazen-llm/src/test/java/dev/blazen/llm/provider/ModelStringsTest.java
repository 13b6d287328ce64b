package dev.blazen.llm.provider;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelStringsTest {

    static final String OPENAI_ANSWER = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";

    final WireServer server = new WireServer();

    ModelStringsTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ModelStrings.Options at(String path) {
        return new ModelStrings.Options("sk-test-key-123456", server.baseUrl() + path, Duration.ofSeconds(5));
    }

    @Test
    void presetsSpeakTheOpenAiWireFormat() {
        server.reply(WireServer.Reply.json(OPENAI_ANSWER));
        CustomProvider groq = ModelStrings.resolve("groq:llama-3.3-70b-versatile", at("/openai/v1"));
        assertThat(groq.providerId()).isEqualTo("groq");
        assertThat(groq.complete(CompletionRequest.of(ChatMessage.user("x"))).content()).isEqualTo("hi");
        WireServer.Recorded request = server.lastRequest();
        assertThat(request.path()).isEqualTo("/openai/v1/chat/completions");
        assertThat(request.headers()).containsEntry("authorization", "Bearer sk-test-key-123456");
        assertThat(request.json().path("model").asText()).isEqualTo("llama-3.3-70b-versatile");
    }

    @Test
    void compatNeedsABaseUrlAndUsesIt() {
        assertThatThrownBy(() -> ModelStrings.resolve("compat:my-model", ModelStrings.Options.none()))
                .isInstanceOf(ValidationError.class).hasMessageContaining("baseUrl");
        server.reply(WireServer.Reply.json(OPENAI_ANSWER));
        ModelStrings.resolve("compat:my-model", at("/v1")).complete(CompletionRequest.of(ChatMessage.user("x")));
        assertThat(server.lastRequest().path()).isEqualTo("/v1/chat/completions");
    }

    @Test
    void anthropicAndGeminiStringsReachTheirApis() {
        server.reply(WireServer.Reply.json("{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":2,\"output_tokens\":1}}"));
        assertThat(ModelStrings.resolve("anthropic:claude-x", at("")).complete(CompletionRequest.of(ChatMessage.user("x")))
                .content()).isEqualTo("hello");
        assertThat(server.lastRequest().path()).isEqualTo("/v1/messages");

        server.reply(WireServer.Reply.json("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"hey\"}]},"
                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":1,\"candidatesTokenCount\":1,"
                + "\"totalTokenCount\":2},\"modelVersion\":\"gemini-x\"}"));
        assertThat(ModelStrings.resolve("gemini:gemini-x", at("/v1beta")).complete(CompletionRequest.of(ChatMessage.user("x")))
                .content()).isEqualTo("hey");
        assertThat(server.lastRequest().path()).isEqualTo("/v1beta/models/gemini-x:generateContent");
    }

    @Test
    void badModelStringsSayWhatIsWrong() {
        assertThatThrownBy(() -> ModelStrings.resolve("gpt-4o", ModelStrings.Options.none()))
                .isInstanceOf(ValidationError.class).hasMessageContaining("provider:model");
        assertThatThrownBy(() -> ModelStrings.resolve("nosuch:model", ModelStrings.Options.none()))
                .isInstanceOf(ValidationError.class).hasMessageContaining("unknown provider 'nosuch'")
                .hasMessageContaining("anthropic").hasMessageContaining("groq");
        assertThatThrownBy(() -> ModelStrings.resolve("local:bge-small-en-v1.5", ModelStrings.Options.none()))
                .isInstanceOf(UnsupportedError.class).hasMessageContaining("camel-blazen-inference").hasMessageContaining("bge-small-en-v1.5");
        assertThatThrownBy(() -> ModelStrings.resolve(" ", ModelStrings.Options.none())).isInstanceOf(ValidationError.class);
    }

    @Test
    void localModelsComeFromTheServiceLoader() {
        CustomProvider letters = ModelStrings.resolve("local:letters", ModelStrings.Options.none());
        assertThat(letters.modelId()).isEqualTo("letters");
        assertThat(letters.embed(List.of("banana")).embeddings().get(0)).containsExactly(6f, 3f);
        assertThatThrownBy(() -> letters.complete(CompletionRequest.of(ChatMessage.user("x")))).isInstanceOf(UnsupportedError.class);
    }

    @Test
    void optionsHideTheKey() {
        assertThat(at("").toString()).doesNotContain("sk-test-key-123456");
    }

    @Test
    void factoriesOnCustomProvider() {
        assertThat(CustomProvider.ollama("llama3.1").providerId()).isEqualTo("ollama");
        assertThat(CustomProvider.lmStudio("my-model").providerId()).isEqualTo("lmstudio");
        CustomProvider plain = CustomProvider.ollama("llama3.1");
        var terse = plain.withSystemPrompt("Be terse.");
        assertThat(terse).isNotSameAs(plain);
        assertThat(terse.delegate()).isSameAs(plain);
    }
}
