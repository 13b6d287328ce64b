package dev.blazen.camel.pipeline;

import dev.blazen.camel.pipeline.PipelineSnapshot.CompletedStage;
import dev.blazen.camel.workflow.WorkflowCancelledException;
import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.inmemory.InMemoryCheckpointStore;
import dev.blazen.camel.workflow.event.StopEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.blazen.camel.pipeline.Pipeline.until;
import static dev.blazen.camel.pipeline.PipelineRunTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Snapshots in the checkpoint store after every stage, and resume from them: in a new CamelContext sharing the store
 * after a stage failed or the first context stopped mid-pipeline, without running finished stages again.
 */
class PipelinePersistenceTest {

    private final CheckpointStore store = new InMemoryCheckpointStore();
    private final List<CamelContext> contexts = new ArrayList<>();

    private final Pipeline flakyPipeline = Pipeline.builder("flaky")
            .stage("shout", "upper")
            .stage("wobble", "flaky")
            .stage("finish", "exclaim")
            .build();

    @AfterEach
    void stopContexts() {
        contexts.forEach(CamelContext::stop);
    }

    /** A CamelContext (a node) running the workflows, with the shared store as its blazen checkpoint store. */
    private PipelineRunner node(RouteBuilder... routes) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("sharedStore", store); // autowired into the component: the only CheckpointStore bean
        for (RouteBuilder builder : routes) {
            camel.addRoutes(builder);
        }
        camel.start();
        contexts.add(camel);
        return PipelineRunner.of(camel);
    }

    @Test
    void aSnapshotIsWrittenAfterEveryStageAndLoopIterationAndDeletedWhenTheRunCompletes() throws Exception {
        List<PipelineSnapshot> inStore = new CopyOnWriteArrayList<>();
        List<PipelineSnapshot> persisted = new CopyOnWriteArrayList<>();
        PipelineRunner runner = node(new PipelineWorkflows(), new RouteBuilder() {
            @Override
            public void configure() {
                // a stage that reads the run's record from the store while the run is going
                from("blazen:step:inspect/run?accepts=StartEvent").process(e -> {
                    inStore.add(PipelineSnapshot.fromBytes(store.get(store.keys(PipelineSnapshot.KEY_PREFIX).get(0))
                            .orElseThrow().data()));
                    e.getMessage().setBody(new StopEvent("inspected"));
                });
            }
        });
        Pipeline pipeline = Pipeline.builder("persisted")
                .stage("shout", "upper")
                .stage("never", "boom").when(state -> false)
                .stage("measure", "length")
                .loop("count", "increment", until(state -> ((Number) state.lastResult()).intValue() >= 7), 10)
                .stage("inspect", "inspect")
                .onPersist(persisted::add)
                .build();

        PipelineHandler handler = runner.start(pipeline, "hello");

        assertThat(handler.result().get(10, TimeUnit.SECONDS)).isEqualTo("inspected");
        assertThat(persisted).extracting(PipelineSnapshot::currentStage).containsExactly(0, 1, 2, 3, 3, 4, 5);
        assertThat(persisted).extracting(PipelineSnapshot::loopIteration).containsExactly(0, 0, 0, 0, 1, 0, 0);
        PipelineSnapshot during = inStore.get(0);
        assertThat(during.version()).isEqualTo(PipelineSnapshot.VERSION);
        assertThat(during.pipeline()).isEqualTo("persisted");
        assertThat(during.runId()).isEqualTo(handler.runId());
        assertThat(during.stages()).containsExactly("shout", "never", "measure", "count", "inspect");
        assertThat(during.completed()).containsExactly(new CompletedStage("shout", "HELLO", false),
                new CompletedStage("never", null, true), new CompletedStage("measure", 5, false),
                new CompletedStage("count", 7, false));
        assertThat(during.currentStage()).isEqualTo(4);
        assertThat(during.input()).isEqualTo("hello");
        assertThat(during.lastResult()).isEqualTo(7);
        assertThat(during.updatedAt()).isAfterOrEqualTo(during.startedAt());
        assertThat(store.keys(PipelineSnapshot.KEY_PREFIX)).as("deleted when the run completed").isEmpty();
    }

    @Test
    void theSnapshotJsonIsVersionedAndRoundTrips() throws Exception {
        List<String> json = new CopyOnWriteArrayList<>();
        PipelineRunner runner = node(new PipelineWorkflows());
        Pipeline pipeline = Pipeline.builder("json").stage("shout", "upper").onPersist(s -> json.add(s.toJson())).build();

        runner.start(pipeline, "hi").result().get(10, TimeUnit.SECONDS);

        assertThat(json.get(1)).startsWith("{\"version\":1,\"pipeline\":\"json\",\"runId\":")
                .contains("\"stages\":[\"shout\"]", "\"completed\":[{\"name\":\"shout\",\"result\":\"HI\",\"skipped\":false}]",
                        "\"currentStage\":1", "\"loopIteration\":0", "\"input\":\"hi\"", "\"lastResult\":\"HI\"",
                        "\"startedAt\":\"", "\"updatedAt\":\"");
        assertThat(PipelineSnapshot.fromJson(json.get(1)).toJson()).isEqualTo(json.get(1));
    }

    @Test
    void aRunWhoseStageFailedResumesOnAnotherNodeWithoutRerunningFinishedStages() throws Exception {
        PipelineWorkflows first = new PipelineWorkflows();
        first.flakyFails = true;
        PipelineHandler failed = node(first).start(flakyPipeline, "hi");
        assertThat(failure(failed, PipelineStageFailedException.class).stage()).isEqualTo("wobble");
        assertThat(store.get(PipelineSnapshot.key(failed.runId()))).as("kept for resume").isPresent();
        contexts.get(0).stop();

        PipelineWorkflows second = new PipelineWorkflows();
        PipelineHandler resumed = node(second).resume(flakyPipeline, failed.runId());

        assertThat(resumed.runId()).isEqualTo(failed.runId());
        assertThat(resumed.result().get(10, TimeUnit.SECONDS)).isEqualTo("HI!");
        assertThat(first.executions("upper")).isEqualTo(1);
        assertThat(second.executions("upper")).as("finished stages are not run again").isZero();
        assertThat(second.executions("flaky")).isEqualTo(1);
        assertThat(second.executions("exclaim")).isEqualTo(1);
        assertThat(resumed.state().results()).containsKeys("shout", "wobble", "finish");
        assertThat(store.keys(PipelineSnapshot.KEY_PREFIX)).isEmpty();
    }

    @Test
    void aRunCutOffByItsContextStoppingResumesInANewContextWithTheSameStore() throws Exception {
        Pipeline pipeline = Pipeline.builder("napping")
                .stage("shout", "upper")
                .stage("nap", "sleepy")
                .stage("finish", "exclaim")
                .build();
        PipelineWorkflows first = new PipelineWorkflows(60_000);
        PipelineRunner runner = node(first);
        contexts.get(0).getShutdownStrategy().setTimeout(1);
        PipelineHandler cut = runner.start(pipeline, "hi");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (first.executions("sleepy") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        contexts.get(0).stop(); // a node going down while the nap stage runs

        assertThat(failure(cut, PipelineStageFailedException.class))
                .satisfies(e -> assertThat(e.stage()).isEqualTo("nap"))
                .hasCauseInstanceOf(WorkflowCancelledException.class);
        PipelineWorkflows second = new PipelineWorkflows(10);
        PipelineHandler resumed = node(second).resume(pipeline, cut.runId());
        assertThat(resumed.result().get(10, TimeUnit.SECONDS)).isEqualTo("slept!");
        assertThat(first.executions("upper")).isEqualTo(1);
        assertThat(second.executions("upper")).as("finished stages are not run again").isZero();
        assertThat(second.executions("sleepy")).isEqualTo(1);
    }

    @Test
    void aRunResumesFromSnapshotJsonKeptOutsideTheStore() throws Exception {
        List<String> saved = new CopyOnWriteArrayList<>();
        Pipeline pipeline = Pipeline.builder("flaky")
                .stage("shout", "upper")
                .stage("wobble", "flaky")
                .stage("finish", "exclaim")
                .onPersist(snapshot -> saved.add(snapshot.toJson()))
                .build();
        PipelineWorkflows workflows = new PipelineWorkflows();
        workflows.flakyFails = true;
        PipelineRunner runner = node(workflows);
        PipelineHandler failed = runner.start(pipeline, "hi");
        failure(failed, PipelineStageFailedException.class);
        store.delete(PipelineSnapshot.key(failed.runId()), CheckpointStore.ANY_VERSION);
        workflows.flakyFails = false;

        PipelineHandler resumed = runner.resume(pipeline, PipelineSnapshot.fromJson(saved.get(saved.size() - 1)));

        assertThat(resumed.result().get(10, TimeUnit.SECONDS)).isEqualTo("HI!");
        assertThat(workflows.executions("upper")).isEqualTo(1);
    }

    @Test
    void ofTwoNodesGoingOnWithOneRunOnlyTheLastToClaimItGoesOn() throws Exception {
        Pipeline pipeline = Pipeline.builder("contested").stage("nap", "sleepy").stage("finish", "exclaim").build();
        PipelineWorkflows workflows = new PipelineWorkflows(300);
        PipelineHandler original = node(workflows).start(pipeline, "hi");

        PipelineHandler takeover = node(new PipelineWorkflows(300)).resume(pipeline, original.runId());

        assertThat(takeover.result().get(10, TimeUnit.SECONDS)).isEqualTo("slept!");
        assertThat(failure(original, PipelinePersistException.class))
                .hasCauseInstanceOf(CheckpointConflictException.class);
        assertThat(workflows.executions("exclaim")).as("the original stopped at its next snapshot").isZero();
    }

    @Test
    void resumeRefusesASnapshotOfAnotherPipelineOrOtherStages() throws Exception {
        PipelineWorkflows workflows = new PipelineWorkflows();
        workflows.flakyFails = true;
        PipelineRunner runner = node(workflows);
        PipelineHandler failed = runner.start(flakyPipeline, "hi");
        failure(failed, PipelineStageFailedException.class);
        String runId = failed.runId();

        assertThatThrownBy(() -> runner.resume(Pipeline.builder("other").stage("shout", "upper").build(), runId))
                .isInstanceOf(PipelineSnapshotMismatchException.class)
                .hasMessage("pipeline 'other': the snapshot of run " + runId + " is of pipeline 'flaky'");
        assertThatThrownBy(() -> runner.resume(Pipeline.builder("flaky").stage("shout", "upper").stage("steady", "exclaim")
                .stage("finish", "exclaim").build(), runId))
                .isInstanceOf(PipelineSnapshotMismatchException.class)
                .hasMessageContaining("stage 1 is 'wobble' in the snapshot and 'steady' in the pipeline");
        assertThatThrownBy(() -> runner.resume(Pipeline.builder("flaky").stage("shout", "upper").stage("wobble", "flaky")
                .build(), runId))
                .isInstanceOf(PipelineSnapshotMismatchException.class)
                .hasMessageContaining("the snapshot has 3 stages, the pipeline 2");
        assertThat(workflows.executions("upper")).isEqualTo(1);
    }

    @Test
    void resumeRefusesANewerSnapshotVersionAnUnknownRunAndAStoreRecordThatIsNoSnapshot() throws Exception {
        PipelineWorkflows workflows = new PipelineWorkflows();
        workflows.flakyFails = true;
        PipelineRunner runner = node(workflows);
        PipelineHandler failed = runner.start(flakyPipeline, "hi");
        failure(failed, PipelineStageFailedException.class);
        String key = PipelineSnapshot.key(failed.runId());
        String json = new String(store.get(key).orElseThrow().data(), StandardCharsets.UTF_8);
        store.put(key, json.replace("\"version\":1", "\"version\":2").getBytes(StandardCharsets.UTF_8),
                CheckpointStore.ANY_VERSION);

        assertThatThrownBy(() -> runner.resume(flakyPipeline, failed.runId()))
                .isInstanceOf(PipelineSnapshotVersionException.class)
                .hasMessage("pipeline 'flaky': the snapshot has format version 2, newer than the version 1 this reader "
                        + "knows: resume it with a newer camel-blazen");
        assertThatThrownBy(() -> runner.resume(flakyPipeline, "no-such-run"))
                .isInstanceOf(PipelineRunNotFoundException.class)
                .hasMessageContaining("no snapshot of run no-such-run under 'pipeline:no-such-run'");
        store.put(key, "{\"hello\": true}".getBytes(StandardCharsets.UTF_8), CheckpointStore.ANY_VERSION);
        assertThatThrownBy(() -> runner.resume(flakyPipeline, failed.runId()))
                .isInstanceOf(PipelineSnapshotException.class)
                .hasMessageContaining("it has no 'version'");
    }
}
