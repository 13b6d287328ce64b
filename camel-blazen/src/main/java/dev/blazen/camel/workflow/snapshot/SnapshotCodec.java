package dev.blazen.camel.workflow.snapshot;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.blazen.camel.workflow.RunOptions;
import dev.blazen.camel.workflow.SessionPausePolicy;
import dev.blazen.camel.workflow.context.StateValue;
import dev.blazen.camel.workflow.event.Events;
import dev.blazen.camel.workflow.event.InputRequestEvent;

import java.io.ByteArrayOutputStream;
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
    /** The engine's mapper without a flush after every value: a snapshot's values go into one in-memory buffer. */
    private static final ObjectWriter WRITER = JSON.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** Field names, their quoted UTF-8 form computed once (a snapshot is written after every durable step). */
    private static final SerializedString F_FORMAT = new SerializedString("format");
    private static final SerializedString F_VERSION = new SerializedString("version");
    private static final SerializedString F_WORKFLOW = new SerializedString("workflow");
    private static final SerializedString F_RUN_ID = new SerializedString("run_id");
    private static final SerializedString F_TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString F_STATUS = new SerializedString("status");
    private static final SerializedString F_OWNER = new SerializedString("owner");
    private static final SerializedString F_OPTIONS = new SerializedString("options");
    private static final SerializedString F_TIMEOUT_MS = new SerializedString("timeout_ms");
    private static final SerializedString F_INPUT_TIMEOUT_MS = new SerializedString("input_timeout_ms");
    private static final SerializedString F_MAX_IN_FLIGHT = new SerializedString("max_in_flight");
    private static final SerializedString F_MAX_PENDING_EVENTS = new SerializedString("max_pending_events");
    private static final SerializedString F_LIFECYCLE_EVENTS = new SerializedString("lifecycle_events");
    private static final SerializedString F_SESSION_PAUSE_POLICY = new SerializedString("session_pause_policy");
    private static final SerializedString F_TIMEOUT_REMAINING_MS = new SerializedString("timeout_remaining_ms");
    private static final SerializedString F_NEXT_EVENT_ID = new SerializedString("next_event_id");
    private static final SerializedString F_STATE = new SerializedString("state");
    private static final SerializedString F_JSON = new SerializedString("json");
    private static final SerializedString F_BYTES = new SerializedString("bytes");
    private static final SerializedString F_NATIVE = new SerializedString("native");
    private static final SerializedString F_COLLECTED_EVENTS = new SerializedString("collected_events");
    private static final SerializedString F_PENDING_EVENTS = new SerializedString("pending_events");
    private static final SerializedString F_EVENT_ID = new SerializedString("event_id");
    private static final SerializedString F_STEP = new SerializedString("step");
    private static final SerializedString F_EVENT = new SerializedString("event");
    private static final SerializedString F_BATCH = new SerializedString("batch");
    private static final SerializedString F_INPUT_REQUESTS = new SerializedString("input_requests");
    private static final SerializedString F_REQUEST = new SerializedString("request");
    private static final SerializedString F_REQUESTED_AT = new SerializedString("requested_at");
    private static final SerializedString F_DEADLINE = new SerializedString("deadline");
    private static final SerializedString F_ANSWERED_REQUESTS = new SerializedString("answered_requests");
    private static final SerializedString F_COMPLETED_STEPS = new SerializedString("completed_steps");
    private static final SerializedString F_IDEMPOTENCY_KEY = new SerializedString("idempotency_key");
    private static final SerializedString F_COMPENSATION = new SerializedString("compensation");
    private static final SerializedString F_PAYLOAD = new SerializedString("payload");
    private static final SerializedString F_SESSION = new SerializedString("session");
    private static final SerializedString F_METADATA = new SerializedString("metadata");
    private static final SerializedString F_RESULT = new SerializedString("result");
    private static final SerializedString F_ERROR = new SerializedString("error");

    private SnapshotCodec() {
    }

    /**
     * The snapshot's JSON. Written field by field with one generator, straight into the output: no tree of the whole
     * snapshot is built first, and each event is written from its JSON tree ({@link Events#toJsonTree}) rather than
     * printed as text and parsed back. The bytes are those of the tree the codec used to build (SnapshotCodecTest
     * holds that encoding and compares), only cheaper: this runs after every step of a durable run.
     */
    public static byte[] write(RunSnapshot s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = WRITER.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            text(g, F_FORMAT, FORMAT);
            g.writeFieldName(F_VERSION);
            g.writeNumber(s.version());
            text(g, F_WORKFLOW, s.workflow());
            text(g, F_RUN_ID, s.runId());
            text(g, F_TIMESTAMP, s.timestamp().toString());
            text(g, F_STATUS, s.status().name());
            text(g, F_OWNER, s.owner());
            g.writeFieldName(F_OPTIONS);
            options(g, s.options());
            g.writeFieldName(F_TIMEOUT_REMAINING_MS);
            g.writeNumber(s.timeoutRemaining());
            g.writeFieldName(F_NEXT_EVENT_ID);
            g.writeNumber(s.nextEventId());
            g.writeFieldName(F_STATE);
            g.writeStartObject();
            for (Map.Entry<String, StateValue> e : s.state().entrySet()) {
                g.writeFieldName(e.getKey());
                stateValue(g, e.getValue());
            }
            g.writeEndObject();
            g.writeFieldName(F_COLLECTED_EVENTS);
            g.writeStartObject();
            for (Map.Entry<String, List<Object>> e : s.collectedEvents().entrySet()) {
                g.writeFieldName(e.getKey());
                events(g, e.getValue());
            }
            g.writeEndObject();
            g.writeFieldName(F_PENDING_EVENTS);
            g.writeStartArray();
            for (PendingEvent p : s.pendingEvents()) {
                g.writeStartObject();
                text(g, F_EVENT_ID, p.eventId());
                text(g, F_STEP, p.step());
                g.writeFieldName(F_EVENT);
                event(g, p.event());
                if (!p.batch().isEmpty()) {
                    g.writeFieldName(F_BATCH);
                    events(g, p.batch());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName(F_INPUT_REQUESTS);
            g.writeStartArray();
            for (ParkedInput input : s.inputRequests()) {
                g.writeStartObject();
                g.writeFieldName(F_REQUEST);
                event(g, input.request());
                text(g, F_REQUESTED_AT, input.requestedAt().toString());
                text(g, F_DEADLINE, input.deadline() == null ? null : input.deadline().toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName(F_ANSWERED_REQUESTS);
            g.writeStartArray();
            for (String id : s.answeredRequests()) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeFieldName(F_COMPLETED_STEPS);
            g.writeStartArray();
            for (CompletedStep step : s.completedSteps()) {
                g.writeStartObject();
                text(g, F_STEP, step.step());
                text(g, F_EVENT_ID, step.eventId());
                text(g, F_IDEMPOTENCY_KEY, step.idempotencyKey());
                text(g, F_COMPENSATION, step.compensation());
                g.writeFieldName(F_PAYLOAD);
                WRITER.writeValue(g, step.payload());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName(F_SESSION);
            g.writeStartObject();
            for (Map.Entry<String, byte[]> e : s.session().entrySet()) {
                g.writeStringField(e.getKey(), B64.encodeToString(e.getValue()));
            }
            g.writeEndObject();
            g.writeFieldName(F_METADATA);
            WRITER.writeValue(g, s.metadata());
            g.writeFieldName(F_RESULT);
            WRITER.writeValue(g, s.result());
            text(g, F_ERROR, s.error());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalArgumentException("run " + s.runId() + " cannot be written as a snapshot: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void text(JsonGenerator g, SerializedString name, String value) throws IOException {
        g.writeFieldName(name);
        g.writeString(value);
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

    private static void options(JsonGenerator g, RunOptions o) throws IOException {
        g.writeStartObject();
        g.writeFieldName(F_TIMEOUT_MS);
        g.writeNumber(o.timeout().toMillis());
        g.writeFieldName(F_INPUT_TIMEOUT_MS);
        g.writeNumber(o.inputTimeout().toMillis());
        g.writeFieldName(F_MAX_IN_FLIGHT);
        g.writeNumber(o.maxInFlight());
        g.writeFieldName(F_MAX_PENDING_EVENTS);
        g.writeNumber(o.maxPendingEvents());
        g.writeFieldName(F_LIFECYCLE_EVENTS);
        g.writeBoolean(o.lifecycleEvents());
        text(g, F_SESSION_PAUSE_POLICY, o.sessionPausePolicy().name());
        g.writeEndObject();
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

    private static void stateValue(JsonGenerator g, StateValue value) throws IOException {
        g.writeStartObject();
        if (value instanceof StateValue.Json json) {
            g.writeFieldName(F_JSON);
            WRITER.writeValue(g, json.value() == null ? NullNode.getInstance() : json.value());
        } else if (value instanceof StateValue.Bytes bytes) {
            text(g, F_BYTES, B64.encodeToString(bytes.value()));
        } else if (value instanceof StateValue.Native nat) {
            text(g, F_NATIVE, B64.encodeToString(nat.value()));
        }
        g.writeEndObject();
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

    /** The event's JSON form, {@code {"type": ..., fields}}, as {@link Events#toJson} writes it. */
    private static void event(JsonGenerator g, Object event) throws IOException {
        WRITER.writeValue(g, Events.toJsonTree(event));
    }

    private static void events(JsonGenerator g, List<Object> events) throws IOException {
        g.writeStartArray();
        for (Object event : events) {
            event(g, event);
        }
        g.writeEndArray();
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
