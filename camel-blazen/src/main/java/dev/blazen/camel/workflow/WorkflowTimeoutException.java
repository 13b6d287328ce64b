package dev.blazen.camel.workflow;

import java.time.Duration;

/** A run did not reach a StopEvent within the workflow timeout. */
public class WorkflowTimeoutException extends WorkflowException {

    private final Duration timeout;

    public WorkflowTimeoutException(String workflow, String runId, Duration timeout) {
        super(workflow, "run " + runId + " timed out after " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
