package dev.blazen.llm.provider.anthropic;

import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.BlazenError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.ApiKey;
import dev.blazen.llm.http.HttpTransport;
import dev.blazen.llm.provider.CustomProvider;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Claude through Anthropic's Messages API ({@code POST /v1/messages}, {@code anthropic-version: 2023-06-01}), one-shot
 * and streamed, with images, PDF and plain-text documents, tool use and tool results.
 *
 * <p>Structured output: the Messages API has no JSON-schema response format, so a request with a
 * {@link CompletionRequest#responseFormat() response format} is sent with one more tool, {@code structured_output},
 * whose input schema is that format, and {@code tool_choice} forcing the model to call it; the tool's input is returned
 * as the response content (JSON text), and the model cannot call the request's other tools in that turn. Schemas that
 * do not describe an object are wrapped in an object property and unwrapped again.
 *
 * <p>Anthropic offers no embeddings, so {@link #embed} keeps the inherited {@code UnsupportedError}. The key comes from
 * the builder or {@code ANTHROPIC_API_KEY} and is masked in every message and in {@link #toString()}.
 */
public final class AnthropicProvider implements CustomProvider {

    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String DEFAULT_MODEL = "claude-sonnet-4-5";
    public static final String API_VERSION = "2023-06-01";
    public static final String API_KEY_VARIABLE = "ANTHROPIC_API_KEY";
    /** max_tokens is required by the API; this is sent when a request does not set it. */
    public static final int DEFAULT_MAX_TOKENS = 4096;
    /** Non-streamed answers with many tokens take minutes; Anthropic's own clients wait up to ten. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final ApiKey apiKey;
    private final String model;
    private final String baseUrl;
    private final int maxTokens;
    private final HttpTransport transport;
    private final URI messagesUri;

    private AnthropicProvider(Builder builder) {
        this.apiKey = builder.apiKey != null ? builder.apiKey : ApiKey.resolve(null, API_KEY_VARIABLE);
        if (apiKey == null) {
            throw new AuthError("anthropic needs an API key: pass one or set " + API_KEY_VARIABLE);
        }
        this.model = builder.model;
        this.baseUrl = builder.baseUrl;
        this.maxTokens = builder.maxTokens;
        this.transport = new HttpTransport(AnthropicErrors.PROVIDER, builder.timeout);
        this.messagesUri = URI.create(baseUrl + "/v1/messages");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The default model, with the key from {@code ANTHROPIC_API_KEY}. */
    public static AnthropicProvider fromEnvironment() {
        return builder().build();
    }

    @Override
    public String providerId() {
        return AnthropicErrors.PROVIDER;
    }

    @Override
    public String modelId() {
        return model;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public int defaultMaxTokens() {
        return maxTokens;
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        return HttpTransport.join(completeAsync(request));
    }

    @Override
    public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
        AnthropicRequestMapper.Mapped mapped;
        try {
            mapped = AnthropicRequestMapper.map(request, model, maxTokens, false);
        } catch (BlazenError e) {
            return CompletableFuture.failedFuture(e);
        }
        long start = System.nanoTime();
        return transport.postJsonAsync(messagesUri, headers(mapped), mapped.body())
                .thenApply(body -> MessageAssembly.parse(body, mapped.structuredOutput(), elapsed(start)));
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        if (sink == null) {
            throw new ValidationError("sink", "a stream needs a sink");
        }
        AnthropicRequestMapper.Mapped mapped = AnthropicRequestMapper.map(request, model, maxTokens, true);
        long start = System.nanoTime();
        AnthropicStreamReader reader = new AnthropicStreamReader(sink, mapped.structuredOutput(), apiKey);
        boolean cleanEnd = transport.postSse(messagesUri, headers(mapped), mapped.body(), reader);
        return reader.finish(cleanEnd, elapsed(start));
    }

    private Map<String, String> headers(AnthropicRequestMapper.Mapped mapped) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-api-key", apiKey.reveal());
        headers.put("anthropic-version", API_VERSION);
        if (mapped.usesFiles()) {
            headers.put("anthropic-beta", AnthropicRequestMapper.FILES_BETA);
        }
        return headers;
    }

    private static RequestTiming elapsed(long startNanos) {
        return RequestTiming.total((System.nanoTime() - startNanos) / 1_000_000);
    }

    @Override
    public String toString() {
        return "AnthropicProvider[model=" + model + ", baseUrl=" + baseUrl + ", apiKey=" + apiKey + "]";
    }

    /** Settings of an {@link AnthropicProvider}; every one has a default except the key, which may come from the environment. */
    public static final class Builder {

        private ApiKey apiKey;
        private String model = DEFAULT_MODEL;
        private String baseUrl = DEFAULT_BASE_URL;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder() {
        }

        /** The key; when null or blank, {@code ANTHROPIC_API_KEY} is read. */
        public Builder apiKey(String value) {
            this.apiKey = ApiKey.of(value);
            return this;
        }

        public Builder apiKey(ApiKey value) {
            this.apiKey = value;
            return this;
        }

        public Builder model(String value) {
            this.model = value == null || value.isBlank() ? DEFAULT_MODEL : value;
            return this;
        }

        /** Another endpoint that speaks the Messages API (a proxy, a gateway, a test server); no trailing /v1. */
        public Builder baseUrl(String value) {
            String url = value == null || value.isBlank() ? DEFAULT_BASE_URL : value.strip();
            this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            return this;
        }

        /** max_tokens for requests that do not set {@link CompletionRequest#maxTokens()}. */
        public Builder maxTokens(int value) {
            if (value < 1) {
                throw new ValidationError("maxTokens", "must be at least 1, was " + value);
            }
            this.maxTokens = value;
            return this;
        }

        public Builder timeout(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new ValidationError("timeout", "must be positive");
            }
            this.timeout = value;
            return this;
        }

        public AnthropicProvider build() {
            return new AnthropicProvider(this);
        }
    }
}
