package dev.blazen.camel.workflow.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.camel.workflow.RunOptions;
import dev.blazen.camel.workflow.SessionPausePolicy;
import dev.blazen.camel.workflow.context.StateValue;
import dev.blazen.camel.workflow.event.Events;
import dev.blazen.camel.workflow.event.InputRequestEvent;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@link RunSnapshot}s as JSON. The layout (documented in the component's docs, "Snapshot format"):
 * <pre>
 * {"format": "blazen-run-snapshot", "version": 1, "workflow": ..., "run_id": ..., "timestamp": ISO-8601,
 *  "status": "RUNNING", "owner": node or null,
 *  "options": {"timeout_ms", "input_timeout_ms", "max_in_flight", "max_pending_events", "lifecycle_events",
 *              "session_pause_policy"},
 *  "timeout_remaining_ms": ..., "next_event_id": ...,
 *  "state": {key: {"json": value} | {"bytes": base64} | {"native": base64}},
 *  "collected_events": {type: [event]}, "pending_events": [{"event_id", "step", "event", "batch": [event]}],
 *  "input_requests": [{"request": InputRequestEvent, "requested_at", "deadline"}], "answered_requests": [id],
 *  "completed_steps": [{"step", "event_id", "idempotency_key", "compensation", "payload"}],
 *  "session": {key: base64 of Java serialization}, "metadata": {...}, "result": ..., "error": ...}
 * </pre>
 * Events are written in their JSON form ({@code {"type": ..., fields}}) and read back as typed objects when their
 * class is known to this JVM, otherwise as Maps. Readers accept any version up to {@link RunSnapshot#FORMAT_VERSION}
 * and ignore fields they do not know; a newer version is a {@link SnapshotVersionException}.
 */
public final class SnapshotCodec {

    public static final String FORMAT = "blazen-run-snapshot";

    private static final ObjectMapper JSON = Events.json();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private SnapshotCodec() {
    }

    public static byte[] write(RunSnapshot s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", s.version());
        root.put("workflow", s.workflow());
        root.put("run_id", s.runId());
        root.put("timestamp", s.timestamp().toString());
        root.put("status", s.status().name());
        root.put("owner", s.owner());
        root.set("options", options(s.options()));
        root.put("timeout_remaining_ms", s.timeoutRemaining());
        root.put("next_event_id", s.nextEventId());
        ObjectNode state = root.putObject("state");
        s.state().forEach((key, value) -> state.set(key, stateValue(value)));
        ObjectNode collected = root.putObject("collected_events");
        s.collectedEvents().forEach((type, events) -> collected.set(type, events(events)));
        ArrayNode pending = root.putArray("pending_events");
        for (PendingEvent p : s.pendingEvents()) {
            ObjectNode node = pending.addObject();
            node.put("event_id", p.eventId());
            node.put("step", p.step());
            node.set("event", event(p.event()));
            if (!p.batch().isEmpty()) {
                node.set("batch", events(p.batch()));
            }
        }
        ArrayNode inputs = root.putArray("input_requests");
        for (ParkedInput input : s.inputRequests()) {
            ObjectNode node = inputs.addObject();
            node.set("request", event(input.request()));
            node.put("requested_at", input.requestedAt().toString());
            node.put("deadline", input.deadline() == null ? null : input.deadline().toString());
        }
        ArrayNode answered = root.putArray("answered_requests");
        s.answeredRequests().forEach(answered::add);
        ArrayNode completed = root.putArray("completed_steps");
        for (CompletedStep step : s.completedSteps()) {
            ObjectNode node = completed.addObject();
            node.put("step", step.step());
            node.put("event_id", step.eventId());
            node.put("idempotency_key", step.idempotencyKey());
            node.put("compensation", step.compensation());
            node.set("payload", JSON.valueToTree(step.payload()));
        }
        ObjectNode session = root.putObject("session");
        s.session().forEach((key, bytes) -> session.put(key, B64.encodeToString(bytes)));
        root.set("metadata", JSON.valueToTree(s.metadata()));
        root.set("result", JSON.valueToTree(s.result()));
        root.put("error", s.error());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalArgumentException("run " + s.runId() + " cannot be written as a snapshot: " + e.getMessage(), e);
        }
    }

    public static String writeString(RunSnapshot snapshot) {
        return new String(write(snapshot), java.nio.charset.StandardCharsets.UTF_8);
    }

    public static RunSnapshot read(String json) {
        return read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static RunSnapshot read(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new SnapshotVersionException(null, "not a run snapshot: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new SnapshotVersionException(null, "not a run snapshot: the 'format' field is not '" + FORMAT + "'");
        }
        String workflow = root.path("workflow").asText(null);
        int version = root.path("version").asInt(-1);
        if (version < 1 || version > RunSnapshot.FORMAT_VERSION) {
            throw new SnapshotVersionException(workflow, "run " + root.path("run_id").asText() + " has snapshot version "
                    + root.path("version") + "; this camel-blazen reads versions 1 to " + RunSnapshot.FORMAT_VERSION
                    + " (upgrade camel-blazen to resume it)");
        }
        Map<String, StateValue> state = new LinkedHashMap<>();
        fields(root.path("state")).forEachRemaining(e -> state.put(e.getKey(), stateValue(e.getKey(), e.getValue())));
        Map<String, List<Object>> collected = new LinkedHashMap<>();
        fields(root.path("collected_events")).forEachRemaining(e -> collected.put(e.getKey(), events(e.getValue())));
        List<PendingEvent> pending = new ArrayList<>();
        for (JsonNode node : root.path("pending_events")) {
            pending.add(new PendingEvent(node.path("event_id").asText(), node.path("step").asText(),
                    event(node.path("event")), events(node.path("batch"))));
        }
        List<ParkedInput> inputs = new ArrayList<>();
        for (JsonNode node : root.path("input_requests")) {
            inputs.add(new ParkedInput(Events.convert(event(node.path("request")), InputRequestEvent.class),
                    Instant.parse(node.path("requested_at").asText()), instant(node.path("deadline"))));
        }
        List<String> answered = new ArrayList<>();
        root.path("answered_requests").forEach(n -> answered.add(n.asText()));
        List<CompletedStep> completed = new ArrayList<>();
        for (JsonNode node : root.path("completed_steps")) {
            completed.add(new CompletedStep(node.path("step").asText(), node.path("event_id").asText(),
                    node.path("idempotency_key").asText(), node.path("compensation").asText(),
                    JSON.convertValue(node.path("payload"), Object.class)));
        }
        Map<String, byte[]> session = new LinkedHashMap<>();
        fields(root.path("session")).forEachRemaining(e -> session.put(e.getKey(), B64D.decode(e.getValue().asText())));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = root.path("metadata").isObject()
                ? JSON.convertValue(root.path("metadata"), LinkedHashMap.class) : Map.of();
        JsonNode result = root.path("result");
        return new RunSnapshot(version, workflow, root.path("run_id").asText(), Instant.parse(root.path("timestamp").asText()),
                RunStatus.valueOf(root.path("status").asText()), root.path("owner").asText(null),
                options(root.path("options")), root.path("timeout_remaining_ms").asLong(),
                root.path("next_event_id").asLong(), state, collected, pending, inputs, answered, completed, session,
                metadata, result.isMissingNode() || result.isNull() ? null : JSON.convertValue(result, Object.class),
                root.path("error").asText(null));
    }

    private static ObjectNode options(RunOptions o) {
        ObjectNode node = JSON.createObjectNode();
        node.put("timeout_ms", o.timeout().toMillis());
        node.put("input_timeout_ms", o.inputTimeout().toMillis());
        node.put("max_in_flight", o.maxInFlight());
        node.put("max_pending_events", o.maxPendingEvents());
        node.put("lifecycle_events", o.lifecycleEvents());
        node.put("session_pause_policy", o.sessionPausePolicy().name());
        return node;
    }

    private static RunOptions options(JsonNode node) {
        RunOptions defaults = RunOptions.defaults();
        return defaults.withTimeout(Duration.ofMillis(node.path("timeout_ms").asLong(defaults.timeout().toMillis())))
                .withInputTimeout(Duration.ofMillis(node.path("input_timeout_ms").asLong(0)))
                .withMaxInFlight(node.path("max_in_flight").asInt(defaults.maxInFlight()))
                .withMaxPendingEvents(node.path("max_pending_events").asInt(defaults.maxPendingEvents()))
                .withLifecycleEvents(node.path("lifecycle_events").asBoolean(true))
                .withSessionPausePolicy(SessionPausePolicy.valueOf(node.path("session_pause_policy")
                        .asText(SessionPausePolicy.PICKLE_OR_ERROR.name())))
                .withDurable(true);
    }

    private static JsonNode stateValue(StateValue value) {
        ObjectNode node = JSON.createObjectNode();
        if (value instanceof StateValue.Json json) {
            node.set("json", json.value());
        } else if (value instanceof StateValue.Bytes bytes) {
            node.put("bytes", B64.encodeToString(bytes.value()));
        } else if (value instanceof StateValue.Native nat) {
            node.put("native", B64.encodeToString(nat.value()));
        }
        return node;
    }

    private static StateValue stateValue(String key, JsonNode node) {
        if (node.has("json")) {
            return new StateValue.Json(node.get("json"));
        }
        if (node.has("bytes")) {
            return new StateValue.Bytes(B64D.decode(node.get("bytes").asText()));
        }
        if (node.has("native")) {
            return new StateValue.Native(B64D.decode(node.get("native").asText()));
        }
        throw new SnapshotVersionException(null, "state key '" + key + "' holds neither json, bytes nor native: " + node);
    }

    private static JsonNode event(Object event) {
        try {
            return JSON.readTree(Events.toJson(event));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ArrayNode events(List<Object> events) {
        ArrayNode array = JSON.createArrayNode();
        events.forEach(e -> array.add(event(e)));
        return array;
    }

    @SuppressWarnings("unchecked")
    private static Object event(JsonNode node) {
        return Events.fromMap(JSON.convertValue(node, LinkedHashMap.class));
    }

    private static List<Object> events(JsonNode array) {
        List<Object> events = new ArrayList<>();
        array.forEach(n -> events.add(event(n)));
        return events;
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : Instant.parse(node.asText());
    }

    private static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node.isObject() ? node.fields() : java.util.Collections.emptyIterator();
    }
}
