package dev.blazen.llm.decorator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A retry timer that records every wait and returns at once (or, for async, when the test says). */
public class RecordingTimer implements RetryTimer {

    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    public final List<Duration> delays = new CopyOnWriteArrayList<>();
    public final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
    private volatile boolean manual;

    /** Async delays stay pending until the test completes them. */
    public RecordingTimer manual() {
        manual = true;
        return this;
    }

    @Override
    public void sleep(Duration delay) {
        sleeps.add(delay);
    }

    @Override
    public CompletableFuture<Void> delay(Duration delay) {
        delays.add(delay);
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (manual) {
            pending.add(future);
        } else {
            future.complete(null);
        }
        return future;
    }
}
