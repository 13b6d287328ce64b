package dev.blazen.camel.pipeline;

import java.time.Duration;

/** The whole run went past the pipeline's total timeout; {@link #stage()} is the stage it was in. */
public class PipelineTimeoutException extends PipelineException {

    private final String stage;
    private final Duration timeout;

    public PipelineTimeoutException(String pipeline, String runId, String stage, Duration timeout) {
        super(pipeline, "run " + runId + " exceeded its total timeout of " + timeout.toMillis() + " ms in stage '"
                + stage + "'");
        this.stage = stage;
        this.timeout = timeout;
    }

    public String stage() {
        return stage;
    }

    public Duration timeout() {
        return timeout;
    }
}
