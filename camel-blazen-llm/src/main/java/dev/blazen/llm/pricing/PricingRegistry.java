package dev.blazen.llm.pricing;

import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.embedding.EmbeddingResponse;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Model prices, thread-safe and user-extensible. {@link #global()} is the shared registry, seeded with
 * {@link SeedPrices}; {@link #seeded()} and {@link #empty()} make independent ones.
 *
 * <p><b>Lookup rule.</b> Ids are compared trimmed and lower-cased. A registered id that equals the asked id wins, so
 * a specific snapshot can be priced apart from its family. Otherwise the asked id is reduced to its base name, one
 * step after another, and the base name is looked up:
 * <ol>
 *   <li>a path prefix goes: everything up to the last {@code /} ({@code models/gemini-2.5-flash},
 *       {@code openai/gpt-4o});</li>
 *   <li>a provider prefix goes: a leading {@code name:} whose name holds only letters, {@code -} and {@code _}
 *       ({@code openai:gpt-4o-mini}; {@code llama3:8b} keeps its tag because {@code llama3} holds a digit);</li>
 *   <li>a leading run of letters-only dotted namespaces goes ({@code us.anthropic.claude-...}, Bedrock style);</li>
 *   <li>a Bedrock version suffix goes ({@code -v1:0}, {@code -v2});</li>
 *   <li>a snapshot suffix goes: {@code -YYYY-MM-DD}, {@code -YYYYMMDD}, {@code @YYYYMMDD} or {@code -latest}
 *       ({@code gpt-4o-2024-08-06} and {@code claude-haiku-4-5-20251001} find their family).</li>
 * </ol>
 * There is no prefix or fuzzy matching beyond that: {@code gpt-4o-audio-preview} is unknown rather than priced as
 * {@code gpt-4o}, because a wrong price is worse than none.
 */
public final class PricingRegistry {

    private static final Pattern PROVIDER_PREFIX = Pattern.compile("^[a-z_-]+:");
    private static final Pattern NAMESPACES = Pattern.compile("^(?:[a-z]+\\.)+");
    private static final Pattern VERSION_SUFFIX = Pattern.compile("-v\\d+(?::\\d+)?$");
    private static final Pattern SNAPSHOT_SUFFIX = Pattern.compile("(?:-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|@\\d{8}|-latest)$");

    private static final PricingRegistry GLOBAL = seeded();

    private final Map<String, ModelPrice> prices = new ConcurrentHashMap<>();

    private PricingRegistry() {
    }

    /** The process-wide registry used when no other is given; seeded, and open to {@link #register}. */
    public static PricingRegistry global() {
        return GLOBAL;
    }

    /** A new registry holding the seed prices. */
    public static PricingRegistry seeded() {
        PricingRegistry registry = new PricingRegistry();
        SeedPrices.ALL.forEach(registry::register);
        return registry;
    }

    public static PricingRegistry empty() {
        return new PricingRegistry();
    }

    /** Registers or replaces the price of a model id (stored trimmed and lower-cased, otherwise as given). */
    public PricingRegistry register(String model, double inputPerMillion, double outputPerMillion) {
        return register(model, new ModelPrice(inputPerMillion, outputPerMillion));
    }

    public PricingRegistry register(String model, ModelPrice price) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a price needs a model id");
        }
        prices.put(key(model), price);
        return this;
    }

    /** The price of a model by the lookup rule of this class; empty when unknown. */
    public Optional<ModelPrice> lookup(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        for (String candidate : candidates(model)) {
            ModelPrice price = prices.get(candidate);
            if (price != null) {
                return Optional.of(price);
            }
        }
        return Optional.empty();
    }

    /** USD for {@code usage} on {@code model}, or null when the model's price or the usage is unknown. */
    public Double cost(String model, TokenUsage usage) {
        if (usage == null) {
            return null;
        }
        return lookup(model).map(price -> price.cost(usage)).orElse(null);
    }

    /** The response with its cost filled in from its model and usage; unchanged when it has one or none is known. */
    public CompletionResponse apply(CompletionResponse response) {
        return apply(response, null);
    }

    /** As {@link #apply(CompletionResponse)}, using {@code fallbackModel} when the response names no model. */
    public CompletionResponse apply(CompletionResponse response, String fallbackModel) {
        if (response == null || response.cost() != null) {
            return response;
        }
        Double cost = cost(response.model() != null ? response.model() : fallbackModel, response.usage());
        return cost == null ? response : response.withCost(cost);
    }

    public EmbeddingResponse apply(EmbeddingResponse response) {
        return apply(response, null);
    }

    public EmbeddingResponse apply(EmbeddingResponse response, String fallbackModel) {
        if (response == null || response.cost() != null) {
            return response;
        }
        Double cost = cost(response.model() != null ? response.model() : fallbackModel, response.usage());
        return cost == null ? response : new EmbeddingResponse(response.embeddings(), response.model(),
                response.usage(), cost, response.timing(), response.metadata());
    }

    /** The ids looked up for {@code model}, in order: as given, then its base name. Visible for tests. */
    static Set<String> candidates(String model) {
        Set<String> candidates = new LinkedHashSet<>();
        String id = key(model);
        candidates.add(id);
        id = id.substring(id.lastIndexOf('/') + 1);
        id = PROVIDER_PREFIX.matcher(id).replaceFirst("");
        id = NAMESPACES.matcher(id).replaceFirst("");
        id = VERSION_SUFFIX.matcher(id).replaceFirst("");
        id = SNAPSHOT_SUFFIX.matcher(id).replaceFirst("");
        candidates.add(id);
        return candidates;
    }

    private static String key(String model) {
        return model.trim().toLowerCase(Locale.ROOT);
    }
}
