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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs many independent completions at once (Blazen's {@code complete_batch}): at most {@code concurrency} in flight
 * ({@code 0} = no limit), results in input order, and one request's failure never fails the others.
 *
 * <p>Requests go out through {@link CompletionModel#completeAsync} and each finished request sends the next one, so
 * no thread waits per request (HTTP providers need no thread at all while a request is in flight) and
 * {@link #runAsync} holds no thread even for the batch. A slot is held for the whole call, including any retries a
 * decorator makes inside it.
 */
public final class BatchRunner {

    private BatchRunner() {
    }

    /** Runs the batch and waits for it, filling in missing costs from {@link PricingRegistry#global()}. */
    public static BatchResult run(CompletionModel model, List<CompletionRequest> requests, int concurrency) {
        return run(model, requests, concurrency, PricingRegistry.global());
    }

    /**
     * Runs the batch and waits for it.
     *
     * @param pricing fills in the cost of responses that have none; null keeps costs as the model reported them
     * @throws CancellationException when the calling thread is interrupted while waiting: no further request is
     *                               sent, those in flight run to their end, and the interrupt flag is kept
     */
    public static BatchResult run(CompletionModel model, List<CompletionRequest> requests, int concurrency,
            PricingRegistry pricing) {
        Dispatch dispatch = new Dispatch(model, requests, concurrency, pricing);
        dispatch.pump();
        try {
            return dispatch.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("batch interrupted after sending " + dispatch.stop() + " of "
                    + requests.size() + " requests");
        } catch (ExecutionException e) {
            throw new IllegalStateException("batch failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Runs the batch without blocking; the future completes when every request has its outcome. Cancelling it sends
     * no further request (those in flight run to their end).
     */
    public static CompletableFuture<BatchResult> runAsync(CompletionModel model, List<CompletionRequest> requests,
            int concurrency, PricingRegistry pricing) {
        Dispatch dispatch = new Dispatch(model, requests, concurrency, pricing);
        dispatch.result.whenComplete((result, error) -> {
            if (error != null) {
                dispatch.stop();
            }
        });
        dispatch.pump();
        return dispatch.result;
    }

    /** One batch in progress: hands out slots and collects outcomes. */
    private static final class Dispatch {

        final CompletableFuture<BatchResult> result = new CompletableFuture<>();
        private final CompletionModel model;
        private final List<CompletionRequest> requests;
        private final PricingRegistry pricing;
        private final int limit;
        private final BatchItem[] items;
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private final AtomicInteger pumping = new AtomicInteger();
        private final long start = System.nanoTime();
        private volatile int next;
        private volatile boolean stopped;

        Dispatch(CompletionModel model, List<CompletionRequest> requests, int concurrency, PricingRegistry pricing) {
            this.model = Objects.requireNonNull(model, "model");
            this.requests = List.copyOf(Objects.requireNonNull(requests, "requests"));
            if (concurrency < 0) {
                throw new IllegalArgumentException("concurrency must be 0 (unlimited) or positive: " + concurrency);
            }
            this.limit = concurrency == 0 ? Integer.MAX_VALUE : concurrency;
            this.pricing = pricing;
            this.items = new BatchItem[this.requests.size()];
            if (this.requests.isEmpty()) {
                result.complete(summarise());
            }
        }

        /** Sends requests while slots are free. Re-entrant calls (a request that finished at once) only note that
         *  another round is due, so the stack stays flat however many requests finish synchronously. */
        void pump() {
            if (pumping.getAndIncrement() != 0) {
                return;
            }
            do {
                while (!stopped && next < items.length && inFlight.get() < limit) {
                    inFlight.incrementAndGet();
                    send(next++);
                }
            } while (pumping.decrementAndGet() != 0);
        }

        /** Stops sending; returns how many requests were sent. */
        int stop() {
            stopped = true;
            return next;
        }

        private void send(int index) {
            CompletionRequest request = requests.get(index);
            long sent = System.nanoTime();
            call(request).whenComplete((response, error) -> {
                try {
                    items[index] = outcome(index, request, response, error, Duration.ofNanos(System.nanoTime() - sent));
                    inFlight.decrementAndGet();
                    if (finished.incrementAndGet() == items.length) {
                        result.complete(summarise());
                    } else {
                        pump();
                    }
                } catch (Throwable broken) {
                    // a future swallows what its callbacks throw: fail the batch rather than leave callers waiting
                    stop();
                    result.completeExceptionally(broken);
                }
            });
        }

        private CompletableFuture<CompletionResponse> call(CompletionRequest request) {
            try {
                CompletableFuture<CompletionResponse> future = model.completeAsync(request);
                return future != null ? future
                        : CompletableFuture.failedFuture(new IllegalStateException("model returned no future"));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private BatchItem outcome(int index, CompletionRequest request, CompletionResponse response, Throwable error,
                Duration elapsed) {
            if (error != null) {
                return new BatchItem(index, null, unwrap(error), elapsed);
            }
            try {
                if (response == null) {
                    throw new IllegalStateException("model completed with no response");
                }
                CompletionResponse priced = pricing == null ? response
                        : pricing.apply(response, request.model() != null ? request.model() : model.modelId());
                return new BatchItem(index, priced, null, elapsed);
            } catch (RuntimeException e) {
                return new BatchItem(index, null, e, elapsed);
            }
        }

        private BatchResult summarise() {
            UsageSummary totals = UsageSummary.EMPTY;
            int failed = 0;
            for (BatchItem item : items) {
                if (item.succeeded()) {
                    totals = totals.plus(item.response());
                } else {
                    failed++;
                }
            }
            return new BatchResult(Arrays.asList(items), totals.usage(), totals.cost(), totals.responses(), failed,
                    totals.unpriced(), Duration.ofNanos(System.nanoTime() - start));
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
}
