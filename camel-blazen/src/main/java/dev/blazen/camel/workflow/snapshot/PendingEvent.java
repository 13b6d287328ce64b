package dev.blazen.camel.workflow.snapshot;

import java.util.List;

/**
 * An event delivered to a step whose invocation had not completed when the snapshot was taken: it is dispatched
 * again on resume.
 *
 * @param eventId the event's id within the run (part of the step's idempotency key)
 * @param step    the step it goes to
 * @param event   the event (a typed object or a Map; JSON in the snapshot)
 * @param batch   for a collecting step that had gathered its batch: the events collected before this one; else empty
 */
public record PendingEvent(String eventId, String step, Object event, List<Object> batch) {

    public PendingEvent {
        batch = batch == null ? List.of() : List.copyOf(batch);
    }
}
