package dev.blazen.llm.decorator;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How a retry waits: by sleeping the calling thread (blocking calls) or by a future that completes later
 * (asynchronous calls, so no thread is parked between attempts). Tests replace it to avoid waiting real time.
 */
public interface RetryTimer {

    void sleep(Duration delay) throws InterruptedException;

    CompletableFuture<Void> delay(Duration delay);

    /** Real time: {@link Thread#sleep} and the JDK's shared delayed executor. */
    RetryTimer SYSTEM = new RetryTimer() {
        @Override
        public void sleep(Duration delay) throws InterruptedException {
            Thread.sleep(delay.toMillis());
        }

        @Override
        public CompletableFuture<Void> delay(Duration delay) {
            return CompletableFuture.runAsync(() -> { },
                    CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
        }
    };
}
