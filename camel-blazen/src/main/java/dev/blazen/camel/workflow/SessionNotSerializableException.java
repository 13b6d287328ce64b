package dev.blazen.camel.workflow;

import java.util.List;

/** A pause could not put the run's session into the snapshot (Blazen's SessionRefsNotSerializable); the run goes on. */
public class SessionNotSerializableException extends WorkflowException {

    private final List<String> keys;

    public SessionNotSerializableException(String workflow, String runId, List<String> keys, String why, Throwable cause) {
        super(workflow, "run " + runId + ": session entries " + keys + " cannot be put into a snapshot: " + why, cause);
        this.keys = List.copyOf(keys);
    }

    public List<String> keys() {
        return keys;
    }
}
