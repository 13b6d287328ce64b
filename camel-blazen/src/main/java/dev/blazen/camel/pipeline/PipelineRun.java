package dev.blazen.camel.pipeline;

import dev.blazen.camel.pipeline.PipelineProgressEvent.StageCompleted;
import dev.blazen.camel.pipeline.PipelineProgressEvent.StageFailed;
import dev.blazen.camel.pipeline.PipelineProgressEvent.StageSkipped;
import dev.blazen.camel.pipeline.PipelineProgressEvent.StageStarted;
import dev.blazen.camel.pipeline.PipelineSnapshot.CompletedStage;
import dev.blazen.camel.workflow.RunOptions;
import dev.blazen.camel.workflow.WorkflowEngine;
import dev.blazen.camel.workflow.WorkflowHandler;
import dev.blazen.camel.workflow.WorkflowTimeoutException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * One run of a pipeline. A stage starts from the completion of the one before it (the workflow's result future), so
 * no thread waits while a workflow runs. Stage and total timeouts are the workflow runs' own timeouts, cut to what is
 * left of the stage's and the pipeline's time, so the engine's deadline sweep enforces them without a timer of ours.
 * <p>
 * The snapshot is written when the run starts or resumes and after every stage, skip and loop iteration, each write a
 * compare-and-set ({@link RunCheckpoint}): once the run is resumed elsewhere, this one stops at its next snapshot.
 */
final class PipelineRun {

    private final Pipeline pipeline;
    private final String runId;
    private final WorkflowEngine engine;
    private final RunCheckpoint checkpoint;
    private final Object input;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Object> result = new CompletableFuture<>();
    /** The workflow runs in progress, as futures whose cancellation cancels the run. */
    private final Set<CompletableFuture<Object>> running = ConcurrentHashMap.newKeySet();
    private volatile String cancelReason;

    // where the run stands; guarded by this
    private final List<CompletedStage> completed;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private Object lastResult;
    private int current;
    private int iteration;

    private PipelineRun(Pipeline pipeline, String runId, WorkflowEngine engine, CheckpointStore store, Object input,
            Instant startedAt, List<CompletedStage> completed, Object lastResult, int current, int iteration, long version) {
        this.pipeline = pipeline;
        this.runId = runId;
        this.engine = engine;
        this.checkpoint = new RunCheckpoint(pipeline, runId, store, version);
        this.input = input;
        this.startedAt = startedAt;
        this.completed = new ArrayList<>(completed);
        this.lastResult = lastResult;
        this.current = current;
        this.iteration = iteration;
        for (CompletedStage stage : completed) {
            if (!stage.skipped()) {
                results.put(stage.name(), stage.result());
            }
        }
        if (iteration > 0) {
            results.put(pipeline.stages().get(current).name(), lastResult); // a loop in progress
        }
    }

    static PipelineRun start(Pipeline pipeline, String runId, WorkflowEngine engine, CheckpointStore store, Object input) {
        return new PipelineRun(pipeline, runId, engine, store, input, Instant.now(), List.of(), input, 0, 0,
                CheckpointStore.ABSENT);
    }

    /** A run continuing from {@code snapshot}, which is stored at {@code version}, already checked against the pipeline. */
    static PipelineRun resume(Pipeline pipeline, WorkflowEngine engine, CheckpointStore store, PipelineSnapshot snapshot,
            long version) {
        return new PipelineRun(pipeline, snapshot.runId(), engine, store, snapshot.input(), snapshot.startedAt(),
                snapshot.completed(), snapshot.lastResult(), snapshot.currentStage(), snapshot.loopIteration(), version);
    }

    String runId() {
        return runId;
    }

    Pipeline pipeline() {
        return pipeline;
    }

    CompletableFuture<Object> result() {
        return result;
    }

    /** Claims the run in the store and starts the first stage not finished. */
    void begin() {
        try {
            persist();
        } catch (PipelinePersistException e) {
            result.completeExceptionally(e);
            return;
        }
        next();
    }

    boolean cancel(String reason) {
        if (result.isDone()) {
            return false;
        }
        cancelReason = reason;
        running.forEach(run -> run.cancel(false));
        return true;
    }

    synchronized PipelineState state() {
        return new PipelineState(input, Collections.unmodifiableMap(new LinkedHashMap<>(results)), lastResult, iteration);
    }

    // ---- stages -----------------------------------------------------------------------------------------------

    /** Runs the stage at {@link #current}; skipped stages are passed over in this loop rather than by recursion. */
    private void next() {
        List<PipelineStage> stages = pipeline.stages();
        while (true) {
            int index;
            PipelineState state;
            synchronized (this) {
                index = current;
                state = state();
            }
            if (index == stages.size()) {
                finish();
                return;
            }
            PipelineStage stage = stages.get(index);
            if (cancelReason != null) {
                result.completeExceptionally(new PipelineCancelledException(pipeline.name(), runId, cancelReason));
                return;
            }
            if (totalLeft(System.nanoTime()) <= 0) {
                result.completeExceptionally(new PipelineTimeoutException(pipeline.name(), runId, stage.name(),
                        pipeline.totalTimeout()));
                return;
            }
            List<Stage> branches = List.of();
            try {
                boolean runs = holds(stage, state);
                if (runs && stage instanceof ParallelStage parallel) {
                    branches = parallel.branches().stream().filter(branch -> holds(branch, state)).toList();
                    runs = !branches.isEmpty();
                }
                if (!runs) {
                    skip(stage, index);
                    continue;
                }
            } catch (RuntimeException e) {
                failStage(stage, index, e);
                return;
            }
            progress(new StageStarted(pipeline.name(), stage.name(), index, stages.size()));
            long stageStart = System.nanoTime();
            execute(stage, state, branches, stageStart).whenComplete((value, error) -> {
                if (error != null) {
                    failStage(stage, index, error);
                    return;
                }
                try {
                    complete(stage, index, value, stageStart);
                } catch (PipelinePersistException e) {
                    failStage(stage, index, e);
                    return;
                }
                next();
            });
            return;
        }
    }

    /** Whether a stage (or branch) runs: its condition holds, or it has none. */
    private static boolean holds(PipelineStage stage, PipelineState state) {
        return stage.condition() == null || stage.condition().test(state);
    }

    /** Runs the stage; {@code branches} are a parallel stage's branches that run. */
    private CompletableFuture<Object> execute(PipelineStage stage, PipelineState state, List<Stage> branches,
            long stageStart) {
        if (stage instanceof ParallelStage parallel) {
            List<CompletableFuture<Object>> runs = branches.stream()
                    .map(branch -> runStage(branch, parallel.name(), branch.name(), state, timeoutOf(parallel, branch), stageStart))
                    .toList();
            return ParallelJoin.join(parallel.join(), branches.stream().map(Stage::name).toList(), runs,
                    (branch, error) -> stageError(parallel.name(), branch, error));
        }
        if (stage instanceof LoopStage loop) {
            CompletableFuture<Object> done = new CompletableFuture<>();
            iterate(loop, stageStart, done);
            return done;
        }
        Stage single = (Stage) stage;
        return runStage(single, single.name(), null, state, timeoutOf(single, null), stageStart);
    }

    /** One iteration of a loop stage, then the next one from its completion until the loop is done. */
    private void iterate(LoopStage loop, long stageStart, CompletableFuture<Object> done) {
        if (cancelReason != null) {
            done.completeExceptionally(new CancellationException(cancelReason));
            return;
        }
        Object data;
        try {
            data = inputOf(loop.input(), state());
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return;
        }
        runWorkflow(loop.name(), null, loop.workflow(), data, timeoutOf(loop, null), stageStart).whenComplete((value, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            try {
                PipelineState after;
                synchronized (this) {
                    iteration++;
                    lastResult = value;
                    results.put(loop.name(), value);
                    after = state();
                }
                if (loop.until().test(after) || after.iteration() >= loop.maxIterations()) {
                    done.complete(value);
                    return;
                }
                persist();
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            iterate(loop, stageStart, done);
        });
    }

    /** Runs a stage's workflow (a sequential stage's, or a branch's) with the input its mapper makes of the state. */
    private CompletableFuture<Object> runStage(Stage stage, String stageName, String branch, PipelineState state,
            Duration timeout, long stageStart) {
        Object data;
        try {
            data = inputOf(stage.input(), state);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return runWorkflow(stageName, branch, stage.workflow(), data, timeout, stageStart);
    }

    private static Object inputOf(Function<PipelineState, Object> mapper, PipelineState state) {
        return mapper == null ? state.lastResult() : mapper.apply(state);
    }

    /**
     * Starts one workflow run with what is left of the stage's and the pipeline's time as its timeout. The returned
     * future completes with the run's result or error (a timeout already turned into the pipeline's typed one);
     * cancelling it cancels the run.
     */
    private CompletableFuture<Object> runWorkflow(String stage, String branch, String workflow, Object data,
            Duration timeout, long stageStart) {
        long now = System.nanoTime();
        long stageLeft = stageStart + timeout.toNanos() - now;
        long totalLeft = totalLeft(now);
        boolean totalFirst = totalLeft < stageLeft;
        long left = Math.min(stageLeft, totalLeft);
        if (left <= 0) {
            return CompletableFuture.failedFuture(timedOut(stage, branch, timeout, totalFirst, null));
        }
        WorkflowHandler handler;
        try {
            handler = engine.start(workflow, data, RunOptions.defaults().withTimeout(Duration.ofNanos(left)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        running.add(outcome);
        outcome.whenComplete((value, error) -> {
            running.remove(outcome);
            if (outcome.isCancelled()) {
                handler.cancel();
            }
        });
        handler.result().whenComplete((value, error) -> {
            Throwable cause = unwrap(error);
            if (cause == null) {
                outcome.complete(value);
            } else if (cause instanceof WorkflowTimeoutException timeoutError && workflow.equals(timeoutError.workflow())) {
                outcome.completeExceptionally(timedOut(stage, branch, timeout, totalFirst, cause));
            } else {
                outcome.completeExceptionally(cause);
            }
        });
        if (cancelReason != null) {
            outcome.cancel(false); // cancelled while this run was starting
        }
        return outcome;
    }

    private PipelineException timedOut(String stage, String branch, Duration timeout, boolean total, Throwable cause) {
        return total ? new PipelineTimeoutException(pipeline.name(), runId, stage, pipeline.totalTimeout())
                : new PipelineStageTimeoutException(pipeline.name(), stage, branch, timeout, cause);
    }

    /** A branch's own timeout, else its stage's, else the pipeline's per-stage one, else a workflow's default. */
    private Duration timeoutOf(PipelineStage stage, Stage branch) {
        if (branch != null && branch.timeout() != null) {
            return branch.timeout();
        }
        if (stage.timeout() != null) {
            return stage.timeout();
        }
        return pipeline.timeoutPerStage() != null ? pipeline.timeoutPerStage() : RunOptions.DEFAULT_TIMEOUT;
    }

    private long totalLeft(long now) {
        Duration total = pipeline.totalTimeout();
        return total == null ? Long.MAX_VALUE : startNanos + total.toNanos() - now;
    }

    // ---- progress ---------------------------------------------------------------------------------------------

    private void complete(PipelineStage stage, int index, Object value, long stageStart) {
        synchronized (this) {
            completed.add(new CompletedStage(stage.name(), value, false));
            results.put(stage.name(), value);
            lastResult = value;
            current = index + 1;
            iteration = 0;
        }
        persist();
        progress(new StageCompleted(pipeline.name(), stage.name(), index, pipeline.stages().size(),
                (System.nanoTime() - stageStart) / 1_000));
    }

    private void skip(PipelineStage stage, int index) {
        synchronized (this) {
            completed.add(new CompletedStage(stage.name(), null, true));
            current = index + 1;
        }
        persist();
        progress(new StageSkipped(pipeline.name(), stage.name(), index, pipeline.stages().size()));
    }

    private void failStage(PipelineStage stage, int index, Throwable error) {
        Throwable cause = unwrap(error);
        PipelineException failure = cancelReason != null
                ? new PipelineCancelledException(pipeline.name(), runId, cancelReason)
                : stageError(stage.name(), null, cause);
        progress(new StageFailed(pipeline.name(), stage.name(), index, pipeline.stages().size(), String.valueOf(cause)));
        running.forEach(run -> run.cancel(false));
        result.completeExceptionally(failure);
    }

    private PipelineException stageError(String stage, String branch, Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof PipelineException typed ? typed
                : new PipelineStageFailedException(pipeline.name(), stage, branch, cause);
    }

    /** The run is done: its snapshot goes, and the last result is the pipeline's. */
    private void finish() {
        checkpoint.delete();
        result.complete(lastResult);
    }

    /** Writes where the run stands. */
    private void persist() {
        PipelineSnapshot snapshot;
        synchronized (this) {
            snapshot = new PipelineSnapshot(PipelineSnapshot.VERSION, pipeline.name(), runId, pipeline.stageNames(),
                    completed, current, iteration, input, lastResult, startedAt, Instant.now());
        }
        checkpoint.write(snapshot);
    }

    private void progress(PipelineProgressEvent event) {
        try {
            engine.publish(pipeline.name(), runId, event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel("interrupted while writing its progress to the event stream");
        }
    }

    private static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }
}
