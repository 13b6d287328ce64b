package dev.blazen.camel.pipeline;

/** Base of the pipelines' typed errors; {@link #pipeline()} names the pipeline where known. */
public class PipelineException extends RuntimeException {

    private final String pipeline;

    public PipelineException(String pipeline, String message) {
        this(pipeline, message, null);
    }

    public PipelineException(String pipeline, String message, Throwable cause) {
        super(pipeline == null ? message : "pipeline '" + pipeline + "': " + message, cause);
        this.pipeline = pipeline;
    }

    public String pipeline() {
        return pipeline;
    }
}
