package dev.blazen.camel.workflow.step;

/** How a step reports its outcome: what it emitted (an event, a collection, JSON text, or null) or its error. */
@FunctionalInterface
public interface StepCallback {

    void done(Object output, Throwable error);
}
