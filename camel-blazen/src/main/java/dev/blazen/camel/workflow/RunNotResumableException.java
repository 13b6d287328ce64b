package dev.blazen.camel.workflow;

/** A run cannot be resumed: it finished, is running on a live node, or its workflow has no steps here. */
public class RunNotResumableException extends WorkflowException {

    public RunNotResumableException(String workflow, String runId, String why) {
        super(workflow, "run " + runId + " cannot be resumed: " + why);
    }
}
