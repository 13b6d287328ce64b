package dev.blazen.camel.workflow.durable;

import dev.blazen.camel.workflow.RunOptions;
import dev.blazen.camel.workflow.context.StateValue;
import dev.blazen.camel.workflow.event.Events;
import dev.blazen.camel.workflow.event.InputRequestEvent;
import dev.blazen.camel.workflow.event.StartEvent;
import dev.blazen.camel.workflow.snapshot.CompletedStep;
import dev.blazen.camel.workflow.snapshot.ParkedInput;
import dev.blazen.camel.workflow.snapshot.PendingEvent;
import dev.blazen.camel.workflow.snapshot.RunSnapshot;
import dev.blazen.camel.workflow.snapshot.RunStatus;
import dev.blazen.camel.workflow.snapshot.SnapshotCodec;
import dev.blazen.camel.workflow.snapshot.SnapshotVersionException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotCodecTest {

    record Drafted(String text, int round) {
    }

    private static RunSnapshot sample() {
        Events.register(Drafted.class);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new RunSnapshot(RunSnapshot.FORMAT_VERSION, "review", "run-1", now, RunStatus.PARKED, "node-a",
                RunOptions.defaults().withTimeout(Duration.ofSeconds(30)).withInputTimeout(Duration.ofMinutes(2)), 12_345, 7,
                Map.of("count", new StateValue.Json(Events.json().valueToTree(3)),
                        "blob", new StateValue.Bytes(new byte[]{0, (byte) 0xFF, 7}),
                        "py", new StateValue.Native(new byte[]{1, 2})),
                Map.of("step:join", List.of(new Drafted("a", 1))),
                List.of(new PendingEvent("e3", "polish", new Drafted("b", 2), List.of()),
                        new PendingEvent("e5", "join", Map.of("type", "Partial", "n", 2), List.of(new Drafted("c", 3))),
                        new PendingEvent("e0", "start", new StartEvent(Map.of("topic", "x")), List.of())),
                List.of(new ParkedInput(new InputRequestEvent("r1", "Approve?", Map.of("score", 0.9)), now, now.plusSeconds(120))),
                List.of("r0"),
                List.of(new CompletedStep("charge", "e1", "run-1:charge:e1", "direct:refund", Map.of("amount", 5))),
                Map.of("conn", new byte[]{9}), Map.of("note", "hi"), null, null);
    }

    @Test
    void roundTripsEveryField() {
        RunSnapshot original = sample();
        RunSnapshot read = SnapshotCodec.read(SnapshotCodec.write(original));
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.workflow()).isEqualTo("review");
        assertThat(read.runId()).isEqualTo("run-1");
        assertThat(read.timestamp()).isEqualTo(original.timestamp());
        assertThat(read.status()).isEqualTo(RunStatus.PARKED);
        assertThat(read.owner()).isEqualTo("node-a");
        assertThat(read.options().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(read.options().inputTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(read.timeoutRemaining()).isEqualTo(12_345);
        assertThat(read.nextEventId()).isEqualTo(7);
        assertThat(read.state()).isEqualTo(original.state());
        assertThat(read.collectedEvents()).isEqualTo(original.collectedEvents());
        assertThat(read.pendingEvents()).isEqualTo(original.pendingEvents());
        assertThat(read.inputRequests()).isEqualTo(original.inputRequests());
        assertThat(read.answeredRequests()).containsExactly("r0");
        assertThat(read.completedSteps()).isEqualTo(original.completedSteps());
        assertThat(read.session().get("conn")).containsExactly(9);
        assertThat(read.metadata()).containsEntry("note", "hi");
    }

    @Test
    void theJsonUsesDocumentedNames() throws Exception {
        var tree = Events.json().readTree(SnapshotCodec.write(sample()));
        assertThat(tree.path("format").asText()).isEqualTo("blazen-run-snapshot");
        assertThat(tree.path("pending_events").get(0).path("event").path("type").asText()).isEqualTo("Drafted");
        assertThat(tree.path("state").path("blob").path("bytes").asText()).isEqualTo("AP8H");
        assertThat(tree.path("input_requests").get(0).path("request").path("request_id").asText()).isEqualTo("r1");
    }

    /** Every kind of value a snapshot holds, nulls included, and text that needs escaping. */
    private static RunSnapshot everyShape() {
        Events.register(Drafted.class);
        Events.register(Shapes.class);
        Instant now = Instant.parse("2026-11-21T10:15:30.123456789Z");
        Map<String, Object> nested = new java.util.LinkedHashMap<>();
        nested.put("list", List.of(1, 2L, 3.5, "x", true));
        nested.put("nothing", null);
        nested.put("deep", Map.of("k", List.of(Map.of("a", 1))));
        Map<String, Object> withOwnType = new java.util.LinkedHashMap<>();
        withOwnType.put("n", 1);
        withOwnType.put("type", "Partial");
        withOwnType.put("text", "quote \" backslash \\ tab \t newline \n unicode \u00e9\u4e2d \uD83D\uDE00 ctrl \u0001");
        return new RunSnapshot(RunSnapshot.FORMAT_VERSION, "review", "run-2", now, RunStatus.COMPENSATING, null,
                RunOptions.defaults().withLifecycleEvents(false), 0, 123_456_789_012L,
                Map.of("count", new StateValue.Json(Events.json().valueToTree(3)),
                        "doc", new StateValue.Json(Events.json().valueToTree(nested)),
                        "nullJson", new StateValue.Json(Events.json().nullNode()),
                        "blob", new StateValue.Bytes(new byte[]{0, (byte) 0xFF, 7}),
                        "py", new StateValue.Native(new byte[0])),
                Map.of("step:join", List.of(new Drafted("a", 1), withOwnType), "step:empty", List.of()),
                List.of(new PendingEvent("e3", "polish", new Shapes(Long.MAX_VALUE, -0.25, new byte[]{1, 2, 3},
                                null, List.of("é"), 'c', true), List.of()),
                        new PendingEvent("e5", "join", withOwnType, List.of(new Drafted("c", 3), Map.of("type", "X"))),
                        new PendingEvent("e0", "start", new StartEvent(nested), List.of()),
                        new PendingEvent("e9", "stop", new dev.blazen.camel.workflow.event.StopEvent(null), List.of())),
                List.of(new ParkedInput(new InputRequestEvent("r1", "Approve \"this\"?", Map.of("score", 0.9)), now,
                        null), new ParkedInput(new InputRequestEvent("r2", "", Map.of()), now, now.plusSeconds(5))),
                List.of("r0", "r\"q"),
                List.of(new CompletedStep("charge", "e1", "run-2:charge:e1", "direct:refund", Map.of("amount", 5)),
                        new CompletedStep("ship", "e2", "run-2:ship:e2", "direct:unship", null),
                        new CompletedStep("note", "e4", "k", "direct:x", List.of("a", 1.5, false))),
                Map.of("conn", new byte[]{9}, "empty", new byte[0]), Map.of("note", "hi", "n", 2, "m", Map.of()),
                Map.of("answer", List.of(42, "x")), "failed: \"boom\"");
    }

    record Shapes(long big, double ratio, byte[] raw, String none, List<String> names, char letter, boolean flag) {
    }

    @Test
    void writesTheSameBytesAsTheTreeEncodingDid() {
        // the codec streams a snapshot with one generator; the bytes must be those of the tree it used to build
        for (RunSnapshot snapshot : List.of(sample(), everyShape())) {
            assertThat(new String(SnapshotCodec.write(snapshot), StandardCharsets.UTF_8))
                    .isEqualTo(new String(TreeEncoding.write(snapshot), StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyShapeRoundTrips() throws Exception {
        RunSnapshot original = everyShape();
        RunSnapshot read = SnapshotCodec.read(SnapshotCodec.write(original));
        assertThat(read.owner()).isNull();
        assertThat(read.status()).isEqualTo(RunStatus.COMPENSATING);
        // (JSON state compares by node type too: 2L was a LongNode and reads back as an IntNode; the bytes below agree)
        assertThat(read.state().keySet()).isEqualTo(original.state().keySet());
        assertThat(read.inputRequests()).isEqualTo(original.inputRequests());
        assertThat(read.completedSteps()).isEqualTo(original.completedSteps());
        assertThat(read.result()).isEqualTo(Map.of("answer", List.of(42, "x")));
        assertThat(read.error()).isEqualTo("failed: \"boom\"");
        // written again, it is the same JSON (maps read back keep the order of the file, Map.copyOf has its own)
        assertThat(Events.json().readTree(SnapshotCodec.write(read)))
                .isEqualTo(Events.json().readTree(SnapshotCodec.write(original)));
    }

    /** The encoding SnapshotCodec.write used before it streamed: a tree of the whole snapshot, written at the end. */
    private static final class TreeEncoding {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = Events.json();

        static byte[] write(RunSnapshot s) {
            ObjectNode root = JSON.createObjectNode();
            root.put("format", SnapshotCodec.FORMAT);
            root.put("version", s.version());
            root.put("workflow", s.workflow());
            root.put("run_id", s.runId());
            root.put("timestamp", s.timestamp().toString());
            root.put("status", s.status().name());
            root.put("owner", s.owner());
            ObjectNode options = root.putObject("options");
            options.put("timeout_ms", s.options().timeout().toMillis());
            options.put("input_timeout_ms", s.options().inputTimeout().toMillis());
            options.put("max_in_flight", s.options().maxInFlight());
            options.put("max_pending_events", s.options().maxPendingEvents());
            options.put("lifecycle_events", s.options().lifecycleEvents());
            options.put("session_pause_policy", s.options().sessionPausePolicy().name());
            root.put("timeout_remaining_ms", s.timeoutRemaining());
            root.put("next_event_id", s.nextEventId());
            ObjectNode state = root.putObject("state");
            s.state().forEach((key, value) -> {
                ObjectNode node = state.putObject(key);
                if (value instanceof StateValue.Json json) {
                    node.set("json", json.value());
                } else if (value instanceof StateValue.Bytes bytes) {
                    node.put("bytes", Base64.getEncoder().encodeToString(bytes.value()));
                } else if (value instanceof StateValue.Native nat) {
                    node.put("native", Base64.getEncoder().encodeToString(nat.value()));
                }
            });
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
            s.session().forEach((key, bytes) -> session.put(key, Base64.getEncoder().encodeToString(bytes)));
            root.set("metadata", JSON.valueToTree(s.metadata()));
            root.set("result", JSON.valueToTree(s.result()));
            root.put("error", s.error());
            try {
                return JSON.writeValueAsBytes(root);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static JsonNode event(Object event) {
            try {
                return JSON.readTree(Events.toJson(event));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private static ArrayNode events(List<Object> events) {
            ArrayNode array = JSON.createArrayNode();
            events.forEach(e -> array.add(event(e)));
            return array;
        }
    }

    @Test
    void aNewerVersionIsAClearError() {
        String json = SnapshotCodec.writeString(sample()).replace("\"version\":1", "\"version\":2");
        assertThatThrownBy(() -> SnapshotCodec.read(json)).isInstanceOf(SnapshotVersionException.class)
                .hasMessageContaining("snapshot version 2").hasMessageContaining("versions 1 to 1")
                .hasMessageContaining("run-1");
    }

    @Test
    void somethingElseIsNotASnapshot() {
        assertThatThrownBy(() -> SnapshotCodec.read("{\"hello\":1}")).isInstanceOf(SnapshotVersionException.class)
                .hasMessageContaining("not a run snapshot");
        assertThatThrownBy(() -> SnapshotCodec.read("not json")).isInstanceOf(SnapshotVersionException.class);
    }
}
