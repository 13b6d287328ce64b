package dev.blazen.llm.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.chat.ToolCall;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.CompletionError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.ApiKey;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.http.SseEvent;
import dev.blazen.llm.provider.CustomProvider;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Google's Gemini API (generativelanguage, v1beta): {@code generateContent}, {@code streamGenerateContent} over SSE and
 * {@code batchEmbedContents}. The key travels in the {@code x-goog-api-key} header, never in the URL, so it cannot
 * end up in access logs or error messages that quote the address.
 */
public final class GeminiProvider implements CustomProvider {

    static final String ID = "gemini";
    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";
    public static final String DEFAULT_MODEL = "gemini-2.5-flash";
    /** Google's current generally available embedding model; text-embedding-004 is being retired. */
    public static final String DEFAULT_EMBEDDING_MODEL = "gemini-embedding-001";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private static final int MAX_SIGNATURES = 4096;
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final ApiKey apiKey;
    private final String baseUrl;
    private final String model;
    private final String embeddingModel;
    private final HttpTransport transport;
    private volatile int dimensions;
    /**
     * Thought signatures of recent function calls by call id: the shared ToolCall type has no place for them, and
     * thinking models want them back with the call in the next turn. Bounded, oldest first out.
     */
    private final Map<String, String> signatures = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_SIGNATURES;
        }
    });

    private GeminiProvider(Builder builder) {
        this.apiKey = ApiKey.resolve(builder.apiKey, "GEMINI_API_KEY", "GOOGLE_API_KEY");
        if (apiKey == null) {
            throw new AuthError("no Gemini API key: pass one or set GEMINI_API_KEY or GOOGLE_API_KEY");
        }
        this.baseUrl = builder.baseUrl.endsWith("/") ? builder.baseUrl.substring(0, builder.baseUrl.length() - 1)
                : builder.baseUrl;
        this.model = modelName(builder.model, "model");
        this.embeddingModel = modelName(builder.embeddingModel, "embeddingModel");
        this.transport = new HttpTransport(ID, builder.timeout);
    }

    /** A provider with the key from GEMINI_API_KEY or GOOGLE_API_KEY and the default models. */
    public static GeminiProvider create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String providerId() {
        return ID;
    }

    @Override
    public String modelId() {
        return model;
    }

    public String embeddingModelId() {
        return embeddingModel;
    }

    /** The embedding vector length, known after the first {@link #embed} call. */
    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        return HttpTransport.join(completeAsync(request));
    }

    @Override
    public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
        long start = System.nanoTime();
        String requestModel;
        ObjectNode body;
        try {
            requestModel = modelFor(request);
            body = GeminiRequests.generateContent(request, signatures::get);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return transport.postJsonAsync(uri(requestModel, ":generateContent"), headers(), body)
                .thenApply(node -> toResponse(node, requestModel, start));
    }

    private CompletionResponse toResponse(JsonNode node, String requestModel, long start) {
        GeminiResponses.Parsed parsed = GeminiResponses.parse(node, 0);
        signatures.putAll(parsed.signatures());
        if (!parsed.hasCandidate()) {
            throw new CompletionError(CompletionError.Kind.NO_CONTENT, "Gemini returned no candidate");
        }
        return new CompletionResponse(parsed.text().isEmpty() ? null : parsed.text(), parsed.toolCalls(),
                parsed.usage(), parsed.modelVersion() != null ? parsed.modelVersion() : requestModel,
                parsed.finishReason(), null, RequestTiming.total(elapsedMs(start)),
                metadata(parsed.modelVersion(), parsed.responseId()));
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        long start = System.nanoTime();
        String requestModel = modelFor(request);
        ObjectNode body = GeminiRequests.generateContent(request, signatures::get);
        StreamAssembly assembly = new StreamAssembly(sink, signatures);
        boolean clean = transport.postSse(uri(requestModel, ":streamGenerateContent?alt=sse"), headers(), body,
                assembly::accept);
        if (!clean) {
            throw new CompletionError(CompletionError.Kind.STREAM, "the Gemini stream broke off inside an event");
        }
        if (assembly.finishReason == null) {
            throw new CompletionError(CompletionError.Kind.STREAM, "the Gemini stream ended without a finish reason");
        }
        return new CompletionResponse(assembly.text.length() == 0 ? null : assembly.text.toString(), assembly.calls,
                assembly.usage, assembly.modelVersion != null ? assembly.modelVersion : requestModel,
                assembly.finishReason, null, RequestTiming.total(elapsedMs(start)),
                metadata(assembly.modelVersion, assembly.responseId));
    }

    /** Gathers the chunks of one stream: text deltas, whole function calls, the last finish reason and usage. */
    private static final class StreamAssembly {
        private final StreamSink sink;
        private final Map<String, String> signatures;
        private final StringBuilder text = new StringBuilder();
        private final List<ToolCall> calls = new ArrayList<>();
        private String finishReason;
        private TokenUsage usage;
        private String modelVersion;
        private String responseId;

        StreamAssembly(StreamSink sink, Map<String, String> signatures) {
            this.sink = sink;
            this.signatures = signatures;
        }

        void accept(SseEvent event) {
            if (event.data() == null || event.data().isBlank()) {
                return;
            }
            JsonNode node;
            try {
                node = HttpTransport.JSON.readTree(event.data());
            } catch (JsonProcessingException e) {
                throw new CompletionError(CompletionError.Kind.STREAM, "a Gemini stream chunk is not JSON");
            }
            GeminiResponses.Parsed parsed = GeminiResponses.parse(node, calls.size());
            text.append(parsed.text());
            calls.addAll(parsed.toolCalls());
            signatures.putAll(parsed.signatures());
            if (parsed.finishReason() != null) {
                finishReason = parsed.finishReason();
            }
            if (parsed.usage() != null) {
                usage = parsed.usage(); // Gemini repeats the running totals on each chunk
            }
            if (parsed.modelVersion() != null) {
                modelVersion = parsed.modelVersion();
            }
            if (parsed.responseId() != null) {
                responseId = parsed.responseId();
            }
            if (!parsed.text().isEmpty() || !parsed.toolCalls().isEmpty() || parsed.finishReason() != null) {
                sink.onChunk(new StreamChunk(parsed.text().isEmpty() ? null : parsed.text(), parsed.toolCalls(),
                        parsed.finishReason(), parsed.finishReason() != null ? usage : null));
            }
        }
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        long start = System.nanoTime();
        if (texts == null || texts.isEmpty()) {
            return new EmbeddingResponse(List.of(), embeddingModel, null, null, RequestTiming.total(0), null);
        }
        ObjectNode body = HttpTransport.JSON.createObjectNode();
        ArrayNode requests = body.putArray("requests");
        for (String text : texts) {
            ObjectNode item = requests.addObject().put("model", "models/" + embeddingModel);
            item.putObject("content").putArray("parts").addObject().put("text", text == null ? "" : text);
        }
        JsonNode answer = transport.postJson(uri(embeddingModel, ":batchEmbedContents"), headers(), body);
        JsonNode embeddings = answer.path("embeddings");
        if (!embeddings.isArray() || embeddings.size() != texts.size()) {
            throw new ProviderError(ID, "expected " + texts.size() + " embeddings, got "
                    + (embeddings.isArray() ? embeddings.size() : "none"), null);
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (JsonNode embedding : embeddings) {
            JsonNode values = embedding.path("values");
            float[] vector = new float[values.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) values.get(i).asDouble();
            }
            vectors.add(vector);
        }
        dimensions = vectors.get(0).length;
        // batchEmbedContents reports no token counts, so usage stays unknown rather than a made-up zero
        return new EmbeddingResponse(vectors, embeddingModel, null, null, RequestTiming.total(elapsedMs(start)), null);
    }

    private String modelFor(CompletionRequest request) {
        return request.model() == null || request.model().isBlank() ? model : modelName(request.model(), "model");
    }

    /** Accepts "gemini-2.5-flash" and the resource form "models/gemini-2.5-flash". */
    private static String modelName(String name, String field) {
        String bare = name != null && name.startsWith("models/") ? name.substring("models/".length()) : name;
        if (bare == null || !MODEL_NAME.matcher(bare).matches()) {
            throw new ValidationError(field, "not a Gemini model name: " + name);
        }
        return bare;
    }

    private URI uri(String modelName, String method) {
        return URI.create(baseUrl + "/models/" + modelName + method);
    }

    private Map<String, String> headers() {
        return Map.of("x-goog-api-key", apiKey.reveal());
    }

    private static JsonNode metadata(String modelVersion, String responseId) {
        ObjectNode metadata = HttpTransport.JSON.createObjectNode();
        if (modelVersion != null) {
            metadata.put("modelVersion", modelVersion);
        }
        if (responseId != null) {
            metadata.put("responseId", responseId);
        }
        return metadata.isEmpty() ? null : metadata;
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Override
    public String toString() {
        return "GeminiProvider[model=" + model + ", embeddingModel=" + embeddingModel + ", baseUrl=" + baseUrl + "]";
    }

    /** Options of a {@link GeminiProvider}; every one has a default. */
    public static final class Builder {
        private String apiKey;
        private String baseUrl = DEFAULT_BASE_URL;
        private String model = DEFAULT_MODEL;
        private String embeddingModel = DEFAULT_EMBEDDING_MODEL;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /** The key; when absent, GEMINI_API_KEY and then GOOGLE_API_KEY are read. */
        public Builder apiKey(String value) {
            this.apiKey = value;
            return this;
        }

        public Builder baseUrl(String value) {
            this.baseUrl = value == null ? DEFAULT_BASE_URL : value;
            return this;
        }

        public Builder model(String value) {
            this.model = value == null ? DEFAULT_MODEL : value;
            return this;
        }

        public Builder embeddingModel(String value) {
            this.embeddingModel = value == null ? DEFAULT_EMBEDDING_MODEL : value;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value == null ? DEFAULT_TIMEOUT : value;
            return this;
        }

        public GeminiProvider build() {
            return new GeminiProvider(this);
        }

        @Override
        public String toString() {
            return "GeminiProvider.Builder[model=" + model + ", baseUrl=" + baseUrl + "]";
        }
    }
}
