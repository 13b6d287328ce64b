package dev.blazen.camel.workflow.snapshot;

import dev.blazen.camel.workflow.RunOptions;
import dev.blazen.camel.workflow.context.StateValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to continue a run elsewhere: Blazen's snapshot fields (workflow, run id, timestamp, state,
 * collected events, metadata) plus what Blazen loses: the events that were pending, the input requests waiting for
 * a human, the steps to compensate, and how much of the workflow timeout is left. {@link SnapshotCodec} reads and
 * writes it as versioned JSON; that JSON is what a checkpoint store holds under {@code run:<runId>}.
 *
 * @param owner            the node running it, null when no node does (paused, parked, or released at shutdown)
 * @param nextEventId      the run's event id counter, so a re-run step emits the same ids
 * @param timeoutRemaining milliseconds of the workflow timeout left (the clock stops while paused or parked)
 * @param session          Java-serialised session entries (a pause with {@code PICKLE_OR_ERROR}), else empty
 * @param result           the StopEvent result of a completed run
 * @param error            the error of a failed run, as text
 */
public record RunSnapshot(int version, String workflow, String runId, Instant timestamp, RunStatus status, String owner,
        RunOptions options, long timeoutRemaining, long nextEventId, Map<String, StateValue> state,
        Map<String, List<Object>> collectedEvents, List<PendingEvent> pendingEvents, List<ParkedInput> inputRequests,
        List<String> answeredRequests, List<CompletedStep> completedSteps, Map<String, byte[]> session,
        Map<String, Object> metadata, Object result, String error) {

    /** The format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    public RunSnapshot {
        state = Map.copyOf(state);
        collectedEvents = Map.copyOf(collectedEvents);
        pendingEvents = List.copyOf(pendingEvents);
        inputRequests = List.copyOf(inputRequests);
        answeredRequests = List.copyOf(answeredRequests);
        completedSteps = List.copyOf(completedSteps);
        session = Map.copyOf(session);
        metadata = Map.copyOf(metadata);
    }

    /** The checkpoint store key of a run. */
    public static String key(String runId) {
        return "run:" + runId;
    }


    @Override
    public String toString() {
        return "RunSnapshot[workflow=" + workflow + ", runId=" + runId + ", status=" + status + ", pending="
                + pendingEvents.size() + ", inputRequests=" + inputRequests.size() + "]";
    }
}
