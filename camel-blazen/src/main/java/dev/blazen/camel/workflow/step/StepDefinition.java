package dev.blazen.camel.workflow.step;

import dev.blazen.camel.workflow.InvalidEventException;
import dev.blazen.camel.workflow.InvalidStepException;
import dev.blazen.camel.workflow.event.Events;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A step of a workflow: its name, the event types it accepts, its limits and how to run it. Route steps and
 * {@code @Step} methods both become one of these, so they build the same workflow.
 *
 * @param maxConcurrency how many invocations may run at once across the engine; 0 = unlimited
 * @param timeout        per-invocation timeout; {@link Duration#ZERO} = none
 * @param collect        when above 1, the step runs once per {@code collect} accepted events and receives them as a
 *                       List (declarative fan-in)
 * @param compensation   endpoint URI that undoes a completed invocation of this step when the run fails (Saga); null
 *                       = nothing to undo
 */
public record StepDefinition(String workflow, String name, Set<String> accepts, int maxConcurrency, Duration timeout,
        int collect, String compensation, StepInvoker invoker) {

    public StepDefinition {
        if (workflow == null || workflow.isBlank()) {
            throw new InvalidStepException(null, name, "the workflow name is empty");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidStepException(workflow, String.valueOf(name), "the step name is empty");
        }
        accepts = canonical(workflow, name, accepts);
        if (maxConcurrency < 0) {
            throw new InvalidStepException(workflow, name, "maxConcurrency must be 0 (unlimited) or more, got " + maxConcurrency);
        }
        timeout = timeout == null ? Duration.ZERO : timeout;
        if (timeout.isNegative()) {
            throw new InvalidStepException(workflow, name, "timeout cannot be negative");
        }
        if (collect < 0) {
            throw new InvalidStepException(workflow, name, "collect must be 0 or more, got " + collect);
        }
        compensation = compensation == null || compensation.isBlank() ? null : compensation.trim();
        if (invoker == null) {
            throw new InvalidStepException(workflow, name, "no invoker");
        }
    }

    private static Set<String> canonical(String workflow, String step, Collection<String> accepts) {
        if (accepts == null || accepts.isEmpty() || accepts.stream().allMatch(a -> a == null || a.isBlank())) {
            throw new InvalidStepException(workflow, step, "'accepts' is empty: name the event types this step handles, "
                    + "for example accepts=StartEvent or accepts=MyEvent,OtherEvent");
        }
        Set<String> types = new LinkedHashSet<>();
        for (String type : accepts) {
            try {
                types.add(Events.canonicalType(type));
            } catch (InvalidEventException e) {
                throw new InvalidStepException(workflow, step, "invalid 'accepts' entry: " + e.getMessage());
            }
        }
        return Set.copyOf(types);
    }
}
