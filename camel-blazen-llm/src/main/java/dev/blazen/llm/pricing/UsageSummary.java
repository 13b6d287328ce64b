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
        return new UsageSummary(usage.plus(addedUsage), sum(cost, addedCost), responses + 1,
                unpriced + (addedCost == null ? 1 : 0));
    }

    public UsageSummary plus(UsageSummary other) {
        return new UsageSummary(usage.plus(other.usage), sum(cost, other.cost), responses + other.responses,
                unpriced + other.unpriced);
    }

    /** Null only when both are; an unknown cost adds nothing to a known one. */
    private static Double sum(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Double.valueOf(a + b);
    }

    /** True when every response had a cost, so {@code cost} is the full cost. */
    public boolean fullyPriced() {
        return unpriced == 0;
    }
}
