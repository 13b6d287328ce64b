package dev.blazen.llm.decorator;

import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.StreamSink;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.provider.CustomProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Retries {@code complete}, {@code completeAsync}, {@code stream} and {@code embed} on errors that say they are
 * retryable (rate limits, time-outs, network failures, 5xx), waiting as {@link RetryPolicy} says between attempts.
 * Other errors are thrown at once. When every attempt fails, the last error is thrown with the earlier ones attached
 * as suppressed exceptions.
 *
 * <p>The asynchronous form waits with a timer future, so no thread sleeps between attempts. A stream is attempted
 * again only while no chunk has reached the sink: chunks already delivered cannot be taken back. Compute methods pass
 * through unchanged.
 */
public final class RetryingProvider extends DelegatingProvider {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingProvider.class);

    private final RetryPolicy policy;
    private final RetryTimer timer;
    private final DoubleSupplier random;

    public RetryingProvider(CustomProvider delegate, RetryPolicy policy, RetryTimer timer, DoubleSupplier random) {
        super(delegate);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Wraps with Blazen's defaults: 3 retries, 1 s initial delay, 30 s cap, jitter. */
    public static RetryingProvider wrap(CustomProvider delegate) {
        return wrap(delegate, RetryPolicy.DEFAULT);
    }

    public static RetryingProvider wrap(CustomProvider delegate, RetryPolicy policy) {
        return new RetryingProvider(delegate, policy, RetryTimer.SYSTEM, () -> ThreadLocalRandom.current().nextDouble());
    }

    public RetryPolicy policy() {
        return policy;
    }

    @Override
    public CompletionResponse complete(CompletionRequest request) {
        return retrying("complete", () -> delegate.complete(request), () -> true);
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        return retrying("embed", () -> delegate.embed(texts), () -> true);
    }

    @Override
    public CompletionResponse stream(CompletionRequest request, StreamSink sink) {
        TrackingSink tracking = new TrackingSink(sink);
        return retrying("stream", () -> delegate.stream(request, tracking), () -> !tracking.delivered());
    }

    @Override
    public CompletableFuture<CompletionResponse> completeAsync(CompletionRequest request) {
        return attemptAsync(request, 1, new ArrayList<>());
    }

    private <T> T retrying(String method, Supplier<T> call, BooleanSupplier repeatable) {
        List<Throwable> failures = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException error) {
                if (!policy.shouldRetry(attempt, error) || !repeatable.getAsBoolean()) {
                    throw Attempts.withHistory(error, failures);
                }
                Duration delay = nextDelay(method, attempt, error);
                try {
                    timer.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    error.addSuppressed(interrupted);
                    throw Attempts.withHistory(error, failures);
                }
                failures.add(error);
            }
        }
    }

    private CompletableFuture<CompletionResponse> attemptAsync(CompletionRequest request, int attempt,
            List<Throwable> failures) {
        return Attempts.start(() -> delegate.completeAsync(request))
                .handle((response, thrown) -> {
                    if (thrown == null) {
                        return CompletableFuture.completedFuture(response);
                    }
                    Throwable error = Attempts.unwrap(thrown);
                    if (!policy.shouldRetry(attempt, error)) {
                        return CompletableFuture.<CompletionResponse>failedFuture(Attempts.withHistory(error, failures));
                    }
                    failures.add(error);
                    Duration delay = nextDelay("completeAsync", attempt, error);
                    return timer.delay(delay).thenCompose(ignored -> attemptAsync(request, attempt + 1, failures));
                })
                .thenCompose(next -> next);
    }

    private Duration nextDelay(String method, int attempt, Throwable error) {
        Duration delay = policy.delayBefore(attempt, error, random.getAsDouble());
        LOG.debug("{} on provider '{}' failed (attempt {} of {}), retrying in {} ms: {}", method, providerId(),
                attempt, policy.maxRetries() + 1, delay.toMillis(), error.getMessage());
        return delay;
    }
}
