package dev.blazen.llm.provider.openai;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.WireServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OpenAiPresetTest {

    static final String KEY = "preset-secret-key-42424242";
    static final String TEXT_ANSWER = """
            {"id":"c","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";

    final WireServer server = new WireServer();

    OpenAiPresetTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
            "openai,     https://api.openai.com/v1,                OPENAI_API_KEY",
            "openrouter, https://openrouter.ai/api/v1,             OPENROUTER_API_KEY",
            "groq,       https://api.groq.com/openai/v1,           GROQ_API_KEY",
            "together,   https://api.together.xyz/v1,              TOGETHER_API_KEY",
            "mistral,    https://api.mistral.ai/v1,                MISTRAL_API_KEY",
            "deepseek,   https://api.deepseek.com,                 DEEPSEEK_API_KEY",
            "fireworks,  https://api.fireworks.ai/inference/v1,    FIREWORKS_API_KEY",
            "perplexity, https://api.perplexity.ai,                PERPLEXITY_API_KEY",
            "xai,        https://api.x.ai/v1,                      XAI_API_KEY",
            "cohere,     https://api.cohere.ai/compatibility/v1,   COHERE_API_KEY",
            "ollama,     http://localhost:11434/v1,                ''",
            "lmstudio,   http://localhost:1234/v1,                 ''",
            "vllm,       http://localhost:8000/v1,                 VLLM_API_KEY",
            "llamacpp,   http://localhost:8080/v1,                 LLAMA_API_KEY"})
    void presetsKnowTheirBaseUrlsAndKeyVariables(String id, String baseUrl, String keyVariable) {
        OpenAiPreset preset = OpenAiPreset.byId(id).orElseThrow();
        assertThat(preset.baseUrl()).isEqualTo(baseUrl);
        if (keyVariable.isEmpty()) {
            assertThat(preset.keyVariables()).isEmpty();
            assertThat(preset.keyRequired()).isFalse();
        } else {
            assertThat(preset.keyVariables().get(0)).isEqualTo(keyVariable);
        }
        OpenAiCompatProvider provider = preset.create("some-model", "explicit-key", null);
        assertThat(provider.providerId()).isEqualTo(id);
        assertThat(provider.modelId()).isEqualTo("some-model");
        assertThat(provider.config().baseUrl()).isEqualTo(baseUrl);
        assertThat(provider.config().apiKey().reveal()).isEqualTo("explicit-key");
    }

    @Test
    void cohereAlsoReadsCoApiKeyAndBedrockItsBearerToken() {
        assertThat(OpenAiPreset.COHERE.keyVariables()).containsExactly("COHERE_API_KEY", "CO_API_KEY");
        assertThat(OpenAiPreset.BEDROCK.keyVariables()).containsExactly("AWS_BEARER_TOKEN_BEDROCK");
        assertThat(OpenAiPreset.bedrockBaseUrl("eu-west-1"))
                .isEqualTo("https://bedrock-runtime.eu-west-1.amazonaws.com/openai/v1");
        assertThat(OpenAiPreset.bedrock("openai.gpt-oss-20b-1:0", "br-key", "us-west-2").config().baseUrl())
                .isEqualTo("https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1");
        assertThatThrownBy(() -> OpenAiPreset.bedrockBaseUrl("us-west-2/../x")).isInstanceOf(ValidationError.class);
    }

    @Test
    void wireQuirksPerPreset() {
        assertThat(OpenAiPreset.OPENAI.config("gpt-4o-mini", "k", null).maxTokensField())
                .isEqualTo(MaxTokensField.MAX_COMPLETION_TOKENS);
        assertThat(OpenAiPreset.OPENAI.config("gpt-4o-mini", "k", null).defaultEmbeddingModel())
                .isEqualTo("text-embedding-3-small");
        assertThat(OpenAiPreset.MISTRAL.config("mistral-large-latest", "k", null).streamUsage()).isFalse();
        assertThat(OpenAiPreset.MISTRAL.config("mistral-large-latest", "k", null).maxTokensField())
                .isEqualTo(MaxTokensField.MAX_TOKENS);
        assertThat(OpenAiPreset.COHERE.config("command-a-03-2025", "k", null).streamUsage()).isFalse();
        assertThat(OpenAiPreset.GROQ.config("llama-3.3-70b-versatile", "k", null).streamUsage()).isTrue();
    }

    @Test
    void hostedPresetsWithoutAKeyFailNamingTheVariable() {
        assumeTrue(System.getenv("GROQ_API_KEY") == null, "GROQ_API_KEY is set in this environment");
        assertThatThrownBy(() -> OpenAiPreset.GROQ.create("llama-3.3-70b-versatile"))
                .isInstanceOf(AuthError.class).hasMessageContaining("GROQ_API_KEY");
        assertThatThrownBy(() -> OpenAiPreset.GROQ.create(" ", "k", null)).isInstanceOf(ValidationError.class);
    }

    @Test
    void presetSendsToItsBaseUrlWithBearerAuthAndMaxCompletionTokensForOpenAi() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        OpenAiCompatProvider openai = OpenAiPreset.OPENAI.create("gpt-4o-mini", KEY, server.baseUrl() + "/v1");
        openai.complete(CompletionRequest.of(ChatMessage.user("x")).withMaxTokens(50));
        WireServer.Recorded sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.headers()).containsEntry("authorization", "Bearer " + KEY);
        assertThat(sent.json().path("max_completion_tokens").asInt()).isEqualTo(50);
        assertThat(sent.json().has("max_tokens")).isFalse();
        assertThat(openai.toString()).doesNotContain(KEY);
    }

    @Test
    void localFactoriesNeedNoKey() {
        OpenAiCompatProvider ollama = OpenAiCompatProvider.ollama("llama3.1");
        assertThat(ollama.providerId()).isEqualTo("ollama");
        assertThat(ollama.config().baseUrl()).isEqualTo("http://localhost:11434/v1");
        assertThat(OpenAiCompatProvider.ollama("llama3.1", "gpu-box", 11500).config().baseUrl())
                .isEqualTo("http://gpu-box:11500/v1");
        assertThat(OpenAiCompatProvider.lmStudio("my-model").config().baseUrl()).isEqualTo("http://localhost:1234/v1");
        assertThat(OpenAiCompatProvider.lmStudio("my-model", "127.0.0.1", 4321).config().baseUrl())
                .isEqualTo("http://127.0.0.1:4321/v1");
        assertThatThrownBy(() -> OpenAiCompatProvider.ollama("llama3.1", "h", 0)).isInstanceOf(ValidationError.class);
    }

    @Test
    void ollamaFactoryTalksToTheServerWithoutAuthorization() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        String host = server.baseUrl().substring("http://".length(), server.baseUrl().lastIndexOf(':'));
        int port = Integer.parseInt(server.baseUrl().substring(server.baseUrl().lastIndexOf(':') + 1));
        OpenAiCompatProvider ollama = OpenAiCompatProvider.ollama("llama3.1", host, port);
        assertThat(ollama.complete(CompletionRequest.of(ChatMessage.user("x"))).content()).isEqualTo("ok");
        assertThat(server.lastRequest().path()).isEqualTo("/v1/chat/completions");
        assertThat(server.lastRequest().headers()).doesNotContainKey("authorization");
    }

    @Test
    void azureUsesDeploymentUrlsApiVersionAndTheApiKeyHeader() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        OpenAiCompatProvider azure = AzureOpenAi.create(server.baseUrl() + "/", "my-gpt4o", KEY, null);

        azure.complete(CompletionRequest.of(ChatMessage.user("x")).withMaxTokens(10));

        WireServer.Recorded sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/openai/deployments/my-gpt4o/chat/completions");
        assertThat(sent.query()).isEqualTo("api-version=" + AzureOpenAi.DEFAULT_API_VERSION);
        assertThat(sent.headers()).containsEntry("api-key", KEY).doesNotContainKey("authorization");
        assertThat(sent.json().path("max_completion_tokens").asInt()).isEqualTo(10);
        assertThat(azure.providerId()).isEqualTo("azure");
        assertThat(azure.toString()).doesNotContain(KEY);
    }

    @Test
    void azureStreamsAndEmbedsThroughTheirDeployments() {
        server.reply(WireServer.Reply.sse(List.of(
                "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}",
                "data: [DONE]")));
        server.reply(WireServer.Reply.json("{\"data\":[{\"index\":0,\"embedding\":[0.1]}],\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1}}"));
        OpenAiCompatProvider azure = AzureOpenAi.create(
                AzureOpenAi.config(server.baseUrl(), "chat-dep", KEY, "2025-01-01-preview")
                        .withDefaultEmbeddingModel("embed-dep"));

        assertThat(azure.stream(CompletionRequest.of(ChatMessage.user("x")), chunk -> { }).content()).isEqualTo("hi");
        assertThat(azure.embed(List.of("a")).embeddings()).hasSize(1);

        List<WireServer.Recorded> sent = server.requests();
        assertThat(sent.get(0).path()).isEqualTo("/openai/deployments/chat-dep/chat/completions");
        assertThat(sent.get(0).query()).isEqualTo("api-version=2025-01-01-preview");
        assertThat(sent.get(1).path()).isEqualTo("/openai/deployments/embed-dep/embeddings");
        assertThat(sent.get(1).query()).isEqualTo("api-version=2025-01-01-preview");
        assertThat(sent.get(1).headers()).containsEntry("api-key", KEY);
    }

    @Test
    void azureNeedsAnEndpointAndAKey() {
        assumeTrue(System.getenv(AzureOpenAi.ENDPOINT_VARIABLE) == null && System.getenv(AzureOpenAi.KEY_VARIABLE) == null);
        assertThatThrownBy(() -> AzureOpenAi.create("dep")).isInstanceOf(ValidationError.class)
                .hasMessageContaining("AZURE_OPENAI_ENDPOINT");
        assertThatThrownBy(() -> AzureOpenAi.create("https://r.openai.azure.com", "dep", null, null))
                .isInstanceOf(AuthError.class).hasMessageContaining("AZURE_OPENAI_API_KEY");
        assertThat(AzureOpenAi.resourceEndpoint("my-res")).isEqualTo("https://my-res.openai.azure.com");
    }

    @Test
    void customAuthHeaderAndQueryParams() {
        server.reply(WireServer.Reply.json(TEXT_ANSWER));
        OpenAiCompatProvider custom = OpenAiCompatProvider.openaiCompat("gateway",
                OpenAiCompatConfig.of(server.baseUrl() + "/api", dev.blazen.llm.http.ApiKey.of(KEY), "m")
                        .withAuthMethod(AuthMethod.header("X-Api-Key"))
                        .withQueryParams(java.util.Map.of("tenant", "a b")));
        custom.complete(CompletionRequest.of(ChatMessage.user("x")));
        WireServer.Recorded sent = server.lastRequest();
        assertThat(sent.path()).isEqualTo("/api/chat/completions");
        assertThat(sent.query()).isEqualTo("tenant=a+b");
        assertThat(sent.headers()).containsEntry("x-api-key", KEY).doesNotContainKey("authorization");
    }
}
