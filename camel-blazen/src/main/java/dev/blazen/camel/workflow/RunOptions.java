package dev.blazen.camel.workflow;

import java.time.Duration;

/**
 * Per-run settings.
 *
 * @param timeout            the whole run's deadline (Blazen's default: 5 minutes); the clock stops while the run is
 *                           paused or parked waiting for a human
 * @param maxInFlight        step invocations of this run running at once; further events wait in the run's pending buffer
 * @param maxPendingEvents   events a run may hold waiting for dispatch; {@code ctx.sendEvent} blocks while it is full
 * @param lifecycleEvents    whether step started/completed/failed events are written to the run's stream
 * @param streamEvents       whether the {@link WorkflowHandler} subscribes to the run's stream (then consume it:
 *                           delivery is lossless, so an unread stream holds the run back once its buffer is full)
 * @param streamBufferSize   stream events buffered per subscriber before the writing step waits
 * @param inputTimeout       how long an input request may wait for its answer before the run fails with an
 *                           {@link InputTimeoutException}; {@link Duration#ZERO} = no limit
 * @param sessionPausePolicy what a pause does with the run's session entries
 * @param durable            whether the run is checkpointed after every step so that it survives a crash; null = the
 *                           engine's default (on when a persistent checkpoint store is configured)
 */
public record RunOptions(Duration timeout, int maxInFlight, int maxPendingEvents, boolean lifecycleEvents, boolean streamEvents, int streamBufferSize, Duration inputTimeout, SessionPausePolicy sessionPausePolicy, Boolean durable) {

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
        inputTimeout = inputTimeout == null ? Duration.ZERO : inputTimeout;
        if (inputTimeout.isNegative()) {
            throw new IllegalArgumentException("inputTimeout cannot be negative, got " + inputTimeout);
        }
        sessionPausePolicy = sessionPausePolicy == null ? SessionPausePolicy.PICKLE_OR_ERROR : sessionPausePolicy;
    }

    public static RunOptions defaults() {
        return new RunOptions(DEFAULT_TIMEOUT, 64, 10_000, true, false, 1024, Duration.ZERO,
                SessionPausePolicy.PICKLE_OR_ERROR, null);
    }

    public RunOptions withTimeout(Duration value) {
        return new RunOptions(value, maxInFlight, maxPendingEvents, lifecycleEvents, streamEvents, streamBufferSize, inputTimeout, sessionPausePolicy, durable);
    }

    public RunOptions withMaxInFlight(int value) {
        return new RunOptions(timeout, value, maxPendingEvents, lifecycleEvents, streamEvents, streamBufferSize, inputTimeout, sessionPausePolicy, durable);
    }

    public RunOptions withMaxPendingEvents(int value) {
        return new RunOptions(timeout, maxInFlight, value, lifecycleEvents, streamEvents, streamBufferSize, inputTimeout, sessionPausePolicy, durable);
    }

    public RunOptions withLifecycleEvents(boolean value) {
        return new RunOptions(timeout, maxInFlight, maxPendingEvents, value, streamEvents, streamBufferSize, inputTimeout, sessionPausePolicy, durable);
    }

    public RunOptions withStreamEvents(boolean value) {
        return new RunOptions(timeout, maxInFlight, maxPendingEvents, lifecycleEvents, value, streamBufferSize, inputTimeout, sessionPausePolicy, durable);
    }

    public RunOptions withStreamBufferSize(int value) {
        return new RunOptions(timeout, maxInFlight, maxPendingEvents, lifecycleEvents, streamEvents, value, inputTimeout, sessionPausePolicy, durable);
    }

    public RunOptions withInputTimeout(Duration value) {
        return new RunOptions(timeout, maxInFlight, maxPendingEvents, lifecycleEvents, streamEvents, streamBufferSize, value, sessionPausePolicy, durable);
    }

    public RunOptions withSessionPausePolicy(SessionPausePolicy value) {
        return new RunOptions(timeout, maxInFlight, maxPendingEvents, lifecycleEvents, streamEvents, streamBufferSize, inputTimeout, value, durable);
    }

    public RunOptions withDurable(Boolean value) {
        return new RunOptions(timeout, maxInFlight, maxPendingEvents, lifecycleEvents, streamEvents, streamBufferSize, inputTimeout, sessionPausePolicy, value);
    }
}
