package dev.blazen.camel.workflow;

/** A value put in {@code ctx.state} that cannot be stored as JSON; nothing was stored for that key. */
public class StateSerializationException extends WorkflowException {

    private final String key;

    public StateSerializationException(String key, Object value, Throwable cause) {
        super(null, "state value for key '" + key + "' (" + value.getClass().getName()
                + ") cannot be stored as JSON; keep live objects in ctx.session() instead: " + cause.getMessage(), cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
