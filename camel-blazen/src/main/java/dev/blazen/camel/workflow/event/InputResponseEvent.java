package dev.blazen.camel.workflow.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A human's answer to an {@link InputRequestEvent}, matched by {@code requestId}. */
@EventType(InputResponseEvent.TYPE)
public record InputResponseEvent(@JsonProperty("request_id") String requestId, Object response) {
    public static final String TYPE = "blazen::InputResponseEvent";
}
