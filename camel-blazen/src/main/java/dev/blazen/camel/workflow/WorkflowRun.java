package dev.blazen.camel.workflow;

import dev.blazen.camel.workflow.context.EventSink;
import dev.blazen.camel.workflow.context.WorkflowContext;
import dev.blazen.camel.workflow.event.Events;
import dev.blazen.camel.workflow.event.StartEvent;
import dev.blazen.camel.workflow.event.StepLifecycleEvent;
import dev.blazen.camel.workflow.event.StopEvent;
import dev.blazen.camel.workflow.step.StepCall;
import dev.blazen.camel.workflow.step.StepDefinition;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run of a workflow: its pending events, its in-flight count, its context and its outcome.
 * <p>
 * An emitted event becomes one pending invocation per accepting step (broadcast). {@link #pump()} moves pending
 * invocations into execution while the run's and the engine's in-flight limits allow; a completed invocation routes
 * what its step emitted, frees its slots and pumps again. The first StopEvent, the first failure, a timeout or a
 * cancel finishes the run; later outcomes are ignored.
 */
final class WorkflowRun implements EventSink {

    private final WorkflowEngine engine;
    private final WorkflowDefinition definition;
    private final String runId;
    private final RunOptions options;
    private final List<EventStreamListener> listeners;
    private final WorkflowContext context;
    private final CompletableFuture<Object> result = new CompletableFuture<>();
    private final long deadlineNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Invocation> pending = new ArrayDeque<>();
    private final Object streamLock = new Object();
    private int inFlight;
    private volatile boolean finished;
    private boolean starved;

    WorkflowRun(WorkflowEngine engine, WorkflowDefinition definition, String runId, RunOptions options,
            List<EventStreamListener> listeners) {
        this.engine = engine;
        this.definition = definition;
        this.runId = runId;
        this.options = options;
        this.listeners = listeners;
        this.context = new WorkflowContext(runId, definition.name(), this);
        this.deadlineNanos = System.nanoTime() + options.timeout().toNanos();
    }

    String runId() {
        return runId;
    }

    boolean isFinished() {
        return finished;
    }

    String workflow() {
        return definition.name();
    }

    CompletableFuture<Object> result() {
        return result;
    }

    WorkflowContext context() {
        return context;
    }

    void start(Object data) {
        try {
            route(new StartEvent(data), false);
        } catch (WorkflowException e) {
            fail(e);
            return;
        }
        pump();
    }

    // ---- events in --------------------------------------------------------------------------------------------

    @Override
    public void sendEvent(Object event) {
        route(fromText(event), true);
        pump(); // dispatch now, while the sending step goes on (as Blazen does)
    }

    @Override
    public void writeEventToStream(Object event) {
        Object parsed = fromText(event);
        publish(Events.typeOf(parsed), parsed);
    }

    /** JSON text is an event too (what a YAML route can build with the simple language). */
    private static Object fromText(Object event) {
        return event instanceof CharSequence text ? Events.fromJson(text.toString()) : event;
    }

    /** Queues one invocation per accepting step; a StopEvent finishes the run. */
    @SuppressWarnings("unchecked")
    private void route(Object event, boolean mayWait) {
        if (event instanceof Map<?, ?> map) {
            event = Events.fromMap((Map<String, Object>) map);
        }
        String type = Events.typeOf(event);
        if (finished) {
            return;
        }
        if (StopEvent.TYPE.equals(type)) {
            finish(Events.convert(event, StopEvent.class).result(), null);
            return;
        }
        List<StepGate> gates = definition.accepting(type);
        if (gates.isEmpty()) {
            throw new NoHandlerException(workflow(), type, definition.acceptedTypes());
        }
        lock.lock();
        try {
            while (mayWait && pending.size() >= options.maxPendingEvents() && !finished) {
                awaitRoom();
            }
            if (finished) {
                return;
            }
            for (StepGate gate : gates) {
                pending.add(new Invocation(this, gate, type, event));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held: lets the run drain, then waits for room until the run's deadline. */
    private void awaitRoom() {
        lock.unlock();
        try {
            pump();
        } finally {
            lock.lock();
        }
        if (pending.size() < options.maxPendingEvents() || finished) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new EventBacklogException(workflow(), runId, options.maxPendingEvents());
        }
        boolean interrupted = engine.whileBlocked(() -> {
            try {
                notFull.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                return false;
            } catch (InterruptedException e) {
                return true;
            }
        });
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new WorkflowCancelledException(workflow(), runId, "interrupted while waiting to send an event");
        }
    }

    // ---- dispatch ---------------------------------------------------------------------------------------------

    /** Starts pending invocations while the limits allow; returns how many it started. */
    int pump() {
        int started = 0;
        while (true) {
            Invocation next;
            lock.lock();
            try {
                if (finished || pending.isEmpty() || inFlight >= options.maxInFlight()) {
                    return started;
                }
                if (!engine.tryAcquireSlot()) {
                    if (starved) {
                        return started;
                    }
                    // park, then look once more: a slot freed before we parked would otherwise never wake us
                    starved = true;
                    engine.park(this);
                    continue;
                }
                starved = false;
                next = pending.poll();
                inFlight++;
                started++;
                notFull.signalAll();
            } finally {
                lock.unlock();
            }
            if (next.gate.enter(next)) {
                engine.submit(next);
            }
        }
    }

    /** The engine woke this run because a slot freed up; true when the run used it. */
    boolean unpark() {
        lock.lock();
        try {
            starved = false;
        } finally {
            lock.unlock();
        }
        return pump() > 0;
    }

    /** Runs one invocation on the current thread. */
    void execute(Invocation invocation) {
        if (finished) {
            release(invocation);
            return;
        }
        StepDefinition step = invocation.gate.step();
        Object event = invocation.event;
        Object payload = Events.payloadOf(event);
        if (step.collect() > 1) {
            List<Object> batch = context.collectEvents("step:" + step.name(), event, step.collect());
            if (batch == null) {
                invocation.markDone();
                release(invocation);
                return;
            }
            event = batch;
            payload = batch.stream().map(Events::payloadOf).toList();
        }
        lifecycle(new StepLifecycleEvent.StepStarted(step.name(), invocation.type));
        invocation.startNanos = System.nanoTime();
        if (!step.timeout().isZero()) {
            invocation.timeout = engine.schedule(() -> {
                if (invocation.markDone()) {
                    fail(new StepTimeoutException(workflow(), step.name(), step.timeout()));
                    release(invocation);
                }
            }, step.timeout().toNanos());
        }
        StepCall call = new StepCall(workflow(), step.name(), runId, invocation.type, event, payload, context);
        try {
            step.invoker().invoke(call, (output, error) -> completed(invocation, call, output, error));
        } catch (Throwable e) {
            completed(invocation, call, null, e);
        }
    }

    private void completed(Invocation invocation, StepCall call, Object output, Throwable error) {
        if (!invocation.markDone()) {
            return; // timed out already
        }
        engine.armInline();
        try {
            if (!finished) {
                String step = invocation.stepName();
                if (error != null) {
                    Throwable cause = unwrap(error);
                    lifecycle(new StepLifecycleEvent.StepFailed(step, invocation.type, String.valueOf(cause)));
                    // this run's own errors raised inside the step (NoHandler from sendEvent, a backlog) stay as they
                    // are; anything else, a nested workflow's errors included, is this step's failure
                    fail(cause instanceof WorkflowException we && workflow().equals(we.workflow())
                            ? we : new StepFailedException(workflow(), step, cause));
                } else {
                    emit(invocation, call, output);
                }
            }
            release(invocation);
        } finally {
            engine.disarmInline();
        }
    }

    private void emit(Invocation invocation, StepCall call, Object output) {
        String step = invocation.stepName();
        try {
            List<Object> events = StepOutput.events(output, call);
            lifecycle(new StepLifecycleEvent.StepCompleted(step, invocation.type,
                    (System.nanoTime() - invocation.startNanos) / 1_000));
            for (Object event : events) {
                route(event, false);
            }
        } catch (InvalidEventException e) {
            fail(new StepFailedException(workflow(), step, e));
        } catch (WorkflowException e) {
            fail(e);
        }
    }

    /**
     * Frees the invocation's slots; fails the run if nothing can happen any more. When this run has an event waiting
     * and no other run waits for the engine, the engine slot passes straight to that event: a chain of steps does not
     * give its slot back and take it again (a contended counter) at every step.
     */
    private void release(Invocation invocation) {
        Invocation waiting = invocation.gate.exit();
        if (waiting != null) {
            engine.submit(waiting);
        }
        Invocation next = null;
        boolean stalled;
        boolean morePending;
        lock.lock();
        try {
            inFlight--;
            if (!finished && !pending.isEmpty() && inFlight < options.maxInFlight() && !engine.hasParkedRuns()) {
                next = pending.poll();
                inFlight++;
                notFull.signalAll();
            }
            stalled = !finished && inFlight == 0 && pending.isEmpty();
            morePending = !pending.isEmpty();
        } finally {
            lock.unlock();
        }
        if (next != null) {
            if (next.gate.enter(next)) {
                engine.submit(next);
            }
        } else {
            engine.releaseSlot();
        }
        if (stalled) {
            fail(new WorkflowStalledException(workflow(), runId, invocation.stepName()));
        } else if (morePending) {
            pump();
        }
    }

    // ---- stream -----------------------------------------------------------------------------------------------

    private void lifecycle(StepLifecycleEvent event) {
        if (options.lifecycleEvents() && !listeners.isEmpty()) {
            publish(Events.typeOf(event), event);
        }
    }

    private void publish(String type, Object event) {
        if (listeners.isEmpty()) {
            return;
        }
        // one writer at a time, so every subscriber sees the same order; a full subscriber makes the writer wait
        boolean interrupted = engine.whileBlocked(() -> {
            synchronized (streamLock) {
                for (EventStreamListener listener : listeners) {
                    try {
                        listener.onEvent(workflow(), runId, type, event);
                    } catch (InterruptedException e) {
                        return true;
                    }
                }
                return false;
            }
        });
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new WorkflowCancelledException(workflow(), runId, "interrupted while writing to the event stream");
        }
    }

    // ---- outcome ----------------------------------------------------------------------------------------------

    boolean isPastDeadline(long nowNanos) {
        return !finished && nowNanos - deadlineNanos >= 0;
    }

    void timeOut() {
        fail(new WorkflowTimeoutException(workflow(), runId, options.timeout()));
    }

    boolean cancel(String reason) {
        return fail(new WorkflowCancelledException(workflow(), runId, reason));
    }

    boolean fail(Throwable error) {
        return finish(null, error);
    }

    private boolean finish(Object value, Throwable error) {
        lock.lock();
        try {
            if (finished) {
                return false;
            }
            finished = true;
            pending.clear();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        engine.finished(this);
        for (EventStreamListener listener : listeners) {
            listener.onRunFinished(workflow(), runId, value, error);
        }
        if (error == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(error);
        }
        return true;
    }

    private static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }
}
