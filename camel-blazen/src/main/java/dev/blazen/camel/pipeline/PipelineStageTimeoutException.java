package dev.blazen.camel.pipeline;

import java.time.Duration;

/** A stage ran past its timeout (its own, or the pipeline's timeoutPerStage); a stage failure like any other. */
public class PipelineStageTimeoutException extends PipelineStageFailedException {

    private final Duration timeout;

    public PipelineStageTimeoutException(String pipeline, String stage, String branch, Duration timeout, Throwable cause) {
        super(pipeline, stage, branch, "timed out after " + timeout.toMillis() + " ms", cause);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
