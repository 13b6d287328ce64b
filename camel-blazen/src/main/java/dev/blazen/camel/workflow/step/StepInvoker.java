package dev.blazen.camel.workflow.step;

/** Runs a step for one event. Implementations call {@link StepCallback#done} exactly once, on any thread. */
@FunctionalInterface
public interface StepInvoker {

    void invoke(StepCall call, StepCallback callback);
}
