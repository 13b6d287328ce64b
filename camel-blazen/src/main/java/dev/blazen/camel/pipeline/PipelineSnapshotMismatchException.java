package dev.blazen.camel.pipeline;

/** Resume was given a snapshot of another pipeline, or of a pipeline whose stages have changed since. */
public class PipelineSnapshotMismatchException extends PipelineSnapshotException {

    public PipelineSnapshotMismatchException(String pipeline, String message) {
        super(pipeline, message);
    }
}
