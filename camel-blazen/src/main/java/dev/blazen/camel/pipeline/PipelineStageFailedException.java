package dev.blazen.camel.pipeline;

/** A stage failed, and with it the pipeline; the cause is the stage's error (usually a workflow's). */
public class PipelineStageFailedException extends PipelineException {

    private final String stage;
    private final String branch;

    public PipelineStageFailedException(String pipeline, String stage, String branch, Throwable cause) {
        this(pipeline, stage, branch, "failed: " + cause, cause);
    }

    protected PipelineStageFailedException(String pipeline, String stage, String branch, String what, Throwable cause) {
        super(pipeline, "stage '" + stage + "'" + (branch == null ? "" : " (branch '" + branch + "')") + " " + what, cause);
        this.stage = stage;
        this.branch = branch;
    }

    public String stage() {
        return stage;
    }

    /** The branch of a parallel stage that failed; null for other stages. */
    public String branch() {
        return branch;
    }
}
