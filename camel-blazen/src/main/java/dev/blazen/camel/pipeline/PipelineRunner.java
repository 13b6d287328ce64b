package dev.blazen.camel.pipeline;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.workflow.WorkflowEngine;
import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import org.apache.camel.CamelContext;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts and resumes pipeline runs on a workflow engine, keeping their snapshots in a checkpoint store. A run that
 * fails, times out or is cancelled keeps its last snapshot, so it can be resumed (here or on another node sharing
 * the store); a run that completes deletes it.
 */
public final class PipelineRunner {

    private final WorkflowEngine engine;
    private final CheckpointStore store;

    public PipelineRunner(WorkflowEngine engine, CheckpointStore store) {
        this.engine = engine;
        this.store = store;
    }

    /** The runner of the {@code blazen} component in {@code context}: its engine and its checkpoint store. */
    public static PipelineRunner of(CamelContext context) {
        BlazenComponent component = context.getComponent("blazen", BlazenComponent.class);
        return new PipelineRunner(component.getEngine(), component.checkpointStore());
    }

    /** Starts a run with {@code input} as what the first stage gets by default. */
    public PipelineHandler start(Pipeline pipeline, Object input) {
        PipelineRun run = PipelineRun.start(pipeline, UUID.randomUUID().toString(), engine, store, input);
        run.begin();
        return new PipelineHandler(run);
    }

    /**
     * Resumes a run from its snapshot in the store: it goes on with the first stage not finished (a loop with the
     * iteration it had reached; a parallel stage from the start).
     *
     * @throws PipelineRunNotFoundException       when the store has no snapshot of the run
     * @throws PipelineSnapshotMismatchException  when the snapshot is of another pipeline or other stages
     * @throws PipelineSnapshotVersionException   when the snapshot's format is newer than this code's
     */
    public PipelineHandler resume(Pipeline pipeline, String runId) {
        Checkpoint record = store.get(PipelineSnapshot.key(runId))
                .orElseThrow(() -> new PipelineRunNotFoundException(pipeline.name(), runId));
        return resume(pipeline, PipelineSnapshot.fromBytes(record.data()), record.version());
    }

    /** Resumes a run from a snapshot kept elsewhere (for example one an {@code onPersist} callback saved). */
    public PipelineHandler resume(Pipeline pipeline, PipelineSnapshot snapshot) {
        long stored = store.get(PipelineSnapshot.key(snapshot.runId())).map(Checkpoint::version).orElse(CheckpointStore.ABSENT);
        return resume(pipeline, snapshot, stored);
    }

    /** The stored snapshot of a run that has not completed. */
    public Optional<PipelineSnapshot> snapshot(String runId) {
        return store.get(PipelineSnapshot.key(runId)).map(record -> PipelineSnapshot.fromBytes(record.data()));
    }

    private PipelineHandler resume(Pipeline pipeline, PipelineSnapshot snapshot, long storedVersion) {
        requireMatch(pipeline, snapshot);
        PipelineRun run = PipelineRun.resume(pipeline, engine, store, snapshot, storedVersion);
        run.begin();
        return new PipelineHandler(run);
    }

    /** A snapshot fits the pipeline when it has its name and its stage names in order, and its progress adds up. */
    private static void requireMatch(Pipeline pipeline, PipelineSnapshot snapshot) {
        String of = "the snapshot of run " + snapshot.runId();
        if (!pipeline.name().equals(snapshot.pipeline())) {
            throw new PipelineSnapshotMismatchException(pipeline.name(), of + " is of pipeline '" + snapshot.pipeline() + "'");
        }
        List<String> stages = pipeline.stageNames();
        if (!stages.equals(snapshot.stages())) {
            throw new PipelineSnapshotMismatchException(pipeline.name(), of + " has the stages " + snapshot.stages()
                    + ", the pipeline " + stages + ": " + firstDifference(snapshot.stages(), stages));
        }
        List<String> done = snapshot.completed().stream().map(PipelineSnapshot.CompletedStage::name).toList();
        int current = snapshot.currentStage();
        if (current < 0 || current > stages.size() || !done.equals(stages.subList(0, current))
                || (snapshot.loopIteration() > 0 && !(current < stages.size() && pipeline.stages().get(current) instanceof LoopStage))) {
            throw new PipelineSnapshotMismatchException(pipeline.name(), of + " is inconsistent: current stage "
                    + current + ", loop iteration " + snapshot.loopIteration() + ", completed " + done);
        }
    }

    private static String firstDifference(List<String> snapshot, List<String> pipeline) {
        for (int i = 0; i < Math.min(snapshot.size(), pipeline.size()); i++) {
            if (!snapshot.get(i).equals(pipeline.get(i))) {
                return "stage " + i + " is '" + snapshot.get(i) + "' in the snapshot and '" + pipeline.get(i) + "' in the pipeline";
            }
        }
        return "the snapshot has " + snapshot.size() + " stages, the pipeline " + pipeline.size();
    }
}
