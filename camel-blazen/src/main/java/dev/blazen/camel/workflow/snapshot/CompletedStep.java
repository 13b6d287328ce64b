package dev.blazen.camel.workflow.snapshot;

/**
 * A completed step invocation that declared a compensation: if the run fails, it is undone by sending
 * {@code payload} to {@code compensation}.
 *
 * @param idempotencyKey the key the step ran with; the compensation gets it too
 */
public record CompletedStep(String step, String eventId, String idempotencyKey, String compensation, Object payload) {
}
