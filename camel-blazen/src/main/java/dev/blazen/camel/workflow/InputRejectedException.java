package dev.blazen.camel.workflow;

/** A human rejected an input request: the run ends and compensates its completed steps. */
public class InputRejectedException extends WorkflowException {

    private final String requestId;

    public InputRejectedException(String workflow, String runId, String requestId, Object reason) {
        super(workflow, "run " + runId + ": input request '" + requestId + "' was rejected"
                + (reason == null ? "" : ": " + reason));
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
