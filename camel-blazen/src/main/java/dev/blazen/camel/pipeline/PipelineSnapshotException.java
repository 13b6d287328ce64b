package dev.blazen.camel.pipeline;

/** A snapshot that cannot be used: not a pipeline snapshot, or (subclasses) another version or another pipeline. */
public class PipelineSnapshotException extends PipelineException {

    public PipelineSnapshotException(String pipeline, String message) {
        super(pipeline, message);
    }

    public PipelineSnapshotException(String pipeline, String message, Throwable cause) {
        super(pipeline, message, cause);
    }
}
