package dev.blazen.camel.workflow.snapshot;

import dev.blazen.camel.workflow.event.InputRequestEvent;

import java.time.Instant;

/**
 * An input request waiting for a human.
 *
 * @param deadline when the request times out (the run fails with an InputTimeoutException); null = never
 */
public record ParkedInput(InputRequestEvent request, Instant requestedAt, Instant deadline) {
}
