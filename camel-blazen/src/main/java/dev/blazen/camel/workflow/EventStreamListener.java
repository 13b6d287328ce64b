package dev.blazen.camel.workflow;

/**
 * Receives the stream events of runs, in the order they were written. {@link #onEvent} may block: that is the
 * backpressure that keeps delivery lossless, the writing step waits until the listener has room.
 */
public interface EventStreamListener {

    void onEvent(String workflow, String runId, String eventType, Object event) throws InterruptedException;

    /** The run ended; no more events follow for it. {@code error} is null on success. */
    default void onRunFinished(String workflow, String runId, Object result, Throwable error) {
    }
}
