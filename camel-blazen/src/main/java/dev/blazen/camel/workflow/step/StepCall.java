package dev.blazen.camel.workflow.step;

import dev.blazen.camel.workflow.context.WorkflowContext;

/**
 * One invocation of a step.
 *
 * @param event   the event as emitted (typed object or Map); for a collecting step, the List of collected events
 * @param payload what a route sees as its body: the start data for a StartEvent, the event itself otherwise; for a
 *                collecting step, the List of collected payloads
 * @param eventId the event's id within the run
 */
public record StepCall(String workflow, String step, String runId, String eventType, Object event, Object payload,
        WorkflowContext context, String eventId) {

    /**
     * {@code runId:step:eventId}: the same for every execution of this invocation, also when it runs again after a
     * crash, so a step can de-duplicate its side effects with it.
     */
    public String idempotencyKey() {
        return runId + ":" + step + ":" + eventId;
    }
}
