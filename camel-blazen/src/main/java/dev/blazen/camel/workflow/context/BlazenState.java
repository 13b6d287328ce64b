package dev.blazen.camel.workflow.context;

/**
 * Typed run state stored field by field (Blazen's {@code BlazenState}). Subclass it with plain fields and a public
 * no-argument constructor; {@link WorkflowContext#putState(String, BlazenState)} stores every non-static field under
 * {@code <key>.<field>} (byte[] fields as bytes, the rest as JSON), and {@link WorkflowContext#getState(String, Class)}
 * rebuilds the object and calls {@link #restore()}. Fields declared {@code transient} are never stored: recreate them
 * in {@code restore()} (a connection, a cache).
 */
public abstract class BlazenState {

    /** Called after the fields were read back from the context, to recreate transient fields. */
    protected void restore() {
    }
}
