package dev.blazen.camel.workflow;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.camel.workflow.event.Events;
import dev.blazen.camel.workflow.event.InputResponseEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code blazen:respond:workflow}: delivers a human's answer to a parked run, wherever the run was started: the run
 * id comes from the {@code CamelBlazenRunId} header, the request id from {@code CamelBlazenRequestId}, and the body is
 * the response. A body that is an {@link InputResponseEvent}, or a Map or JSON object with a {@code request_id} key,
 * is read as {@code {request_id, response, run_id?}} instead (what an HTTP or Kafka client naturally sends). The
 * result is {@code {run_id, request_id, outcome}}: outcome ACCEPTED, or DUPLICATE for a request answered before.
 */
public class RespondProducer extends DefaultProducer {

    private final BlazenEndpoint endpoint;

    public RespondProducer(BlazenEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String runId = message.getHeader(BlazenConstants.RUN_ID, String.class);
        String requestId = message.getHeader(BlazenConstants.REQUEST_ID, String.class);
        Object response = message.getBody();
        Map<String, Object> envelope = envelope(response);
        if (envelope != null) {
            requestId = envelope.get("request_id") instanceof String id ? id : requestId;
            runId = envelope.get("run_id") instanceof String id ? id : runId;
            response = envelope.get("response");
        }
        Boolean rejected = message.getHeader(BlazenConstants.REJECTED, Boolean.class);
        RespondOutcome outcome = endpoint.engine().respond(endpoint.workflowName(), runId, requestId, response,
                rejected != null ? rejected : endpoint.getConfiguration().isReject());
        message.setHeader(BlazenConstants.RUN_ID, runId);
        message.setHeader(BlazenConstants.REQUEST_ID, requestId);
        message.setHeader(BlazenConstants.RESPOND_OUTCOME, outcome.name());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("run_id", runId);
        result.put("request_id", requestId);
        result.put("outcome", outcome.name());
        endpoint.setResult(exchange, result);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> envelope(Object body) {
        if (body instanceof InputResponseEvent event) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("request_id", event.requestId());
            map.put("response", event.response());
            return map;
        }
        if (body instanceof Map<?, ?> map && map.get("request_id") instanceof String) {
            return (Map<String, Object>) map;
        }
        if (body instanceof CharSequence || body instanceof byte[]) {
            String text = body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : body.toString();
            String trimmed = text.strip();
            if (trimmed.startsWith("{") && trimmed.contains("\"request_id\"")) {
                try {
                    Map<String, Object> map = Events.json().readValue(trimmed, LinkedHashMap.class);
                    return map.get("request_id") instanceof String ? map : null;
                } catch (Exception e) {
                    return null; // not an envelope: the text is the response
                }
            }
        }
        return null;
    }
}
