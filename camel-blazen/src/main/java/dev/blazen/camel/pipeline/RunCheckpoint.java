package dev.blazen.camel.pipeline;

import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint store record of one pipeline run. Every write is a compare-and-set on the version this run last saw:
 * when another node has taken the run over (resumed it meanwhile), this run's next write fails, so only one of them
 * goes on.
 */
final class RunCheckpoint {

    private static final Logger LOG = LoggerFactory.getLogger(RunCheckpoint.class);

    private final Pipeline pipeline;
    private final String runId;
    private final String key;
    private final CheckpointStore store;
    private long version;

    /** @param version the record's version as this run found it; {@link CheckpointStore#ABSENT} for a new run */
    RunCheckpoint(Pipeline pipeline, String runId, CheckpointStore store, long version) {
        this.pipeline = pipeline;
        this.runId = runId;
        this.key = PipelineSnapshot.key(runId);
        this.store = store;
        this.version = version;
    }

    /**
     * Writes the snapshot, then tells the pipeline's onPersist callback.
     *
     * @throws PipelinePersistException when the store, the JSON form or the callback fails, or another node wrote first
     */
    synchronized void write(PipelineSnapshot snapshot) {
        try {
            version = store.put(key, snapshot.toBytes(), version);
            if (pipeline.onPersist() != null) {
                pipeline.onPersist().accept(snapshot);
            }
        } catch (RuntimeException e) {
            throw new PipelinePersistException(pipeline.name(), runId, e);
        }
    }

    /** Removes the record of a completed run. */
    synchronized void delete() {
        try {
            store.delete(key, version);
        } catch (RuntimeException e) {
            // the record says every stage is done, so resuming it only returns the result: not worth failing the run
            LOG.warn("Pipeline '{}' run {} completed but its snapshot could not be deleted: {}", pipeline.name(), runId,
                    e.toString());
        }
    }
}
