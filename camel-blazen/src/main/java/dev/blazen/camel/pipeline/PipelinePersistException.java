package dev.blazen.camel.pipeline;

/**
 * The run's snapshot could not be written (Blazen's {@code PersistError}): the checkpoint store failed, another
 * resume of the same run wrote it first, a result is not JSON-serialisable, or the {@code onPersist} callback threw.
 * The run stops, so it never goes on past what is durable.
 */
public class PipelinePersistException extends PipelineException {

    public PipelinePersistException(String pipeline, String runId, Throwable cause) {
        super(pipeline, "the snapshot of run " + runId + " could not be persisted: " + cause, cause);
    }
}
