package dev.blazen.camel.workflow;

/** Base of the workflow engine's typed errors; {@link #workflow()} names the workflow where known. */
public class WorkflowException extends RuntimeException {

    private final String workflow;

    public WorkflowException(String workflow, String message) {
        this(workflow, message, null);
    }

    public WorkflowException(String workflow, String message, Throwable cause) {
        super(workflow == null ? message : "workflow '" + workflow + "': " + message, cause);
        this.workflow = workflow;
    }

    public String workflow() {
        return workflow;
    }
}
