package dev.blazen.camel.workflow;

/** A run was cancelled through its handler or because the engine stopped. */
public class WorkflowCancelledException extends WorkflowException {

    public WorkflowCancelledException(String workflow, String runId, String reason) {
        super(workflow, "run " + runId + " was cancelled: " + reason);
    }
}
