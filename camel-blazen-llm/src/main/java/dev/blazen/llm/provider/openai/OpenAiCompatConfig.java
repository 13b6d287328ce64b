package dev.blazen.llm.provider.openai;

import dev.blazen.llm.http.ApiKey;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how to reach an OpenAI-compatible server. The {@code with*} methods return changed copies.
 *
 * @param baseUrl               the URL the API paths hang from, such as {@code https://api.openai.com/v1}
 * @param apiKey                the key, or null for servers without authentication
 * @param defaultModel          the model used when a request names none
 * @param authMethod            how the key is sent
 * @param extraHeaders          headers added to every request
 * @param queryParams           query parameters appended to every URL (Azure's {@code api-version})
 * @param defaultEmbeddingModel the model {@code embed} uses; null means {@code defaultModel}
 * @param timeout               the limit for one request (for streams: until the answer starts)
 * @param maxTokensField        which field carries {@code maxTokens}
 * @param streamUsage           whether streams ask for usage ({@code stream_options.include_usage}); some servers
 *                              reject the field
 */
public record OpenAiCompatConfig(String baseUrl, ApiKey apiKey, String defaultModel, AuthMethod authMethod,
        Map<String, String> extraHeaders, Map<String, String> queryParams, String defaultEmbeddingModel,
        Duration timeout, MaxTokensField maxTokensField, boolean streamUsage) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public OpenAiCompatConfig {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("an OpenAI-compatible provider needs a base URL");
        }
        baseUrl = baseUrl.strip();
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        authMethod = authMethod == null ? AuthMethod.BEARER : authMethod;
        extraHeaders = ordered(extraHeaders);
        queryParams = ordered(queryParams);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        maxTokensField = maxTokensField == null ? MaxTokensField.MAX_TOKENS : maxTokensField;
    }

    /** Bearer auth, no extras, default timeout, {@code max_tokens}, usage asked for in streams. */
    public static OpenAiCompatConfig of(String baseUrl, ApiKey apiKey, String defaultModel) {
        return new OpenAiCompatConfig(baseUrl, apiKey, defaultModel, AuthMethod.BEARER, Map.of(), Map.of(), null,
                DEFAULT_TIMEOUT, MaxTokensField.MAX_TOKENS, true);
    }

    public OpenAiCompatConfig withBaseUrl(String value) {
        return new OpenAiCompatConfig(value, apiKey, defaultModel, authMethod, extraHeaders, queryParams,
                defaultEmbeddingModel, timeout, maxTokensField, streamUsage);
    }

    public OpenAiCompatConfig withApiKey(ApiKey value) {
        return new OpenAiCompatConfig(baseUrl, value, defaultModel, authMethod, extraHeaders, queryParams,
                defaultEmbeddingModel, timeout, maxTokensField, streamUsage);
    }

    public OpenAiCompatConfig withDefaultModel(String value) {
        return new OpenAiCompatConfig(baseUrl, apiKey, value, authMethod, extraHeaders, queryParams,
                defaultEmbeddingModel, timeout, maxTokensField, streamUsage);
    }

    public OpenAiCompatConfig withAuthMethod(AuthMethod value) {
        return new OpenAiCompatConfig(baseUrl, apiKey, defaultModel, value, extraHeaders, queryParams,
                defaultEmbeddingModel, timeout, maxTokensField, streamUsage);
    }

    public OpenAiCompatConfig withExtraHeaders(Map<String, String> value) {
        return new OpenAiCompatConfig(baseUrl, apiKey, defaultModel, authMethod, value, queryParams,
                defaultEmbeddingModel, timeout, maxTokensField, streamUsage);
    }

    public OpenAiCompatConfig withQueryParams(Map<String, String> value) {
        return new OpenAiCompatConfig(baseUrl, apiKey, defaultModel, authMethod, extraHeaders, value,
                defaultEmbeddingModel, timeout, maxTokensField, streamUsage);
    }

    public OpenAiCompatConfig withDefaultEmbeddingModel(String value) {
        return new OpenAiCompatConfig(baseUrl, apiKey, defaultModel, authMethod, extraHeaders, queryParams,
                value, timeout, maxTokensField, streamUsage);
    }

    public OpenAiCompatConfig withTimeout(Duration value) {
        return new OpenAiCompatConfig(baseUrl, apiKey, defaultModel, authMethod, extraHeaders, queryParams,
                defaultEmbeddingModel, value, maxTokensField, streamUsage);
    }

    public OpenAiCompatConfig withMaxTokensField(MaxTokensField value) {
        return new OpenAiCompatConfig(baseUrl, apiKey, defaultModel, authMethod, extraHeaders, queryParams,
                defaultEmbeddingModel, timeout, value, streamUsage);
    }

    public OpenAiCompatConfig withStreamUsage(boolean value) {
        return new OpenAiCompatConfig(baseUrl, apiKey, defaultModel, authMethod, extraHeaders, queryParams,
                defaultEmbeddingModel, timeout, maxTokensField, value);
    }

    /** The key is masked and extra header values are left out: they may hold credentials too. */
    @Override
    public String toString() {
        return "OpenAiCompatConfig[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "****")
                + ", defaultModel=" + defaultModel + ", authMethod=" + authMethod
                + ", extraHeaders=" + extraHeaders.keySet() + ", queryParams=" + queryParams.keySet()
                + ", defaultEmbeddingModel=" + defaultEmbeddingModel + ", timeout=" + timeout
                + ", maxTokensField=" + maxTokensField + ", streamUsage=" + streamUsage + "]";
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
