package dev.blazen.camel.workflow;

/** No run with this id is in progress here or in the checkpoint store. */
public class UnknownRunException extends WorkflowException {

    private final String runId;

    public UnknownRunException(String workflow, String runId, String detail) {
        super(workflow, "unknown run '" + runId + "'" + (detail == null ? "" : ": " + detail));
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }
}
