package dev.blazen.camel.workflow;

/** A step could not hand over an event because the run's pending-event buffer stayed full until the run's deadline. */
public class EventBacklogException extends WorkflowException {

    public EventBacklogException(String workflow, String runId, int maxPendingEvents) {
        super(workflow, "run " + runId + " has " + maxPendingEvents + " pending events (maxPendingEvents) and none drained before the deadline");
    }
}
