package dev.blazen.camel.workflow;

import java.time.Duration;

/** A step ran longer than its {@code timeout}. */
public class StepTimeoutException extends WorkflowException {

    private final String step;
    private final Duration timeout;

    public StepTimeoutException(String workflow, String step, Duration timeout) {
        super(workflow, "step '" + step + "' timed out after " + timeout.toMillis() + " ms");
        this.step = step;
        this.timeout = timeout;
    }

    public String step() {
        return step;
    }

    public Duration timeout() {
        return timeout;
    }
}
