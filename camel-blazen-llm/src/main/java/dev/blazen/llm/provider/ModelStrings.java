package dev.blazen.llm.provider;

import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.http.ApiKey;
import dev.blazen.llm.local.LocalModelFactory;
import dev.blazen.llm.pricing.PricedProvider;
import dev.blazen.llm.provider.anthropic.AnthropicProvider;
import dev.blazen.llm.provider.gemini.GeminiProvider;
import dev.blazen.llm.provider.openai.AzureOpenAi;
import dev.blazen.llm.provider.openai.OpenAiCompatConfig;
import dev.blazen.llm.provider.openai.OpenAiCompatProvider;
import dev.blazen.llm.provider.openai.OpenAiPreset;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns the model strings a YAML author writes into providers: {@code openai:gpt-4o-mini},
 * {@code anthropic:claude-sonnet-4-5}, {@code gemini:gemini-2.5-flash}, {@code azure:<deployment>},
 * {@code ollama:llama3.1}, {@code lmstudio:my-model}, every OpenAI-compatible preset ({@code groq:...},
 * {@code openrouter:...}, ...), and {@code compat:<model>} with an explicit base URL. Keys come from the options or
 * the providers' standard environment variables. Every provider comes wrapped in {@link PricedProvider}, so each
 * response carries its cost when the model's price is known.
 */
public final class ModelStrings {

    /** What a model string can be given besides itself; every field may be null. */
    public record Options(String apiKey, String baseUrl, Duration timeout) {

        public static Options none() {
            return new Options(null, null, null);
        }

        @Override
        public String toString() {
            return "Options[apiKey=" + (apiKey == null ? null : "****") + ", baseUrl=" + baseUrl + ", timeout=" + timeout + "]";
        }
    }

    private ModelStrings() {
    }

    public static CustomProvider resolve(String modelString, Options options) {
        return PricedProvider.wrap(unpriced(modelString, options));
    }

    private static CustomProvider unpriced(String modelString, Options options) {
        if (modelString == null || modelString.isBlank()) {
            throw new ValidationError("model", "the model is empty: write provider:model, for example openai:gpt-4o-mini");
        }
        int colon = modelString.indexOf(':');
        if (colon <= 0 || colon == modelString.length() - 1) {
            throw new ValidationError("model", "'" + modelString + "' names no provider and model: write provider:model, "
                    + "for example openai:gpt-4o-mini or anthropic:claude-sonnet-4-5");
        }
        String provider = modelString.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String model = modelString.substring(colon + 1).strip();
        return switch (provider) {
            case "anthropic" -> anthropic(model, options);
            case "gemini", "google" -> gemini(model, options);
            case "azure" -> azure(model, options);
            case "compat" -> compat(model, options);
            case "local" -> local(model, modelString);
            default -> preset(provider, model, options);
        };
    }

    /** An in-process model from a {@link LocalModelFactory} on the classpath (camel-blazen-inference). */
    private static CustomProvider local(String name, String modelString) {
        for (LocalModelFactory factory : ServiceLoader.load(LocalModelFactory.class, ModelStrings.class.getClassLoader())) {
            Optional<EmbeddingModel> model = factory.embedding(name);
            if (model.isPresent()) {
                return new LocalEmbeddingProvider(model.get());
            }
        }
        throw new UnsupportedError("no local model '" + name + "' ('" + modelString + "'): local models run in "
                + "camel-blazen-inference, which must be on the classpath and know the name");
    }

    /** A local embedding model seen as a provider: embed works, everything else is unsupported. */
    private record LocalEmbeddingProvider(EmbeddingModel model) implements CustomProvider {
        @Override
        public String providerId() {
            return "local";
        }

        @Override
        public String modelId() {
            return model.modelId();
        }

        @Override
        public int dimensions() {
            return model.dimensions();
        }

        @Override
        public EmbeddingResponse embed(List<String> texts) {
            return model.embed(texts);
        }
    }

    private static CustomProvider anthropic(String model, Options options) {
        AnthropicProvider.Builder builder = AnthropicProvider.builder().model(model).apiKey(options.apiKey());
        if (options.baseUrl() != null) {
            builder.baseUrl(options.baseUrl());
        }
        if (options.timeout() != null) {
            builder.timeout(options.timeout());
        }
        return builder.build();
    }

    private static CustomProvider gemini(String model, Options options) {
        GeminiProvider.Builder builder = GeminiProvider.builder().model(model).apiKey(options.apiKey());
        if (options.baseUrl() != null) {
            builder.baseUrl(options.baseUrl());
        }
        if (options.timeout() != null) {
            builder.timeout(options.timeout());
        }
        return builder.build();
    }

    private static CustomProvider azure(String deployment, Options options) {
        return AzureOpenAi.create(timed(AzureOpenAi.config(options.baseUrl(), deployment, options.apiKey(), null), options));
    }

    private static CustomProvider compat(String model, Options options) {
        if (options.baseUrl() == null || options.baseUrl().isBlank()) {
            throw new ValidationError("baseUrl", "compat:" + model + " needs the server's base URL (baseUrl option)");
        }
        OpenAiCompatConfig config = OpenAiCompatConfig.of(options.baseUrl(), ApiKey.of(options.apiKey()), model);
        return OpenAiCompatProvider.openaiCompat("compat", timed(config, options));
    }

    private static CustomProvider preset(String provider, String model, Options options) {
        OpenAiPreset preset = OpenAiPreset.byId(provider).orElseThrow(() -> new ValidationError("model",
                "unknown provider '" + provider + "'; known: " + known()));
        return new OpenAiCompatProvider(preset.id(), timed(preset.config(model, options.apiKey(), options.baseUrl()), options));
    }

    private static OpenAiCompatConfig timed(OpenAiCompatConfig config, Options options) {
        return options.timeout() == null ? config : config.withTimeout(options.timeout());
    }

    private static String known() {
        TreeSet<String> names = Arrays.stream(OpenAiPreset.values()).map(OpenAiPreset::id).collect(Collectors.toCollection(TreeSet::new));
        names.addAll(java.util.List.of("anthropic", "gemini", "azure", "compat"));
        return String.join(", ", names);
    }
}
