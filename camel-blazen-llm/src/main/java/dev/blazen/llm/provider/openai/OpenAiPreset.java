package dev.blazen.llm.provider.openai;

import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.ApiKey;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The known OpenAI-compatible services and local servers: base URL, key variables and the quirks of each wire
 * (which max-tokens field, whether streams may ask for usage). Base URLs follow each provider's OpenAI-compatibility
 * documentation. Local servers need no key but send one when their variable is set (vLLM and llama.cpp's server can
 * be started with {@code --api-key}).
 */
public enum OpenAiPreset {
    OPENAI("openai", "https://api.openai.com/v1", true, MaxTokensField.MAX_COMPLETION_TOKENS, true,
            "text-embedding-3-small", "OPENAI_API_KEY"),
    OPENROUTER("openrouter", "https://openrouter.ai/api/v1", true, MaxTokensField.MAX_TOKENS, true, null,
            "OPENROUTER_API_KEY"),
    GROQ("groq", "https://api.groq.com/openai/v1", true, MaxTokensField.MAX_TOKENS, true, null, "GROQ_API_KEY"),
    TOGETHER("together", "https://api.together.xyz/v1", true, MaxTokensField.MAX_TOKENS, true, null,
            "TOGETHER_API_KEY"),
    /** Mistral rejects unknown fields: no stream_options (it reports usage on the last chunk anyway). */
    MISTRAL("mistral", "https://api.mistral.ai/v1", true, MaxTokensField.MAX_TOKENS, false, "mistral-embed",
            "MISTRAL_API_KEY"),
    DEEPSEEK("deepseek", "https://api.deepseek.com", true, MaxTokensField.MAX_TOKENS, true, null, "DEEPSEEK_API_KEY"),
    FIREWORKS("fireworks", "https://api.fireworks.ai/inference/v1", true, MaxTokensField.MAX_TOKENS, true, null,
            "FIREWORKS_API_KEY"),
    PERPLEXITY("perplexity", "https://api.perplexity.ai", true, MaxTokensField.MAX_TOKENS, true, null,
            "PERPLEXITY_API_KEY"),
    XAI("xai", "https://api.x.ai/v1", true, MaxTokensField.MAX_TOKENS, true, null, "XAI_API_KEY"),
    /** Cohere's Compatibility API; it rejects stream_options. */
    COHERE("cohere", "https://api.cohere.ai/compatibility/v1", true, MaxTokensField.MAX_TOKENS, false, null,
            "COHERE_API_KEY", "CO_API_KEY"),
    /**
     * Bedrock's OpenAI-compatible Chat Completions on the bedrock-runtime endpoint, authenticated with a Bedrock API
     * key as bearer token (SigV4 signing is not done here). The region comes from {@link #bedrockBaseUrl(String)},
     * else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1.
     */
    BEDROCK("bedrock", "https://bedrock-runtime.{region}.amazonaws.com/openai/v1", true, MaxTokensField.MAX_TOKENS,
            true, null, "AWS_BEARER_TOKEN_BEDROCK"),
    OLLAMA("ollama", "http://localhost:11434/v1", false, MaxTokensField.MAX_TOKENS, true, null),
    LMSTUDIO("lmstudio", "http://localhost:1234/v1", false, MaxTokensField.MAX_TOKENS, true, null),
    VLLM("vllm", "http://localhost:8000/v1", false, MaxTokensField.MAX_TOKENS, true, null, "VLLM_API_KEY"),
    LLAMACPP("llamacpp", "http://localhost:8080/v1", false, MaxTokensField.MAX_TOKENS, true, null, "LLAMA_API_KEY");

    private static final String DEFAULT_BEDROCK_REGION = "us-east-1";

    private final String id;
    private final String baseUrl;
    private final boolean keyRequired;
    private final MaxTokensField maxTokensField;
    private final boolean streamUsage;
    private final String defaultEmbeddingModel;
    private final List<String> keyVariables;

    OpenAiPreset(String id, String baseUrl, boolean keyRequired, MaxTokensField maxTokensField, boolean streamUsage,
            String defaultEmbeddingModel, String... keyVariables) {
        this.id = id;
        this.baseUrl = baseUrl;
        this.keyRequired = keyRequired;
        this.maxTokensField = maxTokensField;
        this.streamUsage = streamUsage;
        this.defaultEmbeddingModel = defaultEmbeddingModel;
        this.keyVariables = List.of(keyVariables);
    }

    /** The provider id, as in model strings such as {@code groq:llama-3.3-70b-versatile}. */
    public String id() {
        return id;
    }

    /** The default base URL (for Bedrock: in the region of AWS_REGION / AWS_DEFAULT_REGION, else us-east-1). */
    public String baseUrl() {
        if (this != BEDROCK) {
            return baseUrl;
        }
        String region = firstSet("AWS_REGION", "AWS_DEFAULT_REGION");
        return bedrockBaseUrl(region != null ? region : DEFAULT_BEDROCK_REGION);
    }

    /** Bedrock's OpenAI-compatible base URL in a region. */
    public static String bedrockBaseUrl(String region) {
        if (region == null || !region.matches("[a-z0-9-]+")) {
            throw new ValidationError("region", "not an AWS region: " + region);
        }
        return BEDROCK.baseUrl.replace("{region}", region);
    }

    /** The environment variables the key is read from, in order. */
    public List<String> keyVariables() {
        return keyVariables;
    }

    public boolean keyRequired() {
        return keyRequired;
    }

    public static Optional<OpenAiPreset> byId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst();
    }

    /**
     * The configuration for {@code model} with the key given (or read from the preset's variables) and the base URL
     * given (or the preset's). A hosted service without a key is an {@link AuthError} naming the variables.
     */
    public OpenAiCompatConfig config(String model, String apiKey, String baseUrlOverride) {
        if (model == null || model.isBlank()) {
            throw new ValidationError("model", id + " needs a model name");
        }
        ApiKey key = ApiKey.resolve(apiKey, keyVariables.toArray(String[]::new));
        if (key == null && keyRequired) {
            throw new AuthError("no API key for " + id + ": pass one or set " + String.join(" or ", keyVariables));
        }
        String url = baseUrlOverride == null || baseUrlOverride.isBlank() ? baseUrl() : baseUrlOverride;
        return OpenAiCompatConfig.of(url, key, model.strip())
                .withMaxTokensField(maxTokensField)
                .withStreamUsage(streamUsage)
                .withDefaultEmbeddingModel(defaultEmbeddingModel);
    }

    public OpenAiCompatProvider create(String model, String apiKey, String baseUrlOverride) {
        return new OpenAiCompatProvider(id, config(model, apiKey, baseUrlOverride));
    }

    /** The key from the environment, the default base URL. */
    public OpenAiCompatProvider create(String model) {
        return create(model, null, null);
    }

    /** Bedrock in a given region. */
    public static OpenAiCompatProvider bedrock(String model, String apiKey, String region) {
        return BEDROCK.create(model, apiKey, bedrockBaseUrl(region));
    }

    private static String firstSet(String... variables) {
        for (String variable : variables) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
