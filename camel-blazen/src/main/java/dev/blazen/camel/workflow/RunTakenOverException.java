package dev.blazen.camel.workflow;

/**
 * Another node (or a resume from the store) took this run over while this node still held it: this node stops
 * running it and leaves it to the new owner, which completes it.
 */
public class RunTakenOverException extends WorkflowException {

    public RunTakenOverException(String workflow, String runId) {
        super(workflow, "run " + runId + " was taken over from the checkpoint store by another owner; it goes on there");
    }
}
