package dev.blazen.camel.workflow;

import java.time.Duration;

/** An input request was not answered within the run's input timeout. */
public class InputTimeoutException extends WorkflowException {

    private final String requestId;

    public InputTimeoutException(String workflow, String runId, String requestId, Duration timeout) {
        super(workflow, "run " + runId + ": input request '" + requestId + "' was not answered within "
                + timeout.toMillis() + " ms");
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
