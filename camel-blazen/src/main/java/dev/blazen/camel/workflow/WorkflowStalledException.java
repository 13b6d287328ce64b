package dev.blazen.camel.workflow;

/**
 * A run can make no more progress: no step is running, no event is pending and no StopEvent was emitted.
 * Blazen waits for the timeout in this case; failing at once says what happened.
 */
public class WorkflowStalledException extends WorkflowException {

    public WorkflowStalledException(String workflow, String runId, String lastStep) {
        super(workflow, "run " + runId + " stalled: no step is running and no event is pending, but no StopEvent was emitted"
                + (lastStep == null ? "" : " (last step to finish: '" + lastStep + "')"));
    }
}
