package dev.blazen.camel.pipeline;

/** The run was cancelled through its handler; its snapshot stays in the store, so it can be resumed. */
public class PipelineCancelledException extends PipelineException {

    public PipelineCancelledException(String pipeline, String runId, String reason) {
        super(pipeline, "run " + runId + " was cancelled: " + reason);
    }
}
