package dev.blazen.camel.pipeline;

/** Resume by run id found no snapshot: the run id is unknown, or the run completed (its snapshot is deleted then). */
public class PipelineRunNotFoundException extends PipelineException {

    private final String runId;

    public PipelineRunNotFoundException(String pipeline, String runId) {
        super(pipeline, "no snapshot of run " + runId + " under '" + PipelineSnapshot.key(runId)
                + "': the run id is unknown or the run has completed");
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }
}
