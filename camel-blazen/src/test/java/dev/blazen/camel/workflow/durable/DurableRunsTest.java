package dev.blazen.camel.workflow.durable;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.RunOptions;
import dev.blazen.camel.workflow.SessionNotSerializableException;
import dev.blazen.camel.workflow.SessionPausePolicy;
import dev.blazen.camel.workflow.WorkflowEngine;
import dev.blazen.camel.workflow.WorkflowHandler;
import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.context.WorkflowContext;
import dev.blazen.camel.workflow.event.StopEvent;
import dev.blazen.camel.workflow.snapshot.PendingEvent;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkpoints after each step, recovery on another node, pause and resume, session pause policies. */
class DurableRunsTest {

    private final SharedStore store = new SharedStore();
    private final Nodes nodes = new Nodes(store);
    private final List<String> executions = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        nodes.close();
    }

    /** a -> b -> c; b is held on {@code holdB} (null = not held). */
    private RouteBuilder chain(String node, CountDownLatch enteredB, CountDownLatch holdB) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:step:order/a?accepts=StartEvent").process(e -> {
                    ctx(e).set("a", true);
                    executions.add(node + ":a:" + e.getMessage().getHeader(BlazenConstants.IDEMPOTENCY_KEY));
                    e.getMessage().setBody(Map.of("type", "A", "n", 1));
                });
                from("blazen:step:order/b?accepts=A").process(e -> {
                    executions.add(node + ":b:" + e.getMessage().getHeader(BlazenConstants.IDEMPOTENCY_KEY));
                    if (enteredB != null) {
                        enteredB.countDown();
                    }
                    if (holdB != null) {
                        holdB.await(10, TimeUnit.SECONDS);
                    }
                    ctx(e).set("b", node);
                    e.getMessage().setBody(Map.of("type", "B"));
                });
                from("blazen:step:order/c?accepts=B").process(e -> {
                    executions.add(node + ":c:" + e.getMessage().getHeader(BlazenConstants.IDEMPOTENCY_KEY));
                    e.getMessage().setBody(new StopEvent("done by " + ctx(e).get("b")));
                });
            }
        };
    }

    private static WorkflowContext ctx(Exchange e) {
        return e.getVariable(BlazenConstants.CONTEXT_VARIABLE, WorkflowContext.class);
    }

    private RunSnapshot record(String runId) {
        return SnapshotCodec.read(store.get(RunSnapshot.key(runId)).orElseThrow().data());
    }

    @Test
    void everyStepIsCommittedWithItsPendingEvents() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        CamelContext node = nodes.start(chain("n1", entered, hold));
        WorkflowHandler run = Nodes.engine(node).start("order", Map.of());
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        RunSnapshot during = record(run.runId());
        assertThat(during.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(during.owner()).isEqualTo(Nodes.engine(node).nodeId());
        assertThat(during.pendingEvents()).extracting(PendingEvent::step).containsExactly("b");
        assertThat(during.pendingEvents().get(0).event()).isEqualTo(Map.of("type", "A", "n", 1));
        assertThat(during.state()).containsKey("a").doesNotContainKey("b");

        hold.countDown();
        assertThat(run.result().get(5, TimeUnit.SECONDS)).isEqualTo("done by n1");
        RunSnapshot done = record(run.runId());
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.result()).isEqualTo("done by n1");
        assertThat(done.pendingEvents()).isEmpty();
    }

    @Test
    void aRunLeftByADeadNodeContinuesOnAnotherFromItsPendingEvents() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        CamelContext first = nodes.start(chain("n1", entered, hold));
        WorkflowHandler run = Nodes.engine(first).start("order", Map.of());
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        // the crash image: the record as it was while b ran, owned by the first node, whose heartbeat then stops
        Checkpoint image = store.get(RunSnapshot.key(run.runId())).orElseThrow();
        first.stop();
        store.put(image.key(), image.data(), CheckpointStore.ANY_VERSION);
        hold.countDown();

        CamelContext second = nodes.start(chain("n2", null, null));
        RunSnapshot done = awaitFinished(run.runId());
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.result()).isEqualTo("done by n2");
        assertThat(Nodes.engine(second).activeRuns()).isZero();
        // b ran again (at least once) with the same idempotency key; a ran once
        String key = run.runId() + ":b:e1";
        assertThat(executions).contains("n1:b:" + key, "n2:b:" + key);
        assertThat(executions.stream().filter(x -> x.contains(":a:")).count()).isEqualTo(1);
        assertThat(executions).contains("n2:c:" + run.runId() + ":c:e2");
    }

    @Test
    void aCleanStopReleasesRunsToTheNextStart() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        CamelContext first = nodes.start(chain("n1", entered, hold));
        WorkflowHandler run = Nodes.engine(first).start("order", Map.of());
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        new Thread(() -> {
            sleep(300);
            hold.countDown(); // b finishes while the context stops
        }).start();
        first.stop();
        assertThatThrownBy(() -> run.result().get(5, TimeUnit.SECONDS)).hasMessageContaining("stays in the checkpoint store");
        RunSnapshot released = record(run.runId());
        assertThat(released.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(released.owner()).isNull();
        assertThat(released.pendingEvents()).extracting(PendingEvent::step).containsExactly("b");

        nodes.start(chain("n2", null, null));
        RunSnapshot done = awaitFinished(run.runId());
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.result()).isEqualTo("done by n2");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void pauseWaitsForTheRunningStepThenResumesOnAnotherNode() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        CamelContext first = nodes.start(chain("n1", entered, hold));
        WorkflowHandler run = Nodes.engine(first).start("order", Map.of(), RunOptions.defaults().withDurable(false));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<RunSnapshot> paused = run.pause();
        Thread.sleep(100);
        assertThat(paused).isNotDone(); // b is still running
        hold.countDown();
        RunSnapshot snapshot = paused.get(5, TimeUnit.SECONDS);
        assertThat(snapshot.status()).isEqualTo(RunStatus.PAUSED);
        assertThat(snapshot.owner()).isNull();
        assertThat(snapshot.pendingEvents()).extracting(PendingEvent::step).containsExactly("c");
        assertThat(snapshot.state()).containsKeys("a", "b");
        assertThat(record(run.runId()).status()).isEqualTo(RunStatus.PAUSED);
        Thread.sleep(200);
        assertThat(executions).noneMatch(x -> x.contains(":c:")); // nothing dispatched while paused

        CamelContext second = nodes.start(chain("n2", null, null));
        WorkflowHandler resumed = Nodes.engine(second).resume(run.runId());
        assertThat(resumed.result().get(5, TimeUnit.SECONDS)).isEqualTo("done by n1");
        assertThat(executions).filteredOn(x -> x.contains(":c:")).containsExactly("n2:c:" + run.runId() + ":c:e2");
        assertThatThrownBy(() -> Nodes.engine(second).resume(run.runId())).hasMessageContaining("finished");
    }

    @Test
    void resumeInPlaceAndFromASnapshot() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        CamelContext node = nodes.start(chain("n1", entered, hold));
        WorkflowEngine engine = Nodes.engine(node);
        WorkflowHandler run = engine.start("order", Map.of(), RunOptions.defaults().withTimeout(Duration.ofMillis(800)));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<RunSnapshot> paused = engine.pause(run.runId());
        hold.countDown();
        RunSnapshot snapshot = paused.get(5, TimeUnit.SECONDS);
        Thread.sleep(1000); // longer than the workflow timeout: the clock stopped while paused
        assertThat(run.isDone()).isFalse();
        assertThat(run.resumeInPlace()).isTrue();
        assertThat(run.result().get(5, TimeUnit.SECONDS)).isEqualTo("done by n1");

        // the same snapshot, kept elsewhere as JSON, runs the rest again on another node
        String json = SnapshotCodec.writeString(snapshot);
        CamelContext other = nodes.start(chain("n2", null, null));
        WorkflowHandler again = Nodes.engine(other).resume(SnapshotCodec.read(json));
        assertThat(again.result().get(5, TimeUnit.SECONDS)).isEqualTo("done by n1");
    }

    record Unserializable(Object lock) {
    }

    private volatile CountDownLatch sessionHold = new CountDownLatch(0);

    private RouteBuilder sessionWorkflow() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:step:sessions/work?accepts=StartEvent").process(e -> {
                    ctx(e).session().put("counter", 41);
                    if (e.getMessage().getBody(Map.class).get("live") != null) {
                        ctx(e).session().put("socket", new Unserializable(new Object()));
                    }
                    e.getMessage().setBody(Map.of("type", "Next"));
                });
                from("blazen:step:sessions/next?accepts=Next").process(e -> {
                    sessionHold.await(10, TimeUnit.SECONDS);
                    e.getMessage().setBody(Map.of("type", "Last"));
                });
                from("blazen:step:sessions/last?accepts=Last").process(e -> {
                    e.getMessage().setBody(new StopEvent(ctx(e).session().get("counter")));
                });
            }
        };
    }

    @Test
    void sessionPausePolicies() throws Exception {
        CamelContext node = nodes.start(sessionWorkflow());
        WorkflowEngine engine = Nodes.engine(node);
        RunOptions options = RunOptions.defaults().withDurable(false);

        sessionHold = new CountDownLatch(1);
        WorkflowHandler pickled = engine.start("sessions", Map.of(), options);
        RunSnapshot withSession = pauseAfterFirstStep(pickled, sessionHold);
        assertThat(withSession.session()).containsKey("counter");
        CamelContext other = nodes.start(sessionWorkflow());
        assertThat(Nodes.engine(other).resume(pickled.runId()).result().get(5, TimeUnit.SECONDS)).isEqualTo(41);

        sessionHold = new CountDownLatch(1);
        WorkflowHandler refused = engine.start("sessions", Map.of("live", true), options);
        awaitPending(refused);
        CompletableFuture<RunSnapshot> refusal = refused.pause();
        sessionHold.countDown(); // the pause waits for the running step, then the policy refuses
        assertThatThrownBy(() -> refusal.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(SessionNotSerializableException.class).hasMessageContaining("[socket]");
        assertThat(refused.result().get(5, TimeUnit.SECONDS)).isEqualTo(41); // the run went on

        sessionHold = new CountDownLatch(1);
        WorkflowHandler dropped = engine.start("sessions", Map.of("live", true),
                options.withSessionPausePolicy(SessionPausePolicy.WARN_DROP));
        RunSnapshot without = pauseAfterFirstStep(dropped, sessionHold);
        assertThat(without.session()).isEmpty();
        assertThat(without.metadata().get("dropped_session_keys")).isEqualTo(List.of("counter", "socket"));
        dropped.resumeInPlace();
        assertThat(dropped.result().get(5, TimeUnit.SECONDS)).isEqualTo(41); // in place, the live session is kept

        sessionHold = new CountDownLatch(1);
        WorkflowHandler hard = engine.start("sessions", Map.of(), options.withSessionPausePolicy(SessionPausePolicy.HARD_ERROR));
        awaitPending(hard);
        CompletableFuture<RunSnapshot> hardRefusal = hard.pause();
        sessionHold.countDown();
        assertThatThrownBy(() -> hardRefusal.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(SessionNotSerializableException.class).hasMessageContaining("HARD_ERROR");
        assertThat(hard.result().get(5, TimeUnit.SECONDS)).isEqualTo(41);
    }

    private RunSnapshot pauseAfterFirstStep(WorkflowHandler run, CountDownLatch hold) throws Exception {
        awaitPending(run);
        CompletableFuture<RunSnapshot> paused = run.pause();
        hold.countDown();
        return paused.get(5, TimeUnit.SECONDS);
    }

    private static void awaitPending(WorkflowHandler run) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (run.snapshot().nextEventId() < 2 && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
    }

    private RunSnapshot awaitFinished(String runId) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            var rec = store.get(RunSnapshot.key(runId));
            if (rec.isPresent()) {
                RunSnapshot s = SnapshotCodec.read(rec.get().data());
                if (s.status().isFinished()) {
                    return s;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("run " + runId + " did not finish: " + store.get(RunSnapshot.key(runId)).map(c -> SnapshotCodec.read(c.data())));
    }
}
