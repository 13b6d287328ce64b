package dev.blazen.camel.workflow;

/** A run's workflow deadline, with a clock that stops while the run is paused or parked waiting for a human. */
final class RunClock {

    private long deadlineNanos;
    private long stoppedAtNanos;
    private boolean stopped;

    RunClock(long remainingMillis) {
        this.deadlineNanos = System.nanoTime() + remainingMillis * 1_000_000L;
    }

    synchronized void stop() {
        if (!stopped) {
            stopped = true;
            stoppedAtNanos = System.nanoTime();
        }
    }

    synchronized void start() {
        if (stopped) {
            stopped = false;
            deadlineNanos += System.nanoTime() - stoppedAtNanos;
        }
    }

    synchronized boolean isPast(long nowNanos) {
        return !stopped && nowNanos - deadlineNanos >= 0;
    }

    synchronized long remainingNanos() {
        return deadlineNanos - (stopped ? stoppedAtNanos : System.nanoTime());
    }

    long remainingMillis() {
        return Math.max(0, remainingNanos() / 1_000_000L);
    }
}
