package dev.blazen.llm.batch;

import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.TokenUsage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a batch, item {@code i} answering request {@code i}.
 *
 * @param totalUsage summed over the successful requests
 * @param totalCost  summed USD cost of the successful requests that have one; null when none has
 * @param unpriced   successful requests without a cost (their model's price is unknown)
 * @param wallTime   from the first request sent to the last outcome
 */
public record BatchResult(List<BatchItem> items, TokenUsage totalUsage, Double totalCost, int succeeded, int failed,
        int unpriced, Duration wallTime) {

    public BatchResult {
        items = List.copyOf(items);
    }

    public int size() {
        return items.size();
    }

    /** The responses in input order, null where a request failed. */
    public List<CompletionResponse> responses() {
        List<CompletionResponse> responses = new ArrayList<>(items.size());
        items.forEach(item -> responses.add(item.response()));
        return Collections.unmodifiableList(responses);
    }

    /** The errors in input order, null where a request succeeded. */
    public List<Throwable> errors() {
        List<Throwable> errors = new ArrayList<>(items.size());
        items.forEach(item -> errors.add(item.error()));
        return Collections.unmodifiableList(errors);
    }

    public List<BatchItem> failures() {
        return items.stream().filter(item -> !item.succeeded()).toList();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "BatchResult[%d requests: %d succeeded, %d failed; %d tokens; cost %s; %d ms]",
                items.size(), succeeded, failed, totalUsage.totalTokens(),
                totalCost == null ? "unknown" : String.format(Locale.ROOT, "$%.6f", totalCost), wallTime.toMillis());
    }
}
