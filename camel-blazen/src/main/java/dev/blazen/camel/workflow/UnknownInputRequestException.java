package dev.blazen.camel.workflow;

import java.util.Collection;
import java.util.TreeSet;

/** A response named an input request the run is not waiting for. */
public class UnknownInputRequestException extends WorkflowException {

    private final String requestId;

    public UnknownInputRequestException(String workflow, String runId, String requestId, Collection<String> waiting) {
        super(workflow, "run " + runId + " is not waiting for input request '" + requestId + "'; it waits for "
                + (waiting.isEmpty() ? "none" : String.join(", ", new TreeSet<>(waiting))));
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
