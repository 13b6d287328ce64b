package dev.blazen.camel.workflow;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** One event delivered to one step of one run. It counts as in flight from dispatch until it is done. */
final class Invocation {

    final WorkflowRun run;
    final StepGate gate;
    final String type;
    final Object event;
    private final AtomicBoolean done = new AtomicBoolean();
    volatile ScheduledFuture<?> timeout;
    long startNanos;

    Invocation(WorkflowRun run, StepGate gate, String type, Object event) {
        this.run = run;
        this.gate = gate;
        this.type = type;
        this.event = event;
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
