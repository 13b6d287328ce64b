package dev.blazen.llm.decorator;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamChunk;
import dev.blazen.llm.compute.ImageRequest;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.error.RequestError;
import dev.blazen.llm.error.TimeoutError;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryingProviderTest {

    static final CompletionRequest REQUEST = CompletionRequest.of(ChatMessage.user("hi"));

    final ScriptedProvider model = new ScriptedProvider("acme");
    final RecordingTimer timer = new RecordingTimer();

    RetryingProvider retrying(RetryPolicy policy) {
        return new RetryingProvider(model, policy, timer, () -> 0.5);
    }

    static ProviderError status(int code) {
        return new ProviderError("acme", "status " + code, code);
    }

    @Test
    void defaultsAreThreeRetriesOneSecondInitialThirtySecondCapWithJitter() {
        assertThat(RetryPolicy.DEFAULT).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), true));
        assertThat(RetryingProvider.wrap(model).policy()).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void retriesRetryableErrorsUntilOneSucceeds() {
        model.fail(status(503)).fail(new TimeoutError(1200)).fail(new RequestError("connection reset", null))
                .answer("finally");

        CompletionResponse response = retrying(RetryPolicy.DEFAULT).complete(REQUEST);

        assertThat(response.content()).isEqualTo("finally");
        assertThat(model.completeCalls).hasValue(4);
        assertThat(timer.sleeps).hasSize(3);
    }

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(1000), Duration.ofMillis(4000), false);
        for (int i = 0; i < 6; i++) {
            model.fail(status(500));
        }

        assertThatThrownBy(() -> retrying(policy).complete(REQUEST)).isInstanceOf(ProviderError.class);

        assertThat(model.completeCalls).hasValue(6);
        assertThat(timer.sleeps).extracting(Duration::toMillis).containsExactly(1000L, 2000L, 4000L, 4000L, 4000L);
    }

    @Test
    void jitterDrawsFromTheUpperHalfOfTheNominalDelay() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        ProviderError error = status(500);
        assertThat(policy.delayBefore(1, error, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.delayBefore(1, error, 0.999999)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.delayBefore(3, error, 0.5)).isEqualTo(Duration.ofMillis(3000));
        assertThat(policy.delayBefore(10, error, 0.0)).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.delayBefore(10, error, 0.999999)).isEqualTo(Duration.ofSeconds(30));

        List<Long> drawn = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            drawn.add(policy.delayBefore(2, error, ThreadLocalRandom.current().nextDouble()).toMillis());
        }
        assertThat(drawn).allSatisfy(ms -> assertThat(ms).isBetween(1000L, 2000L));
        assertThat(drawn.stream().distinct().count()).as("jitter spreads the delays").isGreaterThan(100);
        assertThat(drawn.stream().mapToLong(Long::longValue).min().orElseThrow()).isLessThan(1100);
        assertThat(drawn.stream().mapToLong(Long::longValue).max().orElseThrow()).isGreaterThan(1900);
    }

    @Test
    void retryAfterIsWaitedAtLeastButNoLongerThanTheCap() {
        model.fail(new RateLimitError("slow down", Duration.ofSeconds(7)))
                .fail(new RateLimitError("slow down", Duration.ofSeconds(90)))
                .fail(new RateLimitError("no hint", null))
                .answer("ok");

        retrying(RetryPolicy.DEFAULT).complete(REQUEST);

        // with jitter at 0.5: nominal 1 s -> 750 ms raised to 7 s; 90 s capped at 30 s; nominal 4 s -> 3 s
        assertThat(timer.sleeps).extracting(Duration::toMillis).containsExactly(7000L, 30_000L, 3000L);
    }

    @Test
    void nonRetryableErrorsAreThrownAtOnce() {
        List<RuntimeException> finalErrors = List.of(new AuthError("bad key"), new ValidationError("messages", "empty"),
                status(400), status(404), new UnsupportedError("nope"), new IllegalStateException("bug"));
        for (RuntimeException error : finalErrors) {
            ScriptedProvider single = new ScriptedProvider("one").fail(error);
            RecordingTimer noWait = new RecordingTimer();
            RetryingProvider provider = new RetryingProvider(single, RetryPolicy.DEFAULT, noWait, () -> 0.5);

            assertThatThrownBy(() -> provider.complete(REQUEST)).isSameAs(error);
            assertThat(single.completeCalls).as(error.toString()).hasValue(1);
            assertThat(noWait.sleeps).isEmpty();
        }
    }

    @Test
    void lastErrorIsThrownWithTheEarlierAttemptsAttached() {
        ProviderError first = status(502);
        TimeoutError second = new TimeoutError(30_000);
        ProviderError third = status(503);
        RateLimitError last = new RateLimitError("busy", null);
        model.fail(first).fail(second).fail(third).fail(last).answer("never reached");

        assertThatThrownBy(() -> retrying(RetryPolicy.DEFAULT).complete(REQUEST))
                .isSameAs(last)
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(first, second, third));
        assertThat(model.completeCalls).hasValue(4);
    }

    @Test
    void zeroRetriesMeansOneAttempt() {
        model.fail(status(500)).answer("unused");
        assertThatThrownBy(() -> retrying(RetryPolicy.DEFAULT.withMaxRetries(0)).complete(REQUEST))
                .isInstanceOf(ProviderError.class);
        assertThat(model.completeCalls).hasValue(1);
    }

    @Test
    void asyncRetriesWaitOnATimerFutureNotOnAThread() throws Exception {
        model.withNativeAsync().fail(status(503)).fail(new TimeoutError(10)).answer("async ok");
        timer.manual();
        RetryingProvider provider = retrying(RetryPolicy.DEFAULT);

        CompletableFuture<CompletionResponse> future = provider.completeAsync(REQUEST);

        awaitTrue(() -> timer.pending.size() == 1);
        assertThat(future).isNotDone();
        assertThat(model.asyncCalls).hasValue(1);
        timer.pending.get(0).complete(null);
        awaitTrue(() -> timer.pending.size() == 2);
        assertThat(model.asyncCalls).hasValue(2);
        assertThat(future).isNotDone();
        timer.pending.get(1).complete(null);

        assertThat(future.get(5, TimeUnit.SECONDS).content()).isEqualTo("async ok");
        assertThat(model.asyncCalls).hasValue(3);
        assertThat(timer.sleeps).as("no thread slept").isEmpty();
        assertThat(timer.delays).extracting(Duration::toMillis).containsExactly(750L, 1500L);
    }

    @Test
    void asyncFailsWithTheLastErrorOrAtOnceForNonRetryable() {
        model.withNativeAsync().fail(status(500)).fail(status(500)).fail(status(500)).fail(status(529));
        assertThatThrownBy(() -> retrying(RetryPolicy.DEFAULT).completeAsync(REQUEST).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ProviderError.class,
                        e -> assertThat(e.statusCode()).hasValue(529));
        assertThat(model.asyncCalls).hasValue(4);

        ScriptedProvider denied = new ScriptedProvider("denied").withNativeAsync().fail(new AuthError("revoked"));
        RetryingProvider provider = new RetryingProvider(denied, RetryPolicy.DEFAULT, timer, () -> 0.5);
        assertThatThrownBy(() -> provider.completeAsync(REQUEST).get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(AuthError.class);
        assertThat(denied.asyncCalls).hasValue(1);
    }

    @Test
    void asyncRetriesWithTheRealTimerWithoutBlockingTheCaller() throws Exception {
        model.withNativeAsync().fail(status(503)).answer("later");
        RetryingProvider provider = RetryingProvider.wrap(model,
                RetryPolicy.DEFAULT.withInitialDelay(Duration.ofMillis(150)).withJitter(false));

        long start = System.nanoTime();
        CompletableFuture<CompletionResponse> future = provider.completeAsync(REQUEST);
        long returnedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(returnedAfterMs).isLessThan(100);
        assertThat(future.get(5, TimeUnit.SECONDS).content()).isEqualTo("later");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(150);
    }

    @Test
    void streamIsRetriedOnlyBeforeTheFirstChunk() {
        List<StreamChunk> chunks = new ArrayList<>();
        model.failAfterChunks(status(503)).answer("whole answer");

        CompletionResponse response = retrying(RetryPolicy.DEFAULT).stream(REQUEST, chunks::add);

        assertThat(response.content()).isEqualTo("whole answer");
        assertThat(chunks).extracting(StreamChunk::delta).containsExactly("whole answer");
        assertThat(model.streamCalls).hasValue(2);

        ScriptedProvider broken = new ScriptedProvider("broken").failAfterChunks(status(503), "par", "tial");
        List<StreamChunk> seen = new ArrayList<>();
        RetryingProvider provider = new RetryingProvider(broken, RetryPolicy.DEFAULT, timer, () -> 0.5);
        assertThatThrownBy(() -> provider.stream(REQUEST, seen::add)).isInstanceOf(ProviderError.class);
        assertThat(broken.streamCalls).as("chunks were sent, so no second attempt").hasValue(1);
        assertThat(seen).extracting(StreamChunk::delta).containsExactly("par", "tial");
    }

    @Test
    void embedIsRetried() {
        model.fail(new TimeoutError(5)).fail(status(500));
        assertThat(retrying(RetryPolicy.DEFAULT).embed(List.of("a", "bb")).embeddings()).hasSize(2);
        assertThat(model.embedCalls).hasValue(3);
    }

    @Test
    void computeMethodsPassThroughUnchanged() {
        RetryingProvider provider = retrying(RetryPolicy.DEFAULT);
        assertThat(provider.generateImage(ImageRequest.of("a cat"))).isSameAs(model.image);
        assertThatThrownBy(() -> provider.textToSpeech(null))
                .isInstanceOf(UnsupportedError.class).hasMessageContaining("acme").hasMessageContaining("textToSpeech");
        assertThat(provider.providerId()).isEqualTo("acme");
        assertThat(provider.modelId()).isEqualTo("acme-model");
    }

    @Test
    void anInterruptedWaitStopsRetryingAndKeepsTheInterrupt() {
        model.fail(status(500)).answer("unused");
        RetryTimer interrupted = new RetryTimer() {
            @Override
            public void sleep(Duration delay) throws InterruptedException {
                throw new InterruptedException("stop");
            }

            @Override
            public CompletableFuture<Void> delay(Duration delay) {
                return CompletableFuture.failedFuture(new IllegalStateException("not used"));
            }
        };
        RetryingProvider provider = new RetryingProvider(model, RetryPolicy.DEFAULT, interrupted, () -> 0.5);
        try {
            assertThatThrownBy(() -> provider.complete(REQUEST)).isInstanceOf(ProviderError.class)
                    .satisfies(e -> assertThat(e.getSuppressed()).hasAtLeastOneElementOfType(InterruptedException.class));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(model.completeCalls).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(2);
        }
    }
}
