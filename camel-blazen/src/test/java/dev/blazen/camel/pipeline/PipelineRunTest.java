package dev.blazen.camel.pipeline;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.workflow.StepFailedException;
import dev.blazen.camel.workflow.UnknownWorkflowException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.blazen.camel.pipeline.Pipeline.branch;
import static dev.blazen.camel.pipeline.Pipeline.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Running pipelines through the Java API: sequential, parallel and loop stages, timeouts, failures, cancel. */
class PipelineRunTest extends CamelTestSupport {

    private final PipelineWorkflows workflows = new PipelineWorkflows();
    private PipelineRunner runner;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return workflows;
    }

    @Override
    protected void doPostSetup() {
        runner = PipelineRunner.of(context);
    }

    @Test
    void sequentialStagesFeedEachOtherThroughMappersAndSkipAStageWhoseConditionIsFalse() throws Exception {
        Pipeline pipeline = Pipeline.builder("sequential")
                .stage("shout", "upper")
                .stage("explode", "boom").when(state -> "skip me".equals(state.input()))
                .stage("measure", "length").input(state -> state.result("shout") + " " + state.input())
                .stage("label", "exclaim").input(state -> state.input() + "=" + state.lastResult())
                .stage("again", "exclaim")
                .build();

        PipelineHandler handler = runner.start(pipeline, "hello");

        assertThat(handler.result().get(10, TimeUnit.SECONDS)).isEqualTo("hello=11!!");
        assertThat(handler.state().results()).containsExactly(Map.entry("shout", "HELLO"), Map.entry("measure", 11),
                Map.entry("label", "hello=11!"), Map.entry("again", "hello=11!!"));
        assertThat(workflows.executions("boom")).isZero();
    }

    @Test
    void waitAllJoinsTheBranchResultsByNameAndLeavesOutABranchWhoseConditionIsFalse() throws Exception {
        Pipeline pipeline = Pipeline.builder("fan-out")
                .stage("shout", "upper")
                .parallel("enrich", JoinStrategy.WAIT_ALL, branch("size", "length"), branch("loud", "exclaim"),
                        branch("never", "boom").when(state -> false),
                        branch("original", "exclaim").withInput(PipelineState::input))
                .build();

        Object result = runner.start(pipeline, "hi").result().get(10, TimeUnit.SECONDS);

        assertThat(result).isInstanceOfSatisfying(Map.class, map -> assertThat(map).containsExactly(
                Map.entry("size", 2), Map.entry("loud", "HI!"), Map.entry("original", "hi!")));
        assertThat(workflows.executions("boom")).isZero();
    }

    @Test
    void firstCompletesTakesTheFirstResultAndCancelsTheSlowerBranch() throws Exception {
        Pipeline pipeline = Pipeline.builder("race")
                .parallel("answer", JoinStrategy.FIRST_COMPLETES, branch("slow", "slow"), branch("fast", "upper-after-slow"))
                .build();

        assertThat(runner.start(pipeline, "hi").result().get(10, TimeUnit.SECONDS)).isEqualTo("HI");

        assertThat(BlazenComponent.engine(context).activeRuns()).as("the slow run is cancelled").isZero();
        Thread.sleep(600); // past the slow workflow's first step
        assertThat(workflows.executions("slow")).isEqualTo(1);
        assertThat(workflows.executions("slow-finish")).as("a cancelled run dispatches nothing more").isZero();
    }

    @Test
    void firstCompletesFailsOnlyWhenEveryBranchFails() {
        Pipeline pipeline = Pipeline.builder("all-fail")
                .parallel("answer", JoinStrategy.FIRST_COMPLETES, branch("one", "boom"), branch("two", "boom"))
                .build();

        PipelineStageFailedException failure = failure(runner.start(pipeline, "x"), PipelineStageFailedException.class);

        assertThat(failure.stage()).isEqualTo("answer");
        assertThat(failure.branch()).isIn("one", "two");
        assertThat(failure.getSuppressed()).hasSize(1);
    }

    @Test
    void aFailedBranchFailsAWaitAllStageAndNamesTheBranch() {
        Pipeline pipeline = Pipeline.builder("branch-fails")
                .parallel("enrich", JoinStrategy.WAIT_ALL, branch("fine", "upper"), branch("broken", "boom"))
                .build();

        PipelineStageFailedException failure = failure(runner.start(pipeline, "x"), PipelineStageFailedException.class);

        assertThat(failure.stage()).isEqualTo("enrich");
        assertThat(failure.branch()).isEqualTo("broken");
        assertThat(failure).hasMessageContaining("pipeline 'branch-fails': stage 'enrich' (branch 'broken') failed")
                .hasRootCauseMessage("boom on x");
    }

    @Test
    void aLoopRunsUntilItsConditionHolds() throws Exception {
        Pipeline pipeline = Pipeline.builder("count-up")
                .loop("count", "increment", until(state -> ((Number) state.lastResult()).intValue() >= 3), 10)
                .stage("done", "exclaim")
                .build();

        PipelineHandler handler = runner.start(pipeline, 0);

        assertThat(handler.result().get(10, TimeUnit.SECONDS)).isEqualTo("3!");
        assertThat(workflows.executions("increment")).isEqualTo(3);
        assertThat(handler.state().result("count")).isEqualTo(3);
    }

    @Test
    void aLoopStopsAtMaxIterationsWithTheLastResult() throws Exception {
        Pipeline pipeline = Pipeline.builder("capped")
                .loop("count", "increment", until(state -> false), 4)
                .build();

        assertThat(runner.start(pipeline, 10).result().get(10, TimeUnit.SECONDS)).isEqualTo(14);
        assertThat(workflows.executions("increment")).isEqualTo(4);
    }

    @Test
    void theLoopConditionSeesTheIterationCount() throws Exception {
        Pipeline pipeline = Pipeline.builder("three-times")
                .loop("count", "increment", until(state -> state.iteration() == 3), 10).input(state -> 100 * state.iteration())
                .build();

        assertThat(runner.start(pipeline, 0).result().get(10, TimeUnit.SECONDS)).isEqualTo(201);
    }

    @Test
    void aStageOverItsTimeoutFailsTheRunNamingTheStageAndTimeout() {
        Pipeline pipeline = Pipeline.builder("impatient")
                .stage("shout", "upper")
                .stage("nap", "sleepy").timeout(Duration.ofMillis(200))
                .build();
        long start = System.nanoTime();

        PipelineStageTimeoutException failure = failure(runner.start(pipeline, "x"), PipelineStageTimeoutException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        assertThat(failure.stage()).isEqualTo("nap");
        assertThat(failure.timeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(failure).hasMessage("pipeline 'impatient': stage 'nap' timed out after 200 ms");
    }

    @Test
    void timeoutPerStageAppliesToStagesWithoutTheirOwn() {
        Pipeline pipeline = Pipeline.builder("per-stage")
                .stage("nap", "sleepy")
                .timeoutPerStage(Duration.ofMillis(150))
                .build();

        assertThat(failure(runner.start(pipeline, "x"), PipelineStageTimeoutException.class).timeout())
                .isEqualTo(Duration.ofMillis(150));
    }

    @Test
    void theTotalTimeoutBoundsTheWholeRun() {
        Pipeline pipeline = Pipeline.builder("hurried")
                .stage("shout", "upper")
                .stage("nap", "sleepy")
                .totalTimeout(Duration.ofMillis(300))
                .build();
        long start = System.nanoTime();

        PipelineTimeoutException failure = failure(runner.start(pipeline, "x"), PipelineTimeoutException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        assertThat(failure.stage()).isEqualTo("nap");
        assertThat(failure.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(failure).hasMessageContaining("exceeded its total timeout of 300 ms in stage 'nap'");
    }

    @Test
    void aFailedStageFailsThePipelineAndNothingAfterItRuns() {
        Pipeline pipeline = Pipeline.builder("fragile")
                .stage("shout", "upper")
                .stage("explode", "boom")
                .stage("after", "exclaim")
                .build();

        PipelineStageFailedException failure = failure(runner.start(pipeline, "x"), PipelineStageFailedException.class);

        assertThat(failure.pipeline()).isEqualTo("fragile");
        assertThat(failure.stage()).isEqualTo("explode");
        assertThat(failure.branch()).isNull();
        assertThat(failure.getCause()).isInstanceOf(StepFailedException.class).hasRootCauseMessage("boom on X");
        assertThat(workflows.executions("exclaim")).isZero();
    }

    @Test
    void aStageOfAnUnknownWorkflowFailsNamingIt() {
        Pipeline pipeline = Pipeline.builder("typo").stage("first", "uper").build();

        PipelineStageFailedException failure = failure(runner.start(pipeline, "x"), PipelineStageFailedException.class);

        assertThat(failure.getCause()).isInstanceOf(UnknownWorkflowException.class).hasMessageContaining("'uper'");
    }

    @Test
    void aThrowingMapperFailsItsStage() {
        Pipeline pipeline = Pipeline.builder("bad-mapper")
                .stage("shout", "upper").input(state -> {
                    throw new IllegalArgumentException("no input for you");
                })
                .build();

        assertThat(failure(runner.start(pipeline, "x"), PipelineStageFailedException.class))
                .hasRootCauseMessage("no input for you");
    }

    @Test
    void cancelStopsTheRunningWorkflowAndFailsTheRun() throws Exception {
        Pipeline pipeline = Pipeline.builder("cancelled").stage("nap", "sleepy").stage("after", "exclaim").build();
        PipelineHandler handler = runner.start(pipeline, "x");
        Thread.sleep(100);

        assertThat(handler.cancel()).isTrue();

        failure(handler, PipelineCancelledException.class);
        assertThat(BlazenComponent.engine(context).activeRuns()).isZero();
        assertThat(runner.snapshot(handler.runId())).as("a cancelled run can be resumed").isPresent();
        assertThat(workflows.executions("exclaim")).isZero();
    }

    @Test
    void aPersistFailureStopsTheRun() {
        Pipeline pipeline = Pipeline.builder("unpersisted")
                .stage("shout", "upper")
                .stage("after", "exclaim")
                .onPersist(snapshot -> {
                    if (snapshot.currentStage() == 1) {
                        throw new IllegalStateException("disk full");
                    }
                })
                .build();

        PipelinePersistException failure = failure(runner.start(pipeline, "x"), PipelinePersistException.class);

        assertThat(failure).hasMessageContaining("could not be persisted").hasRootCauseMessage("disk full");
        assertThat(workflows.executions("exclaim")).isZero();
    }

    @Test
    void definitionsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> Pipeline.builder("empty").build()).isInstanceOf(InvalidPipelineException.class)
                .hasMessage("pipeline 'empty': a pipeline needs at least one stage");
        assertThatThrownBy(() -> Pipeline.builder("twice").stage("a", "upper").stage("a", "exclaim").build())
                .isInstanceOf(InvalidPipelineException.class).hasMessage("pipeline 'twice': two stages are named 'a'");
        assertThatThrownBy(() -> Pipeline.builder("p").parallel("fan", JoinStrategy.WAIT_ALL, branch("a", "upper"))
                .input(PipelineState::input)).isInstanceOf(InvalidPipelineException.class).hasMessageContaining("withInput");
        assertThatThrownBy(() -> Pipeline.builder("p").loop("l", "increment", until(state -> true), 0))
                .isInstanceOf(InvalidPipelineException.class).hasMessageContaining("maxIterations of at least 1, got 0");
        assertThatThrownBy(() -> Pipeline.builder("p").timeout(Duration.ofSeconds(1)))
                .isInstanceOf(InvalidPipelineException.class).hasMessageContaining("add a stage first");
    }

    /** The run's error, which must be a {@code type}. */
    static <T extends Throwable> T failure(PipelineHandler handler, Class<T> type) {
        ExecutionException failed = catchThrowableOfType(ExecutionException.class,
                () -> handler.result().get(10, TimeUnit.SECONDS));
        assertThat(failed).as("the run failed").isNotNull();
        assertThat(failed.getCause()).isInstanceOf(type);
        return type.cast(failed.getCause());
    }
}
