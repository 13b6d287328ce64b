package dev.blazen.camel.workflow;

import dev.blazen.camel.workflow.step.StepDefinition;

import java.util.ArrayDeque;

/**
 * A step plus its concurrency limit across all runs. Invocations over the limit wait here; they already count as
 * in flight for their run and the engine, so this queue is bounded by those limits.
 */
final class StepGate {

    private final StepDefinition step;
    private final ArrayDeque<Invocation> waiting = new ArrayDeque<>();
    private int active;

    StepGate(StepDefinition step) {
        this.step = step;
    }

    StepDefinition step() {
        return step;
    }

    /** True when the invocation may start now; otherwise it was queued and will be handed back by {@link #exit()}. */
    boolean enter(Invocation invocation) {
        if (step.maxConcurrency() <= 0) {
            return true;
        }
        synchronized (this) {
            if (active < step.maxConcurrency()) {
                active++;
                return true;
            }
            waiting.add(invocation);
            return false;
        }
    }

    /** Frees a slot; returns the next waiting invocation, which takes the slot over, or null. */
    Invocation exit() {
        if (step.maxConcurrency() <= 0) {
            return null;
        }
        synchronized (this) {
            Invocation next = waiting.poll();
            if (next == null) {
                active--;
            }
            return next;
        }
    }
}
