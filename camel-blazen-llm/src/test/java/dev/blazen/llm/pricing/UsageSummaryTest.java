package dev.blazen.llm.pricing;

import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.TokenUsage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

class UsageSummaryTest {

    static CompletionResponse response(TokenUsage usage, Double cost) {
        return new CompletionResponse("x", List.of(), usage, "m", "stop", cost, null, null);
    }

    @Test
    void sumsUsageAndKnownCostsAndCountsTheUnpriced() {
        UsageSummary summary = UsageSummary.of(List.of(response(TokenUsage.of(10, 5), 0.25),
                response(TokenUsage.of(1, 2), null), response(null, 0.5), response(TokenUsage.of(100, 0), 0.25)));

        assertThat(summary.usage()).isEqualTo(new TokenUsage(111, 7, 118));
        assertThat(summary.cost()).isCloseTo(1.0, offset(1e-12));
        assertThat(summary.responses()).isEqualTo(4);
        assertThat(summary.unpriced()).isEqualTo(1);
        assertThat(summary.fullyPriced()).isFalse();
    }

    @Test
    void costStaysUnknownUntilSomeResponseHasOne() {
        UsageSummary none = UsageSummary.of(List.of(response(TokenUsage.of(1, 1), null)));
        assertThat(none.cost()).isNull();
        assertThat(UsageSummary.EMPTY.cost()).isNull();
        assertThat(UsageSummary.EMPTY.fullyPriced()).isTrue();

        UsageSummary merged = none.plus(UsageSummary.of(List.of(response(TokenUsage.of(2, 2), 0.1))));
        assertThat(merged.cost()).isCloseTo(0.1, offset(1e-12));
        assertThat(merged.usage().totalTokens()).isEqualTo(6);
        assertThat(merged.responses()).isEqualTo(2);
        assertThat(merged.unpriced()).isEqualTo(1);
    }
}
