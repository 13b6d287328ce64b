package dev.blazen.camel.workflow.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** A step asks a human for input; the answer comes back as an {@link InputResponseEvent} with the same request id. */
@EventType(InputRequestEvent.TYPE)
public record InputRequestEvent(@JsonProperty("request_id") String requestId, String prompt, Map<String, Object> metadata) {
    public static final String TYPE = "blazen::InputRequestEvent";
}
