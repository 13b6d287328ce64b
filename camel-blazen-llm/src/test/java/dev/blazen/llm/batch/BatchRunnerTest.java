package dev.blazen.llm.batch;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionModel;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.decorator.RecordingTimer;
import dev.blazen.llm.decorator.RetryPolicy;
import dev.blazen.llm.decorator.RetryingProvider;
import dev.blazen.llm.decorator.ScriptedProvider;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.pricing.PricingRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

@Timeout(20)
class BatchRunnerTest {

    /** One scheduler thread serves every request: in-flight requests hold no thread of their own. */
    final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        clock.shutdownNow();
    }

    /**
     * A chat model whose answers arrive after a latency, echoing the request text. Requests whose text is a key of
     * {@code failures} fail with that error; "throw" makes completeAsync throw before returning a future.
     */
    final class LatencyModel implements CompletionModel {
        final IntSupplier latencyMs;
        final Map<String, RuntimeException> failures;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        LatencyModel(IntSupplier latencyMs, Map<String, RuntimeException> failures) {
            this.latencyMs = latencyMs;
            this.failures = failures;
        }

        @Override
        public String modelId() {
            return "gpt-4o-mini";
        }

        @Override
        public CompletionResponse complete(CompletionRequest request) {
            throw new AssertionError("the batch must use completeAsync");
        }

        @Override
        public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
            throw new AssertionError("not used");
        }

        @Override
        public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
            String text = request.messages().get(0).text();
            if (text.equals("throw")) {
                throw new UnsupportedError("refused before sending");
            }
            calls.incrementAndGet();
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            CompletableFuture<CompletionResponse> answer = new CompletableFuture<>();
            clock.schedule(() -> {
                inFlight.decrementAndGet();
                RuntimeException failure = failures.get(text);
                if (failure != null) {
                    answer.completeExceptionally(failure);
                } else {
                    answer.complete(new CompletionResponse(text, List.of(), TokenUsage.of(100, 10), request.model(),
                            "stop", null, null, null));
                }
            }, latencyMs.getAsInt(), TimeUnit.MILLISECONDS);
            return answer;
        }
    }

    static List<CompletionRequest> requests(int count) {
        return IntStream.range(0, count).mapToObj(i -> CompletionRequest.of(ChatMessage.user("q" + i))).toList();
    }

    static IntSupplier randomLatency(int maxMs) {
        return () -> ThreadLocalRandom.current().nextInt(maxMs + 1);
    }

    @Test
    void resultsKeepInputOrderUnderRandomLatency() {
        LatencyModel model = new LatencyModel(randomLatency(20), Map.of());

        BatchResult result = BatchRunner.run(model, requests(60), 8);

        assertThat(result.size()).isEqualTo(60);
        for (int i = 0; i < 60; i++) {
            assertThat(result.items().get(i).index()).isEqualTo(i);
            assertThat(result.responses().get(i).content()).isEqualTo("q" + i);
        }
        assertThat(result.succeeded()).isEqualTo(60);
        assertThat(result.failed()).isZero();
    }

    @Test
    void theConcurrencyBoundIsNeverExceededAndIsReached() {
        LatencyModel model = new LatencyModel(() -> 5 + ThreadLocalRandom.current().nextInt(10), Map.of());

        BatchRunner.run(model, requests(80), 4);

        assertThat(model.maxInFlight).hasValue(4);
        assertThat(model.calls).hasValue(80);
    }

    @Test
    void zeroMeansUnlimitedAndNeedsNoThreadPerRequest() {
        LatencyModel model = new LatencyModel(() -> 200, Map.of());

        BatchResult result = BatchRunner.run(model, requests(64), 0);

        assertThat(model.maxInFlight).as("all 64 in flight on one scheduler thread").hasValue(64);
        assertThat(result.succeeded()).isEqualTo(64);
    }

    @Test
    void failuresAreReportedPerItemWithoutFailingTheBatch() {
        AuthError denied = new AuthError("bad key");
        ProviderError down = new ProviderError("acme", "down", 503);
        LatencyModel model = new LatencyModel(randomLatency(10), Map.of("q2", denied, "q5", down));
        List<CompletionRequest> requests = new ArrayList<>(requests(8));
        requests.set(6, CompletionRequest.of(ChatMessage.user("throw")));

        BatchResult result = BatchRunner.run(model, requests, 3);

        assertThat(result.succeeded()).isEqualTo(5);
        assertThat(result.failed()).isEqualTo(3);
        assertThat(result.errors().get(2)).isSameAs(denied);
        assertThat(result.errors().get(5)).isSameAs(down);
        assertThat(result.errors().get(6)).isInstanceOf(UnsupportedError.class);
        assertThat(result.responses().get(2)).isNull();
        assertThat(result.failures()).extracting(BatchItem::index).containsExactly(2, 5, 6);
        assertThat(result.responses().get(7).content()).isEqualTo("q7");
        assertThat(result.totalUsage()).as("successes only").isEqualTo(TokenUsage.of(500, 50));
    }

    @Test
    void totalsSumUsageAndCostWithMissingCostsFilledFromPricing() {
        LatencyModel model = new LatencyModel(randomLatency(5), Map.of());
        List<CompletionRequest> requests = new ArrayList<>(requests(4));
        requests.set(3, requests.get(3).withModel("some-unpriced-model"));
        PricingRegistry prices = PricingRegistry.empty().register("gpt-4o-mini", 1000.0, 2000.0);

        BatchResult result = BatchRunner.run(model, requests, 2, prices);

        // each priced item: 100 prompt tokens at $1000/M + 10 completion tokens at $2000/M = $0.12
        assertThat(result.totalCost()).isCloseTo(0.36, offset(1e-9));
        assertThat(result.unpriced()).isEqualTo(1);
        assertThat(result.totalUsage()).isEqualTo(TokenUsage.of(400, 40));
        assertThat(result.responses().get(0).cost()).isCloseTo(0.12, offset(1e-9));

        BatchResult unpriced = BatchRunner.run(model, requests(2), 2, null);
        assertThat(unpriced.totalCost()).isNull();
        assertThat(unpriced.unpriced()).isEqualTo(2);
        assertThat(unpriced.toString()).contains("2 requests: 2 succeeded, 0 failed").contains("cost unknown");
    }

    @Test
    void wallTimeReflectsTheConcurrencyWindow() {
        LatencyModel model = new LatencyModel(() -> 50, Map.of());

        BatchResult result = BatchRunner.run(model, requests(8), 4);

        assertThat(result.wallTime()).as("two waves of 50 ms").isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(result.items()).allSatisfy(item -> assertThat(item.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(45)));
    }

    @Test
    void decoratedCustomProvidersBatchToo() {
        ScriptedProvider flaky = new ScriptedProvider("flaky").withNativeAsync();
        for (int i = 0; i < 5; i++) {
            flaky.fail(new ProviderError("flaky", "overloaded", 503));
        }
        RetryingProvider provider = new RetryingProvider(flaky, RetryPolicy.DEFAULT, new RecordingTimer(), () -> 0.5);

        BatchResult result = BatchRunner.run(provider, requests(5), 2);

        assertThat(result.succeeded()).isEqualTo(5);
        assertThat(flaky.asyncCalls).hasValue(10);
    }

    @Test
    void anInterruptedCallerStopsSendingAndKeepsTheInterrupt() throws Exception {
        LatencyModel model = new LatencyModel(() -> 50, Map.of());
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> BatchRunner.run(model, requests(3), 1))
                    .isInstanceOf(CancellationException.class).hasMessageContaining("1 of 3");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        Thread.sleep(150);
        assertThat(model.calls).as("nothing sent after the interrupt").hasValue(1);
    }

    @Test
    void runAsyncReturnsAtOnceAndCompletesWithTheResult() throws Exception {
        LatencyModel model = new LatencyModel(() -> 30, Map.of());

        CompletableFuture<BatchResult> future = BatchRunner.runAsync(model, requests(6), 2, null);

        assertThat(future).isNotDone();
        BatchResult result = future.get(5, TimeUnit.SECONDS);
        assertThat(result.succeeded()).isEqualTo(6);
        assertThat(model.maxInFlight).hasValue(2);
        assertThat(result.wallTime()).as("three waves of 30 ms").isGreaterThanOrEqualTo(Duration.ofMillis(90));
    }

    @Test
    void cancellingRunAsyncSendsNothingMore() throws Exception {
        LatencyModel model = new LatencyModel(() -> 50, Map.of());

        CompletableFuture<BatchResult> future = BatchRunner.runAsync(model, requests(10), 2, null);
        future.cancel(false);
        Thread.sleep(150);

        assertThat(model.calls).as("only the first window went out").hasValue(2);
    }

    @Test
    void requestsThatFinishAtOnceDoNotDeepenTheStack() {
        CompletionModel instant = new CompletionModel() {
            @Override
            public String modelId() {
                return "instant";
            }

            @Override
            public CompletionResponse complete(CompletionRequest request) {
                throw new AssertionError("not used");
            }

            @Override
            public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
                return CompletableFuture.completedFuture(new CompletionResponse("now", List.of(), TokenUsage.of(1, 1),
                        "instant", "stop", null, null, null));
            }

            @Override
            public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
                throw new AssertionError("not used");
            }
        };

        BatchResult result = BatchRunner.run(instant, requests(50_000), 1);

        assertThat(result.succeeded()).isEqualTo(50_000);
        assertThat(result.totalUsage().totalTokens()).isEqualTo(100_000);
    }

    @Test
    void anEmptyBatchAndABadConcurrency() {
        BatchResult empty = BatchRunner.run(new LatencyModel(() -> 1, Map.of()), List.of(), 4);
        assertThat(empty.size()).isZero();
        assertThat(empty.totalUsage()).isEqualTo(TokenUsage.ZERO);
        assertThatThrownBy(() -> BatchRunner.run(new LatencyModel(() -> 1, Map.of()), requests(1), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
