package dev.blazen.llm.pricing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prices {@link PricingRegistry} starts with: standard-tier (not batch, not cached-input) list prices in USD per
 * million tokens from the providers' public pricing pages (OpenAI, Anthropic, Google Gemini API), as checked on
 * 2026-11-21. Tiered prices use the base tier: Gemini 2.5 Pro and Claude Sonnet 4.x for prompts up to 200K tokens.
 * Prices change; register newer ones with {@link PricingRegistry#register}.
 */
final class SeedPrices {

    static final Map<String, ModelPrice> ALL;

    static {
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        // OpenAI
        prices.put("gpt-4o", new ModelPrice(2.50, 10.00));
        prices.put("gpt-4o-mini", new ModelPrice(0.15, 0.60));
        prices.put("gpt-4.1", new ModelPrice(2.00, 8.00));
        prices.put("gpt-4.1-mini", new ModelPrice(0.40, 1.60));
        prices.put("gpt-4.1-nano", new ModelPrice(0.10, 0.40));
        prices.put("gpt-5", new ModelPrice(1.25, 10.00));
        prices.put("gpt-5-mini", new ModelPrice(0.25, 2.00));
        prices.put("gpt-5-nano", new ModelPrice(0.05, 0.40));
        prices.put("o1", new ModelPrice(15.00, 60.00));
        prices.put("o3", new ModelPrice(2.00, 8.00));
        prices.put("o3-mini", new ModelPrice(1.10, 4.40));
        prices.put("o4-mini", new ModelPrice(1.10, 4.40));
        prices.put("text-embedding-3-small", new ModelPrice(0.02, 0));
        prices.put("text-embedding-3-large", new ModelPrice(0.13, 0));
        prices.put("text-embedding-ada-002", new ModelPrice(0.10, 0));
        // Anthropic (ids and their "-0" aliases; dated snapshots reduce to these by the lookup rule)
        prices.put("claude-opus-4-5", new ModelPrice(5.00, 25.00));
        prices.put("claude-opus-4-1", new ModelPrice(15.00, 75.00));
        prices.put("claude-opus-4", new ModelPrice(15.00, 75.00));
        prices.put("claude-opus-4-0", new ModelPrice(15.00, 75.00));
        prices.put("claude-sonnet-4-5", new ModelPrice(3.00, 15.00));
        prices.put("claude-sonnet-4", new ModelPrice(3.00, 15.00));
        prices.put("claude-sonnet-4-0", new ModelPrice(3.00, 15.00));
        prices.put("claude-3-7-sonnet", new ModelPrice(3.00, 15.00));
        prices.put("claude-haiku-4-5", new ModelPrice(1.00, 5.00));
        prices.put("claude-3-5-haiku", new ModelPrice(0.80, 4.00));
        prices.put("claude-3-haiku", new ModelPrice(0.25, 1.25));
        // Google Gemini API
        prices.put("gemini-2.5-pro", new ModelPrice(1.25, 10.00));
        prices.put("gemini-2.5-flash", new ModelPrice(0.30, 2.50));
        prices.put("gemini-2.5-flash-lite", new ModelPrice(0.10, 0.40));
        prices.put("gemini-2.0-flash", new ModelPrice(0.10, 0.40));
        ALL = Map.copyOf(prices);
    }

    private SeedPrices() {
    }
}
