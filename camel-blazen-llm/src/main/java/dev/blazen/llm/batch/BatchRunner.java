package dev.blazen.llm.batch;

import dev.blazen.llm.chat.CompletionModel;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.pricing.PricingRegistry;
import dev.blazen.llm.pricing.UsageSummary;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Runs many independent completions at once (Blazen's {@code complete_batch}): at most {@code concurrency} in flight
 * ({@code 0} = no limit), results in input order, and one request's failure never fails the others.
 *
 * <p>Requests go out through {@link CompletionModel#completeAsync}, so HTTP providers need no thread per request:
 * the calling thread only hands out concurrency slots and waits for the last outcome. A slot is held for the whole
 * call, including any retries a decorator makes inside it.
 */
public final class BatchRunner {

    private BatchRunner() {
    }

    /** Runs the batch, filling in missing costs from {@link PricingRegistry#global()}. */
    public static BatchResult run(CompletionModel model, List<CompletionRequest> requests, int concurrency) {
        return run(model, requests, concurrency, PricingRegistry.global());
    }

    /**
     * Runs the batch.
     *
     * @param pricing fills in the cost of responses that have none; null keeps costs as the model reported them
     * @throws CancellationException when the calling thread is interrupted while waiting for a slot (the interrupt
     *                               flag is kept; requests already sent run to their end)
     */
    public static BatchResult run(CompletionModel model, List<CompletionRequest> requests, int concurrency,
            PricingRegistry pricing) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(requests, "requests");
        if (concurrency < 0) {
            throw new IllegalArgumentException("concurrency must be 0 (unlimited) or positive: " + concurrency);
        }
        int count = requests.size();
        BatchItem[] items = new BatchItem[count];
        CompletableFuture<?>[] outcomes = new CompletableFuture<?>[count];
        Semaphore slots = concurrency == 0 ? null : new Semaphore(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (slots != null) {
                acquire(slots, i, count);
            }
            int index = i;
            CompletionRequest request = requests.get(i);
            long sent = System.nanoTime();
            outcomes[i] = send(model, request).handle((response, error) -> {
                try {
                    items[index] = outcome(index, response, error, Duration.ofNanos(System.nanoTime() - sent),
                            request, model, pricing);
                    return null;
                } finally {
                    if (slots != null) {
                        slots.release();
                    }
                }
            });
        }
        CompletableFuture.allOf(outcomes).join();
        Duration wallTime = Duration.ofNanos(System.nanoTime() - start);
        return summarise(Arrays.asList(items), wallTime);
    }

    private static CompletableFuture<CompletionResponse> send(CompletionModel model, CompletionRequest request) {
        try {
            CompletableFuture<CompletionResponse> future = model.completeAsync(request);
            return future != null ? future
                    : CompletableFuture.failedFuture(new IllegalStateException("model returned no future"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void acquire(Semaphore slots, int index, int count) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("batch interrupted after sending " + index + " of " + count + " requests");
        }
    }

    private static BatchItem outcome(int index, CompletionResponse response, Throwable error, Duration elapsed,
            CompletionRequest request, CompletionModel model, PricingRegistry pricing) {
        if (error != null) {
            return new BatchItem(index, null, unwrap(error), elapsed);
        }
        try {
            return new BatchItem(index, priced(response, request, model, pricing), null, elapsed);
        } catch (RuntimeException e) {
            return new BatchItem(index, null, e, elapsed);
        }
    }

    private static CompletionResponse priced(CompletionResponse response, CompletionRequest request,
            CompletionModel model, PricingRegistry pricing) {
        if (response == null) {
            throw new IllegalStateException("model completed with no response");
        }
        return pricing == null ? response
                : pricing.apply(response, request.model() != null ? request.model() : model.modelId());
    }

    private static BatchResult summarise(List<BatchItem> items, Duration wallTime) {
        UsageSummary totals = UsageSummary.EMPTY;
        int failed = 0;
        for (BatchItem item : items) {
            if (item.succeeded()) {
                totals = totals.plus(item.response());
            } else {
                failed++;
            }
        }
        return new BatchResult(items, totals.usage(), totals.cost(), totals.responses(), failed, totals.unpriced(),
                wallTime);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
