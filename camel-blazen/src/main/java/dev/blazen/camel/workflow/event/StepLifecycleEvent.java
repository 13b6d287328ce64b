package dev.blazen.camel.workflow.event;

/**
 * Lifecycle events the engine writes to a run's stream (when lifecycle events are enabled): a step started,
 * completed (with its duration) or failed. They never route to steps.
 */
public sealed interface StepLifecycleEvent {

    String step();

    @EventType("blazen::StepStarted")
    record StepStarted(String step, String eventType) implements StepLifecycleEvent {
    }

    @EventType("blazen::StepCompleted")
    record StepCompleted(String step, String eventType, long durationMicros) implements StepLifecycleEvent {
    }

    @EventType("blazen::StepFailed")
    record StepFailed(String step, String eventType, String error) implements StepLifecycleEvent {
    }
}
