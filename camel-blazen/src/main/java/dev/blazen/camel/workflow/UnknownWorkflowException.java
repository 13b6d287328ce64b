package dev.blazen.camel.workflow;

import java.util.Collection;
import java.util.TreeSet;

/** A run was requested for a workflow that has no steps registered. */
public class UnknownWorkflowException extends WorkflowException {

    public UnknownWorkflowException(String workflow, Collection<String> known) {
        super(null, "unknown workflow '" + workflow + "'; known workflows: "
                + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))));
    }
}
