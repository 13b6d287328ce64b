package dev.blazen.camel.workflow;

/** Something that is not a valid event: null, a Map without {@code type}, a plain value, unreadable JSON. */
public class InvalidEventException extends WorkflowException {

    public InvalidEventException(String message) {
        super(null, message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
