package dev.blazen.camel.workflow;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** One event delivered to one step of one run. It counts as in flight from dispatch until it is done. */
final class Invocation {

    final WorkflowRun run;
    final StepGate gate;
    final String type;
    final Object event;
    /** The event's id within the run; with the run id and step name, the idempotency key. */
    final String eventId;
    /** For a collecting step that gathered its batch: the events collected before this one (guarded by the run's lock). */
    List<Object> batch = List.of();
    private final AtomicBoolean done = new AtomicBoolean();
    volatile ScheduledFuture<?> timeout;
    long startNanos;

    Invocation(WorkflowRun run, StepGate gate, String type, Object event, String eventId) {
        this.run = run;
        this.gate = gate;
        this.type = type;
        this.event = event;
        this.eventId = eventId;
    }

    /** True for exactly one caller: the step's completion or its timeout. */
    boolean markDone() {
        boolean first = done.compareAndSet(false, true);
        ScheduledFuture<?> t = timeout;
        if (first && t != null) {
            t.cancel(false);
        }
        return first;
    }

    String stepName() {
        return gate.step().name();
    }
}
