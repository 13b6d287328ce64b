package dev.blazen.camel.workflow.step;

import dev.blazen.camel.workflow.context.WorkflowContext;

/**
 * One invocation of a step.
 *
 * @param event   the event as emitted (typed object or Map); for a collecting step, the List of collected events
 * @param payload what a route sees as its body: the start data for a StartEvent, the event itself otherwise; for a
 *                collecting step, the List of collected payloads
 */
public record StepCall(String workflow, String step, String runId, String eventType, Object event, Object payload,
        WorkflowContext context) {
}
