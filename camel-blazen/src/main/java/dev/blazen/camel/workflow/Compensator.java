package dev.blazen.camel.workflow;

import dev.blazen.camel.workflow.snapshot.CompletedStep;

/** Undoes one completed step of a failed run by calling its compensation endpoint; the Camel component provides it. */
@FunctionalInterface
public interface Compensator {

    /**
     * @param cause why the run failed
     * @throws Exception the compensation failed; the engine records it on the run's error and goes on with the others
     */
    void compensate(String workflow, String runId, CompletedStep step, Throwable cause) throws Exception;
}
