package dev.blazen.camel.workflow;

import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreException;
import dev.blazen.camel.workflow.context.EventSink;
import dev.blazen.camel.workflow.context.WorkflowContext;
import dev.blazen.camel.workflow.event.Events;
import dev.blazen.camel.workflow.event.InputRequestEvent;
import dev.blazen.camel.workflow.event.InputResponseEvent;
import dev.blazen.camel.workflow.event.StartEvent;
import dev.blazen.camel.workflow.event.StepLifecycleEvent;
import dev.blazen.camel.workflow.event.StopEvent;
import dev.blazen.camel.workflow.snapshot.CompletedStep;
import dev.blazen.camel.workflow.snapshot.ParkedInput;
import dev.blazen.camel.workflow.snapshot.PendingEvent;
import dev.blazen.camel.workflow.snapshot.RunSnapshot;
import dev.blazen.camel.workflow.snapshot.RunStatus;
import dev.blazen.camel.workflow.snapshot.SnapshotCodec;
import dev.blazen.camel.workflow.step.StepCall;
import dev.blazen.camel.workflow.step.StepDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * <p>
 * A durable run also keeps every invocation that has not completed ({@code outstanding}) and, after each step,
 * commits a snapshot holding them, the state and the collected events to the checkpoint store in one write: the
 * events it emitted are in the store before the completed invocation leaves it, so a crash loses no event and a
 * resume dispatches exactly what had not completed (at least once). An {@link InputRequestEvent} is not routed to a
 * step: the run records it, commits, publishes it on the stream, and parks (its clock stopped) once nothing else is
 * left to run; a response routes an {@link InputResponseEvent}.
 */
final class WorkflowRun implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRun.class);

    private final WorkflowEngine engine;
    private final WorkflowDefinition definition;
    private final String runId;
    private final RunOptions options;
    private final List<EventStreamListener> listeners;
    private final WorkflowContext context;
    private final CompletableFuture<Object> result = new CompletableFuture<>();
    private final RunClock clock;
    private final boolean durable;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Invocation> pending = new ArrayDeque<>();
    private final Object streamLock = new Object();
    private int inFlight;
    private volatile boolean finished;
    private boolean starved;

    // guarded by lock
    private long nextEventId;
    private final LinkedHashSet<Invocation> outstanding = new LinkedHashSet<>(); // durable runs only
    private final LinkedHashMap<String, ParkedInput> inputRequests = new LinkedHashMap<>();
    private final LinkedHashSet<String> answered = new LinkedHashSet<>();
    private final List<CompletedStep> completedSteps = new ArrayList<>();
    private final List<InputRequestEvent> unpublished = new ArrayList<>();
    private RunStatus status = RunStatus.RUNNING;
    private CompletableFuture<RunSnapshot> pausing;
    private String failure;
    private volatile boolean mayHaveInputDeadline;

    private final Object commitLock = new Object();
    private long recordVersion; // guarded by commitLock; 0 = no record in the store
    private CompletableFuture<Long> lastWrite = CompletableFuture.completedFuture(0L); // guarded by commitLock
    private CompletableFuture<Void> accepted = CompletableFuture.completedFuture(null); // guarded by commitLock

    WorkflowRun(WorkflowEngine engine, WorkflowDefinition definition, String runId, RunOptions options,
            List<EventStreamListener> listeners) {
        this.engine = engine;
        this.definition = definition;
        this.runId = runId;
        this.options = options;
        this.listeners = listeners;
        this.context = new WorkflowContext(runId, definition.name(), this);
        this.clock = new RunClock(options.timeout().toMillis());
        this.durable = options.durable() != null ? options.durable() : engine.durableByDefault();
    }

    /** A run rebuilt from its snapshot; {@link #claim} then {@link #activate} set it going. */
    WorkflowRun(WorkflowEngine engine, WorkflowDefinition definition, RunSnapshot snapshot, List<EventStreamListener> listeners) {
        this.engine = engine;
        this.definition = definition;
        this.runId = snapshot.runId();
        this.options = snapshot.options();
        this.listeners = listeners;
        this.context = new WorkflowContext(runId, definition.name(), this);
        this.clock = new RunClock(snapshot.timeoutRemaining());
        this.durable = true;
        context.state().restore(snapshot.state());
        context.restoreSession(snapshot.session());
        Map<String, List<Object>> collected = new LinkedHashMap<>();
        snapshot.collectedEvents().forEach((type, events) -> collected.put(type, new ArrayList<>(events)));
        nextEventId = snapshot.nextEventId();
        for (PendingEvent p : snapshot.pendingEvents()) {
            StepGate gate = definition.gate(p.step());
            if (gate == null) {
                throw new RunNotResumableException(workflow(), runId, "its pending event " + p.eventId()
                        + " goes to step '" + p.step() + "', which is not registered here");
            }
            if (!p.batch().isEmpty()) {
                // the batch goes back before what was collected after it, and this event completes it again
                List<Object> buffer = collected.computeIfAbsent("step:" + p.step(), t -> new ArrayList<>());
                buffer.addAll(0, p.batch());
            }
            Invocation invocation = new Invocation(this, gate, Events.typeOf(p.event()), p.event(), p.eventId());
            pending.add(invocation);
            outstanding.add(invocation);
        }
        context.restoreCollected(collected);
        snapshot.inputRequests().forEach(i -> inputRequests.put(i.request().requestId(), i));
        mayHaveInputDeadline = snapshot.inputRequests().stream().anyMatch(i -> i.deadline() != null);
        answered.addAll(snapshot.answeredRequests());
        completedSteps.addAll(snapshot.completedSteps());
        status = snapshot.status();
        failure = snapshot.error();
        if (status == RunStatus.PAUSED || status == RunStatus.PARKED || status == RunStatus.COMPENSATING) {
            clock.stop();
        }
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

    boolean isParked() {
        return currentStatus() == RunStatus.PARKED;
    }

    void start(Object data) {
        try {
            route(new StartEvent(data), false);
            if (durable) {
                checkpoint();
                synchronized (commitLock) {
                    accepted = lastWrite.thenApply(version -> null);
                }
            }
        } catch (WorkflowException e) {
            fail(e);
            return;
        }
        pump();
    }

    /**
     * Completes once the run is safely started: for a durable run, when its first record is durable (from then on a
     * crash does not lose it); at once otherwise. Fails when that write failed.
     */
    CompletableFuture<Void> accepted() {
        synchronized (commitLock) {
            return accepted;
        }
    }

    // ---- events in --------------------------------------------------------------------------------------------

    @Override
    public void sendEvent(Object event) {
        route(fromText(event), true);
        publishInputRequests();
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

    /** Queues one invocation per accepting step; a StopEvent finishes the run; an input request is recorded. */
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
        if (InputRequestEvent.TYPE.equals(type)) {
            requestInput(Events.convert(event, InputRequestEvent.class));
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
            String eventId = "e" + nextEventId++;
            for (StepGate gate : gates) {
                Invocation invocation = new Invocation(this, gate, type, event, eventId);
                pending.add(invocation);
                if (durable) {
                    outstanding.add(invocation);
                }
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
        if (clock.remainingNanos() <= 0) {
            throw new EventBacklogException(workflow(), runId, options.maxPendingEvents());
        }
        boolean interrupted = engine.whileBlocked(() -> {
            try {
                notFull.awaitNanos(Math.min(clock.remainingNanos(), TimeUnit.MILLISECONDS.toNanos(50)));
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

    // ---- human in the loop ------------------------------------------------------------------------------------

    private void requestInput(InputRequestEvent request) {
        String id = request.requestId();
        if (id == null || id.isBlank()) {
            throw new InvalidEventException("an InputRequestEvent needs a request_id");
        }
        Instant now = Instant.now();
        Instant deadline = options.inputTimeout().isZero() ? null : now.plus(options.inputTimeout());
        lock.lock();
        try {
            if (inputRequests.containsKey(id) || answered.contains(id)) {
                throw new InvalidEventException("run " + runId + " already has an input request with request_id '" + id + "'");
            }
            inputRequests.put(id, new ParkedInput(request, now, deadline));
            mayHaveInputDeadline |= deadline != null;
            unpublished.add(request);
        } finally {
            lock.unlock();
        }
        InputHandler handler = engine.inputHandler(workflow());
        if (handler != null) {
            engine.execute(() -> answerInline(handler, request));
        }
    }

    private void answerInline(InputHandler handler, InputRequestEvent request) {
        try {
            Object answer = handler.respond(request);
            if (answer instanceof InputResponseEvent response) {
                answer = response.response();
            }
            respond(request.requestId(), answer, false);
        } catch (Exception e) {
            fail(new WorkflowException(workflow(), "run " + runId + ": the input handler failed on request '"
                    + request.requestId() + "'", e));
        }
    }

    /** Publishes the input requests recorded since the last call; durable runs call it after their commit. */
    private void publishInputRequests() {
        List<InputRequestEvent> requests;
        lock.lock();
        try {
            if (unpublished.isEmpty()) {
                return;
            }
            requests = List.copyOf(unpublished);
            unpublished.clear();
        } finally {
            lock.unlock();
        }
        if (durable || recordVersion() > 0) {
            checkpoint();
            awaitLastWrite(); // the request is in the store, durably, before anyone can answer it
        }
        for (InputRequestEvent request : requests) {
            publish(InputRequestEvent.TYPE, request);
        }
    }

    /**
     * Delivers a human's answer.
     *
     * @throws UnknownInputRequestException when the run does not wait for {@code requestId}
     */
    RespondOutcome respond(String requestId, Object response, boolean rejected) {
        boolean resumed;
        lock.lock();
        try {
            if (answered.contains(requestId)) {
                return RespondOutcome.DUPLICATE;
            }
            ParkedInput request = finished ? null : inputRequests.remove(requestId);
            if (request == null) {
                throw new UnknownInputRequestException(workflow(), runId, requestId,
                        finished ? List.of() : inputRequests.keySet());
            }
            answered.add(requestId);
            resumed = status == RunStatus.PARKED;
            if (resumed) {
                status = RunStatus.RUNNING;
            }
        } finally {
            lock.unlock();
        }
        if (resumed) {
            clock.start();
        }
        if (rejected) {
            fail(new InputRejectedException(workflow(), runId, requestId, response));
            return RespondOutcome.ACCEPTED;
        }
        try {
            route(new InputResponseEvent(requestId, response), false);
        } catch (WorkflowException e) {
            fail(e);
            throw e;
        }
        if (durable || recordVersion() > 0) {
            checkpoint();
        }
        pump();
        checkIdle(null);
        return RespondOutcome.ACCEPTED;
    }

    /** Fails the run when one of its input requests is past its deadline. */
    void expireInput(Instant now) {
        InputTimeoutException expired = null;
        lock.lock();
        try {
            for (ParkedInput input : inputRequests.values()) {
                if (input.deadline() != null && !now.isBefore(input.deadline())) {
                    expired = new InputTimeoutException(workflow(), runId, input.request().requestId(), options.inputTimeout());
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        if (expired != null) {
            fail(expired);
        }
    }

    /** Cheap enough for the engine's sweep over every run: most runs never ask for input. */
    boolean hasInputDeadline() {
        if (!mayHaveInputDeadline) {
            return false;
        }
        lock.lock();
        try {
            return inputRequests.values().stream().anyMatch(i -> i.deadline() != null);
        } finally {
            lock.unlock();
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
                if (finished || status == RunStatus.PAUSED || pending.isEmpty() || inFlight >= options.maxInFlight()) {
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
            List<Object> batch = collect(invocation, step);
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
        StepCall call = new StepCall(workflow(), step.name(), runId, invocation.type, event, payload, context,
                invocation.eventId);
        try {
            step.invoker().invoke(call, (output, error) -> completed(invocation, call, output, error));
        } catch (Throwable e) {
            completed(invocation, call, null, e);
        }
    }

    /**
     * Fan-in for a collecting step: buffers the event, or takes the full batch. Under the run's lock, so a snapshot
     * sees the event either in the buffer or as this invocation's batch, never in both or neither.
     */
    private List<Object> collect(Invocation invocation, StepDefinition step) {
        lock.lock();
        try {
            List<Object> batch = context.collectEvents("step:" + step.name(), invocation.event, step.collect());
            if (batch == null) {
                outstanding.remove(invocation);
            } else {
                invocation.batch = List.copyOf(batch.subList(0, batch.size() - 1));
            }
            return batch;
        } finally {
            lock.unlock();
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
                } else if (emit(invocation, call, output)) {
                    recordCompletion(invocation, call);
                    if (durable) {
                        checkpoint();
                    }
                    publishInputRequests();
                }
            }
            release(invocation);
        } finally {
            engine.disarmInline();
        }
    }

    private boolean emit(Invocation invocation, StepCall call, Object output) {
        String step = invocation.stepName();
        try {
            List<Object> events = StepOutput.events(output, call);
            lifecycle(new StepLifecycleEvent.StepCompleted(step, invocation.type,
                    (System.nanoTime() - invocation.startNanos) / 1_000));
            for (Object event : events) {
                route(event, false);
            }
            return true;
        } catch (InvalidEventException e) {
            fail(new StepFailedException(workflow(), step, e));
        } catch (WorkflowException e) {
            fail(e);
        }
        return false;
    }

    /** The invocation leaves the outstanding set (its events are in already) and, if undoable, joins the Saga. */
    private void recordCompletion(Invocation invocation, StepCall call) {
        String compensation = invocation.gate.step().compensation();
        if (!durable && compensation == null) {
            return;
        }
        lock.lock();
        try {
            outstanding.remove(invocation);
            if (compensation != null && !finished) {
                completedSteps.add(new CompletedStep(invocation.stepName(), invocation.eventId, call.idempotencyKey(),
                        compensation, call.payload()));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Frees the invocation's slots; parks, completes a pause or fails the run when nothing else can happen. When this
     * run has an event waiting and no other run waits for the engine, the engine slot passes straight to that event:
     * a chain of steps does not give its slot back and take it again (a contended counter) at every step.
     */
    private void release(Invocation invocation) {
        Invocation waiting = invocation.gate.exit();
        if (waiting != null) {
            engine.submit(waiting);
        }
        Invocation next = null;
        boolean morePending;
        boolean idle;
        lock.lock();
        try {
            inFlight--;
            if (!finished && status != RunStatus.PAUSED && !pending.isEmpty() && inFlight < options.maxInFlight()
                    && !engine.hasParkedRuns()) {
                next = pending.poll();
                inFlight++;
                notFull.signalAll();
            }
            morePending = !pending.isEmpty();
            idle = inFlight == 0 && !finished;
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
        if (morePending) {
            pump();
        }
        if (idle) {
            checkIdle(invocation.stepName());
        }
    }

    /** With nothing in flight: completes a pause, parks on open input requests, or fails a run that cannot go on. */
    private void checkIdle(String lastStep) {
        boolean park = false;
        boolean stalled = false;
        CompletableFuture<RunSnapshot> pause = null;
        lock.lock();
        try {
            if (finished || inFlight > 0) {
                return;
            }
            if (status == RunStatus.PAUSED) {
                pause = pausing;
                pausing = null;
            } else if (pending.isEmpty()) {
                if (!inputRequests.isEmpty()) {
                    park = status != RunStatus.PARKED;
                    status = RunStatus.PARKED;
                } else {
                    stalled = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (pause != null) {
            completePause(pause);
        } else if (park) {
            clock.stop();
            checkpoint(); // parked runs are always in the store, so any node can take the answer
        } else if (stalled) {
            fail(new WorkflowStalledException(workflow(), runId, lastStep == null ? "(resumed)" : lastStep));
        }
    }

    // ---- pause and resume -------------------------------------------------------------------------------------

    /** Stops dispatching; completes with the snapshot once the running steps have finished and it was stored. */
    CompletableFuture<RunSnapshot> pause() {
        lock.lock();
        try {
            if (finished) {
                return CompletableFuture.failedFuture(new RunNotResumableException(workflow(), runId, "it has finished"));
            }
            if (status == RunStatus.PAUSED) {
                return pausing != null ? pausing : CompletableFuture.completedFuture(snapshot(RunStatus.PAUSED, null, Map.of(), Map.of()));
            }
            status = RunStatus.PAUSED;
            pausing = new CompletableFuture<>();
        } finally {
            lock.unlock();
        }
        clock.stop();
        CompletableFuture<RunSnapshot> future = pausing;
        checkIdle(null);
        return future;
    }

    private void completePause(CompletableFuture<RunSnapshot> future) {
        Map<String, byte[]> session;
        Map<String, Object> metadata = new LinkedHashMap<>();
        try {
            session = context.sessionForSnapshot(options.sessionPausePolicy(), metadata);
        } catch (SessionNotSerializableException e) {
            resumeInPlace();
            future.completeExceptionally(e);
            return;
        }
        RunSnapshot snapshot = snapshot(RunStatus.PAUSED, null, session, metadata);
        try {
            commit(snapshot);
            future.complete(snapshot);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    /** Continues a paused run here; false when it was not paused. */
    boolean resumeInPlace() {
        lock.lock();
        try {
            if (finished || status != RunStatus.PAUSED) {
                return false;
            }
            status = RunStatus.RUNNING;
            pausing = null;
        } finally {
            lock.unlock();
        }
        clock.start();
        if (durable || recordVersion() > 0) {
            checkpoint();
        }
        pump();
        checkIdle(null);
        return true;
    }

    /**
     * Makes this node the owner of a run rebuilt from the store record at {@code version}.
     *
     * @throws CheckpointConflictException when another node changed the record meanwhile
     */
    void claim(long version) {
        synchronized (commitLock) {
            recordVersion = version;
        }
        RunStatus now;
        lock.lock();
        try {
            if (status == RunStatus.PAUSED) {
                status = RunStatus.RUNNING;
            }
            now = status;
        } finally {
            lock.unlock();
        }
        if (now == RunStatus.RUNNING) {
            clock.start();
        }
        commit(snapshot(now, engine.nodeId(), Map.of(), Map.of()));
    }

    /** Sets a claimed run going: re-dispatches its pending events, or goes on undoing a failed run. */
    void activate() {
        if (currentStatus() == RunStatus.COMPENSATING) {
            lock.lock();
            try {
                finished = true;
            } finally {
                lock.unlock();
            }
            engine.execute(() -> compensate(new WorkflowException(workflow(), failure == null ? "run " + runId + " failed" : failure)));
            return;
        }
        pump();
        checkIdle(null);
    }

    private RunStatus currentStatus() {
        lock.lock();
        try {
            return status;
        } finally {
            lock.unlock();
        }
    }

    /** The run as it stands. */
    RunSnapshot snapshot() {
        return snapshot(currentStatus(), finished ? null : engine.nodeId(), Map.of(), Map.of());
    }

    private RunSnapshot snapshot(RunStatus as, String owner, Map<String, byte[]> session, Map<String, Object> metadata) {
        lock.lock();
        try {
            List<PendingEvent> events = new ArrayList<>();
            for (Invocation i : durable ? outstanding : pending) {
                events.add(new PendingEvent(i.eventId, i.stepName(), i.event, i.batch));
            }
            if (durable) {
                // a paused non-durable run has nothing in flight; a durable one lists its pending ones in outstanding
                for (Invocation i : pending) {
                    if (!outstanding.contains(i)) {
                        events.add(new PendingEvent(i.eventId, i.stepName(), i.event, i.batch));
                    }
                }
            }
            return new RunSnapshot(RunSnapshot.FORMAT_VERSION, workflow(), runId, Instant.now(), as, owner, options,
                    clock.remainingMillis(), nextEventId, context.state().snapshot(), context.collectedEvents(), events,
                    List.copyOf(inputRequests.values()), List.copyOf(answered), List.copyOf(completedSteps), session,
                    metadata, null, failure);
        } finally {
            lock.unlock();
        }
    }

    // ---- checkpoints ------------------------------------------------------------------------------------------

    private long recordVersion() {
        synchronized (commitLock) {
            return recordVersion;
        }
    }

    /**
     * Commits the run as it stands, unless it has finished (then its final record is written by finish), without
     * waiting for the write to be durable: the store decides the compare-and-set at once and keeps writes in order,
     * and a crash before the write is durable only makes the step run again. Waiting happens where someone outside
     * could see the difference: before an input request is published, at a pause and before the result is delivered.
     */
    private void checkpoint() {
        if (finished) {
            return;
        }
        try {
            synchronized (commitLock) {
                if (!finished) {
                    writeAsync(snapshot(currentStatus(), engine.nodeId(), Map.of(), Map.of()));
                }
            }
        } catch (RuntimeException e) {
            // conflict or store failure: writeAsync already ended the run
        }
    }

    /** Writes {@code snapshot} over the run's record and waits until it is durable. */
    private void commit(RunSnapshot snapshot) {
        CompletableFuture<Long> written;
        synchronized (commitLock) {
            written = writeAsync(snapshot);
        }
        awaitDurable(written);
    }

    /** Waits for the last write of this run to be durable. */
    private void awaitLastWrite() {
        CompletableFuture<Long> last;
        synchronized (commitLock) {
            last = lastWrite;
        }
        try {
            awaitDurable(last);
        } catch (RuntimeException e) {
            // the write's failure ends the run (see writeAsync)
        }
    }

    /**
     * Called with the commit lock held. A conflict (decided at once) means the run was taken over; a store failure,
     * now or when the write was to become durable, fails the run.
     */
    private CompletableFuture<Long> writeAsync(RunSnapshot snapshot) {
        long expected = recordVersion == 0 ? CheckpointStore.ABSENT : recordVersion;
        CompletableFuture<Long> written = engine.store().putAsync(RunSnapshot.key(runId), SnapshotCodec.write(snapshot), expected);
        if (written.isCompletedExceptionally()) {
            RuntimeException error = failureOf(written);
            if (error instanceof CheckpointConflictException) {
                abandon(new RunTakenOverException(workflow(), runId));
            } else {
                storeFailed(error);
            }
            throw error;
        }
        recordVersion = expected + 1; // versions start at 1 and grow by one with every write
        lastWrite = written;
        written.whenComplete((version, error) -> {
            if (error != null) {
                engine.execute(() -> storeFailed(unwrapRuntime(error)));
            }
        });
        return written;
    }

    private void storeFailed(RuntimeException error) {
        LOG.warn("Run {} of workflow {} could not be checkpointed: {}", runId, workflow(), error.getMessage());
        fail(error);
    }

    private static void awaitDurable(CompletableFuture<?> written) {
        try {
            written.join();
        } catch (CompletionException e) {
            throw unwrapRuntime(e);
        }
    }

    private static RuntimeException failureOf(CompletableFuture<?> failed) {
        try {
            failed.join();
            throw new IllegalStateException("not failed");
        } catch (CompletionException e) {
            return unwrapRuntime(e);
        }
    }

    private static RuntimeException unwrapRuntime(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof RuntimeException runtime ? runtime : new CheckpointStoreException(String.valueOf(cause), cause);
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
        return !finished && clock.isPast(nowNanos);
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

    /**
     * The engine is stopping: a run with a record stays in the store, owned by no one, for the next start or another
     * node; a run without one is cancelled.
     */
    void detach(String reason) {
        if (!durable && recordVersion() == 0) {
            cancel(reason);
            return;
        }
        RunSnapshot snapshot;
        lock.lock();
        try {
            if (finished) {
                return;
            }
            snapshot = snapshot(status == RunStatus.PAUSED || status == RunStatus.PARKED ? status : RunStatus.RUNNING,
                    null, Map.of(), Map.of());
            finished = true;
            pending.clear();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            commit(snapshot);
        } catch (RuntimeException e) {
            LOG.warn("Run {} of workflow {} could not be released to the checkpoint store: {}", runId, workflow(), e.getMessage());
        }
        complete(null, new WorkflowCancelledException(workflow(), runId, reason
                + "; the run stays in the checkpoint store and continues on the next start or on another node"), false);
    }

    /**
     * A parked run commits nothing until it is answered, so a takeover by the node that got the answer is only seen
     * here, by the recovery pass comparing versions: the run then ends here (its caller learns where it went).
     */
    void noticeTakeover(long storedVersion) {
        boolean moved;
        synchronized (commitLock) {
            moved = recordVersion > 0 && storedVersion > recordVersion && isParked();
        }
        if (moved) {
            abandon(new RunTakenOverException(workflow(), runId));
        }
    }

    /** Ends the run here without touching its record: someone else owns it now. */
    private void abandon(RunTakenOverException error) {
        lock.lock();
        try {
            if (finished) {
                return;
            }
            finished = true;
            pending.clear();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        complete(null, error, false);
    }

    private boolean finish(Object value, Throwable error) {
        boolean undo;
        CompletableFuture<RunSnapshot> pause;
        lock.lock();
        try {
            if (finished) {
                return false;
            }
            finished = true;
            pause = pausing;
            pausing = null;
            pending.clear();
            notFull.signalAll();
            undo = error != null && !completedSteps.isEmpty();
            if (undo) {
                status = RunStatus.COMPENSATING;
                failure = String.valueOf(error.getMessage());
            }
        } finally {
            lock.unlock();
        }
        if (pause != null) {
            pause.completeExceptionally(new RunNotResumableException(workflow(), runId, "it finished before it could pause"
                    + (error == null ? "" : ": " + error.getMessage())));
        }
        if (undo) {
            try {
                commit(snapshot(RunStatus.COMPENSATING, engine.nodeId(), Map.of(), Map.of()));
            } catch (RuntimeException e) {
                if (e instanceof CheckpointConflictException) {
                    return true; // taken over: the new owner compensates
                }
            }
            engine.execute(() -> compensate(error));
        } else {
            complete(value, error, true);
        }
        return true;
    }

    /** Undoes the completed steps in reverse order, committing after each so a crash does not undo one twice. */
    private void compensate(Throwable error) {
        while (true) {
            CompletedStep step;
            lock.lock();
            try {
                if (completedSteps.isEmpty()) {
                    break;
                }
                step = completedSteps.get(completedSteps.size() - 1);
            } finally {
                lock.unlock();
            }
            try {
                Compensator compensator = engine.compensator();
                if (compensator == null) {
                    throw new IllegalStateException("no compensator is configured on the engine");
                }
                compensator.compensate(workflow(), runId, step, error);
            } catch (Exception e) {
                LOG.warn("Compensation {} of step {} (run {}) failed: {}", step.compensation(), step.step(), runId, e.toString());
                error.addSuppressed(new WorkflowException(workflow(), "compensation " + step.compensation()
                        + " of step '" + step.step() + "' failed", e));
            }
            lock.lock();
            try {
                completedSteps.remove(completedSteps.size() - 1);
            } finally {
                lock.unlock();
            }
            if (durable || recordVersion() > 0) {
                try {
                    commit(snapshot(RunStatus.COMPENSATING, engine.nodeId(), Map.of(), Map.of()));
                } catch (CheckpointConflictException e) {
                    return; // taken over
                } catch (RuntimeException e) {
                    // a store failure: keep undoing; the final write reports it
                }
            }
        }
        complete(null, error, true);
    }

    /**
     * Writes the final record (or removes the run's record), then, once that is durable, tells the listeners and the
     * caller: a caller that got a result never sees the run again after a crash.
     */
    private void complete(Object value, Throwable error, boolean writeFinal) {
        if (!writeFinal) {
            deliver(value, error);
            return;
        }
        CompletableFuture<?> written;
        try {
            written = writeFinalRecord(value, error);
        } catch (CheckpointConflictException e) {
            deliver(null, new RunTakenOverException(workflow(), runId));
            return;
        } catch (RuntimeException e) {
            LOG.warn("Run {} of workflow {} finished but its final record could not be written: {}", runId,
                    workflow(), e.getMessage());
            deliver(value, error);
            return;
        }
        if (written.isDone()) {
            deliverAfter(written, value, error);
        } else {
            // not on the store's flushing thread: the caller's continuation runs where this runs
            written.whenCompleteAsync((v, e) -> deliverAfter(written, value, error), engine::execute);
        }
    }

    private void deliverAfter(CompletableFuture<?> written, Object value, Throwable error) {
        if (written.isCompletedExceptionally()) {
            RuntimeException failure = failureOf(written);
            if (failure instanceof CheckpointConflictException) {
                deliver(null, new RunTakenOverException(workflow(), runId));
                return;
            }
            LOG.warn("Run {} of workflow {} finished but its final record could not be written: {}", runId,
                    workflow(), failure.getMessage());
        }
        deliver(value, error);
    }

    private void deliver(Object value, Throwable error) {
        engine.finished(this, answeredRequests());
        for (EventStreamListener listener : listeners) {
            listener.onRunFinished(workflow(), runId, value, error);
        }
        if (error == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(error);
        }
    }

    /** Starts the final write: the finished record with {@code keepFinishedRuns}, else the record's removal. */
    private CompletableFuture<?> writeFinalRecord(Object value, Throwable error) {
        synchronized (commitLock) {
            if (recordVersion == 0 && !(durable && engine.keepFinishedRuns())) {
                return CompletableFuture.completedFuture(null);
            }
            if (!engine.keepFinishedRuns()) {
                CompletableFuture<Boolean> removed = engine.store().deleteAsync(RunSnapshot.key(runId), recordVersion);
                recordVersion = 0;
                return removed;
            }
            RunSnapshot last = snapshot(error == null ? RunStatus.COMPLETED : RunStatus.FAILED, null, Map.of(), Map.of());
            RunSnapshot done = new RunSnapshot(last.version(), last.workflow(), runId, last.timestamp(), last.status(),
                    null, options, last.timeoutRemaining(), last.nextEventId(), last.state(), Map.of(), List.of(),
                    List.of(), last.answeredRequests(), List.of(), Map.of(), last.metadata(), value,
                    error == null ? null : String.valueOf(error.getMessage()));
            return writeAsync(done);
        }
    }

    private List<String> answeredRequests() {
        lock.lock();
        try {
            return List.copyOf(answered);
        } finally {
            lock.unlock();
        }
    }

    private static Throwable unwrap(Throwable error) {
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }
}
