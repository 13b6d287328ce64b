package dev.blazen.camel.workflow;

import java.time.Duration;

/**
 * Per-run settings.
 *
 * @param timeout          the whole run's deadline (Blazen's default: 5 minutes)
 * @param maxInFlight      step invocations of this run running at once; further events wait in the run's pending buffer
 * @param maxPendingEvents events a run may hold waiting for dispatch; {@code ctx.sendEvent} blocks while it is full
 * @param lifecycleEvents  whether step started/completed/failed events are written to the run's stream
 * @param streamEvents     whether the {@link WorkflowHandler} subscribes to the run's stream (then consume it:
 *                         delivery is lossless, so an unread stream holds the run back once its buffer is full)
 * @param streamBufferSize stream events buffered per subscriber before the writing step waits
 */
public record RunOptions(Duration timeout, int maxInFlight, int maxPendingEvents, boolean lifecycleEvents,
        boolean streamEvents, int streamBufferSize) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public RunOptions {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("workflow timeout must be positive, got " + timeout);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        if (maxPendingEvents < 1) {
            throw new IllegalArgumentException("maxPendingEvents must be at least 1, got " + maxPendingEvents);
        }
        if (streamBufferSize < 1) {
            throw new IllegalArgumentException("streamBufferSize must be at least 1, got " + streamBufferSize);
        }
    }

    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_TIMEOUT, 64, 10_000, true, false, 1024);
    }

    public RunOptions withTimeout(Duration value) {
        return new RunOptions(value, maxInFlight, maxPendingEvents, lifecycleEvents, streamEvents, streamBufferSize);
    }

    public RunOptions withMaxInFlight(int value) {
        return new RunOptions(timeout, value, maxPendingEvents, lifecycleEvents, streamEvents, streamBufferSize);
    }

    public RunOptions withMaxPendingEvents(int value) {
        return new RunOptions(timeout, maxInFlight, value, lifecycleEvents, streamEvents, streamBufferSize);
    }

    public RunOptions withLifecycleEvents(boolean value) {
        return new RunOptions(timeout, maxInFlight, maxPendingEvents, value, streamEvents, streamBufferSize);
    }

    public RunOptions withStreamEvents(boolean value) {
        return new RunOptions(timeout, maxInFlight, maxPendingEvents, lifecycleEvents, value, streamBufferSize);
    }

    public RunOptions withStreamBufferSize(int value) {
        return new RunOptions(timeout, maxInFlight, maxPendingEvents, lifecycleEvents, streamEvents, value);
    }
}
