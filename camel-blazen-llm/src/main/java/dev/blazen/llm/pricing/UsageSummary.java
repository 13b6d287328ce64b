package dev.blazen.llm.pricing;

import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.embedding.EmbeddingResponse;

/**
 * Token usage and cost summed over many responses.
 *
 * @param usage     the summed usage (responses without usage add nothing)
 * @param cost      the summed USD cost of the responses that have one; null when none has
 * @param responses how many responses were added
 * @param unpriced  how many of them had no cost, so {@code cost} is a lower bound whenever this is not 0
 */
public record UsageSummary(TokenUsage usage, Double cost, int responses, int unpriced) {

    public static final UsageSummary EMPTY = new UsageSummary(TokenUsage.ZERO, null, 0, 0);

    public static UsageSummary of(Iterable<CompletionResponse> responses) {
        UsageSummary summary = EMPTY;
        for (CompletionResponse response : responses) {
            summary = summary.plus(response);
        }
        return summary;
    }

    public UsageSummary plus(CompletionResponse response) {
        return plus(response.usage(), response.cost());
    }

    public UsageSummary plus(EmbeddingResponse response) {
        return plus(response.usage(), response.cost());
    }

    /** Adds one response's usage and cost (either may be null). */
    public UsageSummary plus(TokenUsage addedUsage, Double addedCost) {
        Double total = addedCost == null ? cost : (cost == null ? addedCost : cost + addedCost);
        return new UsageSummary(usage.plus(addedUsage), total, responses + 1, unpriced + (addedCost == null ? 1 : 0));
    }

    public UsageSummary plus(UsageSummary other) {
        Double total = other.cost == null ? cost : (cost == null ? other.cost : cost + other.cost);
        return new UsageSummary(usage.plus(other.usage), total, responses + other.responses, unpriced + other.unpriced);
    }

    /** True when every response had a cost, so {@code cost} is the full cost. */
    public boolean fullyPriced() {
        return unpriced == 0;
    }
}
