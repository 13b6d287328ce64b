package dev.blazen.camel.workflow.step;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as a workflow step, the Java alternative to a {@code blazen:step} route. The method takes the
 * event (its parameter type is the accepted type unless {@link #accepts()} says otherwise) and optionally the
 * {@code WorkflowContext}; it returns the event to emit, a List to fan out, or null/void to emit nothing.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Step {

    /** Step name; the method name when empty. */
    String name() default "";

    /** Accepted event types; taken from the event parameter's type when empty. */
    String[] accepts() default {};

    /** How many invocations of this step may run at once across the engine; 0 = unlimited. */
    int maxConcurrency() default 0;

    /** Per-invocation timeout in milliseconds; 0 = none (the workflow timeout still applies). */
    long timeoutMillis() default 0;

    /** Endpoint URI that undoes a completed invocation when the run fails (Saga); empty = nothing to undo. */
    String compensation() default "";
}
