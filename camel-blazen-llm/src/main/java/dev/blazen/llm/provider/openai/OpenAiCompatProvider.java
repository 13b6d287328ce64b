package dev.blazen.llm.provider.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.provider.CustomProvider;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A provider speaking the OpenAI chat-completions wire format: OpenAI itself, Azure OpenAI, the hosted compatible
 * services ({@link OpenAiPreset}) and local servers (Ollama, LM Studio, vLLM, llama.cpp). It completes, streams and
 * embeds; the compute methods stay unsupported because the format does not cover them.
 */
public class OpenAiCompatProvider implements CustomProvider {

    private final String providerId;
    private final OpenAiCompatConfig config;
    private final boolean deploymentPaths;
    private final ChatCompletionsCodec codec;
    private final HttpTransport transport;
    private volatile int dimensions;

    public OpenAiCompatProvider(String providerId, OpenAiCompatConfig config) {
        this(providerId, config, false);
    }

    /**
     * @param deploymentPaths true for Azure's layout, where the model (deployment) is a path segment:
     *                        {@code {baseUrl}/{deployment}/chat/completions}
     */
    OpenAiCompatProvider(String providerId, OpenAiCompatConfig config, boolean deploymentPaths) {
        if (providerId == null || providerId.isBlank()) {
            throw new IllegalArgumentException("a provider id is needed");
        }
        if (config == null) {
            throw new IllegalArgumentException("a configuration is needed");
        }
        this.providerId = providerId;
        this.config = config;
        this.deploymentPaths = deploymentPaths;
        this.codec = new ChatCompletionsCodec(providerId, config.maxTokensField(), config.streamUsage());
        this.transport = new HttpTransport(providerId, config.timeout());
    }

    /** Any OpenAI-compatible server under the given id. */
    public static OpenAiCompatProvider openaiCompat(String providerId, OpenAiCompatConfig config) {
        return new OpenAiCompatProvider(providerId, config);
    }

    /** Ollama on localhost:11434. */
    public static OpenAiCompatProvider ollama(String model) {
        return OpenAiPreset.OLLAMA.create(model, null, null);
    }

    public static OpenAiCompatProvider ollama(String model, String host, int port) {
        return OpenAiPreset.OLLAMA.create(model, null, localUrl(host, port));
    }

    /** LM Studio on localhost:1234. */
    public static OpenAiCompatProvider lmStudio(String model) {
        return OpenAiPreset.LMSTUDIO.create(model, null, null);
    }

    public static OpenAiCompatProvider lmStudio(String model, String host, int port) {
        return OpenAiPreset.LMSTUDIO.create(model, null, localUrl(host, port));
    }

    private static String localUrl(String host, int port) {
        if (host == null || host.isBlank() || port <= 0 || port > 65535) {
            throw new ValidationError("host", "a host name and a port between 1 and 65535 are needed");
        }
        return "http://" + host.strip() + ":" + port + "/v1";
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public String modelId() {
        return config.defaultModel();
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    public OpenAiCompatConfig config() {
        return config;
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        return HttpTransport.join(completeAsync(request));
    }

    @Override
    public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
        long start = System.nanoTime();
        String model;
        ObjectNode body;
        try {
            model = chatModel(request);
            body = codec.chatRequest(request, model, false);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return transport.postJsonAsync(uri(model, "/chat/completions"), headers(), body)
                .thenApply(json -> codec.completion(json, model, start));
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        long start = System.nanoTime();
        String model = chatModel(request);
        ObjectNode body = codec.chatRequest(request, model, true);
        ChatStreamAssembler assembler = new ChatStreamAssembler(codec, sink, model, start);
        boolean clean = transport.postSse(uri(model, "/chat/completions"), headers(), body, assembler::accept);
        return assembler.finish(clean);
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        long start = System.nanoTime();
        String model = config.defaultEmbeddingModel() != null ? config.defaultEmbeddingModel() : config.defaultModel();
        if (model == null || model.isBlank()) {
            throw new ValidationError("model", providerId + " has no embedding model configured");
        }
        if (texts == null || texts.isEmpty()) {
            return new EmbeddingResponse(List.of(), model, null, null, null, null);
        }
        EmbeddingResponse response = codec.embeddings(
                transport.postJson(uri(model, "/embeddings"), headers(), codec.embeddingsRequest(model, texts)),
                texts, model, start);
        if (!response.embeddings().isEmpty()) {
            dimensions = response.embeddings().get(0).length;
        }
        return response;
    }

    private String chatModel(CompletionRequest request) {
        String model = request.model() != null && !request.model().isBlank() ? request.model() : config.defaultModel();
        if (model == null || model.isBlank()) {
            throw new ValidationError("model", providerId + " needs a model: set a default model or name one in the request");
        }
        return model;
    }

    URI uri(String model, String path) {
        StringBuilder url = new StringBuilder(config.baseUrl());
        if (deploymentPaths) {
            url.append('/').append(encode(model).replace("+", "%20"));
        }
        url.append(path);
        char separator = '?';
        for (Map.Entry<String, String> param : config.queryParams().entrySet()) {
            url.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        return URI.create(url.toString());
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>(config.extraHeaders());
        headers.putAll(config.authMethod().headers(config.apiKey()));
        return headers;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + providerId + ", " + config.baseUrl() + ", model=" + config.defaultModel() + "]";
    }
}
