package dev.blazen.camel.workflow.event;

/** Starts a run; {@code data} is what the caller passed to the workflow. */
@EventType(StartEvent.TYPE)
public record StartEvent(Object data) {
    public static final String TYPE = "blazen::StartEvent";
}
