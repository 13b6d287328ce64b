package dev.blazen.camel.workflow.durable;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.InputRejectedException;
import dev.blazen.camel.workflow.RunOptions;
import dev.blazen.camel.workflow.StepFailedException;
import dev.blazen.camel.workflow.WorkflowCancelledException;
import dev.blazen.camel.workflow.WorkflowHandler;
import dev.blazen.camel.workflow.WorkflowTimeoutException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.event.InputRequestEvent;
import dev.blazen.camel.workflow.event.StopEvent;
import dev.blazen.camel.workflow.snapshot.RunSnapshot;
import dev.blazen.camel.workflow.snapshot.RunStatus;
import dev.blazen.camel.workflow.snapshot.SnapshotCodec;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A failed, timed-out, cancelled or rejected run undoes its completed steps in reverse order, each once. */
class SagaTest {

    private final SharedStore store = new SharedStore();
    private final Nodes nodes = new Nodes(store);
    private final List<String> undone = new CopyOnWriteArrayList<>();
    private volatile String ending = "fail";
    private volatile CountDownLatch holdCancelFlight = new CountDownLatch(0);

    @AfterEach
    void stop() {
        nodes.close();
    }

    /** flight -> hotel -> finish, where finish fails, hangs, asks a human or stops, as {@link #ending} says. */
    private RouteBuilder trip(String node) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:step:trip/flight?accepts=StartEvent&compensation=direct:cancelFlight")
                        .setBody(constant(Map.of("type", "FlightBooked", "seat", "12A")));
                from("blazen:step:trip/hotel?accepts=FlightBooked&compensation=direct:cancelHotel")
                        .setBody(constant(Map.of("type", "HotelBooked", "room", 7)));
                from("blazen:step:trip/finish?accepts=HotelBooked").process(e -> {
                    switch (ending) {
                        case "fail" -> throw new IllegalStateException("payment declined");
                        case "hang" -> Thread.sleep(2000);
                        case "ask" -> e.getMessage().setBody(new InputRequestEvent("confirm", "Charge the card?", Map.of()));
                        default -> e.getMessage().setBody(new StopEvent("booked"));
                    }
                });
                from("direct:cancelFlight").process(e -> {
                    holdCancelFlight.await(10, TimeUnit.SECONDS);
                    record(node, "flight", e);
                });
                from("direct:cancelHotel").process(e -> record(node, "hotel", e));
            }
        };
    }

    private void record(String node, String what, Exchange e) {
        undone.add(node + ":" + what + ":" + e.getMessage().getBody(Map.class).get("type") + ":"
                + e.getMessage().getHeader(BlazenConstants.IDEMPOTENCY_KEY) + ":"
                + e.getMessage().getHeader(Exchange.SAGA_LONG_RUNNING_ACTION));
    }

    @Test
    void aFailedStepUndoesTheCompletedOnesInReverseOrder() throws Exception {
        CamelContext node = nodes.start(trip("n1"));
        WorkflowHandler run = Nodes.engine(node).start("trip", Map.of());
        assertThatThrownBy(() -> run.result().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(StepFailedException.class).hasMessageContaining("payment declined");
        String id = run.runId();
        assertThat(undone).containsExactly(
                "n1:hotel:FlightBooked:" + id + ":hotel:e1:" + id,
                "n1:flight:null:" + id + ":flight:e0:" + id);
    }

    @Test
    void aSuccessfulRunUndoesNothing() throws Exception {
        ending = "stop";
        CamelContext node = nodes.start(trip("n1"));
        assertThat(Nodes.engine(node).start("trip", Map.of()).result().get(5, TimeUnit.SECONDS)).isEqualTo("booked");
        assertThat(undone).isEmpty();
    }

    @Test
    void timeoutsCancelsAndRejectionsCompensateToo() throws Exception {
        CamelContext node = nodes.start(trip("n1"));
        ending = "hang";
        WorkflowHandler late = Nodes.engine(node).start("trip", Map.of(), RunOptions.defaults().withTimeout(Duration.ofMillis(300)));
        assertThatThrownBy(() -> late.result().get(5, TimeUnit.SECONDS)).cause().isInstanceOf(WorkflowTimeoutException.class);
        assertThat(undone).hasSize(2);

        undone.clear();
        ending = "ask";
        WorkflowHandler cancelled = Nodes.engine(node).start("trip", Map.of());
        awaitParked(cancelled.runId());
        cancelled.cancel();
        assertThatThrownBy(() -> cancelled.result().get(5, TimeUnit.SECONDS)).cause().isInstanceOf(WorkflowCancelledException.class);
        assertThat(undone).hasSize(2);

        undone.clear();
        WorkflowHandler rejected = Nodes.engine(node).start("trip", Map.of());
        awaitParked(rejected.runId());
        Nodes.engine(node).respond("trip", rejected.runId(), "confirm", "no", true);
        assertThatThrownBy(() -> rejected.result().get(5, TimeUnit.SECONDS)).cause().isInstanceOf(InputRejectedException.class);
        assertThat(undone).extracting(u -> u.split(":")[1]).containsExactly("hotel", "flight");
    }

    @Test
    void aCrashWhileCompensatingGoesOnWithoutRepeatingWhatWasUndone() throws Exception {
        holdCancelFlight = new CountDownLatch(1);
        CamelContext first = nodes.start(trip("n1"));
        WorkflowHandler run = Nodes.engine(first).start("trip", Map.of());
        long end = System.currentTimeMillis() + 5000;
        while (undone.isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        Thread.sleep(100); // hotel undone and committed; flight's compensation is held
        RunSnapshot image = record(run.runId());
        assertThat(image.status()).isEqualTo(RunStatus.COMPENSATING);
        assertThat(image.completedSteps()).extracting(s -> s.step()).containsExactly("flight");
        byte[] crashed = store.get(RunSnapshot.key(run.runId())).orElseThrow().data();
        first.stop();
        store.put(RunSnapshot.key(run.runId()), crashed, CheckpointStore.ANY_VERSION); // as the dead node left it
        holdCancelFlight = new CountDownLatch(0);
        holdCancelFlightRelease();

        nodes.start(trip("n2"));
        end = System.currentTimeMillis() + 5000;
        while (!record(run.runId()).status().isFinished() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        RunSnapshot done = record(run.runId());
        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(done.error()).contains("payment declined");
        assertThat(undone).filteredOn(u -> u.contains(":hotel:")).hasSize(1);
        assertThat(undone).filteredOn(u -> u.startsWith("n2:flight:")).hasSize(1);
    }

    private void holdCancelFlightRelease() {
        // the first node's held compensation thread is let go; its outcome no longer counts
    }

    private RunSnapshot record(String runId) {
        return SnapshotCodec.read(store.get(RunSnapshot.key(runId)).orElseThrow().data());
    }

    private void awaitParked(String runId) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < end) {
            if (store.get(RunSnapshot.key(runId)).map(c -> SnapshotCodec.read(c.data()).status() == RunStatus.PARKED).orElse(false)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("run " + runId + " did not park");
    }
}
