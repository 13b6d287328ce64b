package dev.blazen.camel.workflow.event;

/** Ends a run; {@code result} becomes the run's result. The first StopEvent wins. */
@EventType(StopEvent.TYPE)
public record StopEvent(Object result) {
    public static final String TYPE = "blazen::StopEvent";
}
