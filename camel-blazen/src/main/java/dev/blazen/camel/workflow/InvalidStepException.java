package dev.blazen.camel.workflow;

/** A step definition that cannot work: empty or invalid {@code accepts}, a bad bean method signature, a duplicate name. */
public class InvalidStepException extends WorkflowException {

    public InvalidStepException(String workflow, String step, String problem) {
        super(workflow, "step '" + step + "': " + problem);
    }
}
