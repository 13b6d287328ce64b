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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
