package dev.blazen.llm.decorator;

import dev.blazen.llm.error.RateLimitError;

import java.time.Duration;

/**
 * When and how long to wait before trying a failed call again.
 *
 * <p>The nominal delay before retry {@code n} (1-based) is {@code initialDelay * 2^(n-1)}, capped at
 * {@code maxDelay}. With jitter the actual delay is drawn uniformly from the upper half of that,
 * {@code [nominal/2, nominal]} ("equal jitter"): clients that failed together spread out, yet none retries
 * almost at once. A rate-limit error's Retry-After raises the delay to at least what the provider asked for,
 * still capped at {@code maxDelay} so one answer cannot park a caller indefinitely.
 *
 * @param maxRetries attempts after the first one; 0 disables retrying
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, boolean jitter) {

    /** Blazen's defaults: 3 retries, 1 s initial delay, 30 s cap, with jitter. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(30), true);

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative: " + maxRetries);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("initialDelay must be zero or positive");
        }
        if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least initialDelay");
        }
    }

    public RetryPolicy withMaxRetries(int value) {
        return new RetryPolicy(value, initialDelay, maxDelay, jitter);
    }

    public RetryPolicy withInitialDelay(Duration value) {
        return new RetryPolicy(maxRetries, value, maxDelay, jitter);
    }

    public RetryPolicy withMaxDelay(Duration value) {
        return new RetryPolicy(maxRetries, initialDelay, value, jitter);
    }

    public RetryPolicy withJitter(boolean value) {
        return new RetryPolicy(maxRetries, initialDelay, maxDelay, value);
    }

    /** The exponential delay before retry {@code retry} (1-based), before jitter. */
    public Duration nominalDelay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1: " + retry);
        }
        long cap = maxDelay.toMillis();
        long delay = initialDelay.toMillis();
        for (int i = 1; i < retry && delay < cap; i++) {
            delay *= 2;
        }
        return Duration.ofMillis(Math.min(delay, cap));
    }

    /**
     * The delay before retry {@code retry} after {@code error}.
     *
     * @param random a uniform draw in [0, 1), used only with jitter
     */
    public Duration delayBefore(int retry, Throwable error, double random) {
        long nominal = nominalDelay(retry).toMillis();
        long delay = jitter ? nominal / 2 + Math.round((nominal - nominal / 2) * random) : nominal;
        if (error instanceof RateLimitError rateLimit && rateLimit.retryAfter().isPresent()) {
            delay = Math.max(delay, rateLimit.retryAfter().get().toMillis());
        }
        return Duration.ofMillis(Math.min(delay, maxDelay.toMillis()));
    }

    /** Whether a call that failed with {@code error} on attempt {@code attempt} (1-based) gets another one. */
    public boolean shouldRetry(int attempt, Throwable error) {
        return attempt <= maxRetries && Attempts.retryable(error);
    }
}
