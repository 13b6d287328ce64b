package dev.blazen.llm.pricing;

import dev.blazen.llm.chat.TokenUsage;

/**
 * A model's list price in USD per million tokens (Blazen's {@code PricingEntry}). Embedding models have an output
 * price of 0.
 */
public record ModelPrice(double inputPerMillion, double outputPerMillion) {

    public ModelPrice {
        if (!(inputPerMillion >= 0) || !(outputPerMillion >= 0) || Double.isInfinite(inputPerMillion)
                || Double.isInfinite(outputPerMillion)) {
            throw new IllegalArgumentException("prices must be finite and not negative: " + inputPerMillion + ", "
                    + outputPerMillion);
        }
    }

    /** The cost of the prompt and completion tokens of {@code usage}. */
    public double cost(TokenUsage usage) {
        return (usage.promptTokens() * inputPerMillion + usage.completionTokens() * outputPerMillion) / 1_000_000d;
    }
}
