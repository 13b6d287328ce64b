package dev.blazen.camel.workflow.snapshot;

import dev.blazen.camel.workflow.WorkflowException;

/** A snapshot was written by a newer camel-blazen (or is not a snapshot at all) and cannot be read by this one. */
public class SnapshotVersionException extends WorkflowException {

    public SnapshotVersionException(String workflow, String message) {
        super(workflow, message, null);
    }
}
