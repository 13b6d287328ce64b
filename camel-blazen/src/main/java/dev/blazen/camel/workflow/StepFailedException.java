package dev.blazen.camel.workflow;

/** A step threw (after its route's error handler, if any, gave up); the cause is the step's error. */
public class StepFailedException extends WorkflowException {

    private final String step;

    public StepFailedException(String workflow, String step, Throwable cause) {
        super(workflow, "step '" + step + "' failed: " + cause, cause);
        this.step = step;
    }

    public String step() {
        return step;
    }
}
