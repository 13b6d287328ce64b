package dev.blazen.camel.workflow;

import dev.blazen.camel.workflow.event.InputRequestEvent;

/**
 * Answers input requests inline instead of parking the run (Blazen's {@code input_handler}): called on an engine
 * thread for each {@link InputRequestEvent} of the workflow it is registered for.
 */
@FunctionalInterface
public interface InputHandler {

    /**
     * @return the response (any JSON value, or an {@code InputResponseEvent} with the request's id)
     * @throws Exception fails the run
     */
    Object respond(InputRequestEvent request) throws Exception;
}
