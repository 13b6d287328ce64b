package dev.blazen.camel.workflow;

/** An event was emitted that no step of the workflow accepts. */
public class NoHandlerException extends WorkflowException {

    private final String eventType;

    public NoHandlerException(String workflow, String eventType, java.util.Collection<String> acceptedTypes) {
        super(workflow, "no step accepts events of type '" + eventType + "' (accepted types: "
                + (acceptedTypes.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(acceptedTypes))) + ")");
        this.eventType = eventType;
    }

    public String eventType() {
        return eventType;
    }
}
