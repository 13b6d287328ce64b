package dev.blazen.camel.workflow;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.inmemory.InMemoryCheckpointStore;
import dev.blazen.camel.workflow.snapshot.RunSnapshot;
import dev.blazen.camel.workflow.snapshot.SnapshotCodec;
import dev.blazen.camel.workflow.event.Events;
import dev.blazen.camel.workflow.step.BeanSteps;
import dev.blazen.camel.workflow.step.StepDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs workflows: holds the registered steps by workflow name, starts runs and bounds the step invocations in flight
 * across all runs. The Camel component owns one per CamelContext; it can also be used directly.
 * <p>
 * Invocations run on the given executor, which should keep a small set of threads busy from a queue (waking an idle
 * thread for every hand-off costs more than the steps). When a step finishes on one of the engine's threads and one of
 * the events it emitted can start at once, that invocation runs next on the same thread instead of being queued: a
 * linear chain of steps costs no thread hand-offs. Where the engine itself makes a step wait (a full pending or stream
 * buffer) and the executor is a {@link ThreadPoolExecutor}, the pool grows by one thread for the wait, so waiting
 * steps cannot starve the steps they wait for.
 * <p>
 * Run deadlines are checked by one sweep every {@value #SWEEP_MILLIS} ms rather than a timer per run.
 */
public final class WorkflowEngine {

    static final long SWEEP_MILLIS = 50;
    private static final ThreadLocal<Trampoline> INLINE = new ThreadLocal<>();

    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private RunRecovery recovery;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<WorkflowRun> starved = new ConcurrentLinkedQueue<>();
    private final Map<String, WorkflowDefinition> workflows = new ConcurrentHashMap<>();
    private final Map<String, List<EventStreamListener>> listeners = new ConcurrentHashMap<>();
    private final Map<String, WorkflowRun> active = new ConcurrentHashMap<>();
    private final Map<String, InputHandler> inputHandlers = new ConcurrentHashMap<>();
    private final RecentlyFinished recentlyFinished = new RecentlyFinished(10_000);
    private final String nodeId = newRunId();
    private volatile CheckpointStore store = new InMemoryCheckpointStore();
    private volatile boolean durableByDefault;
    private volatile boolean keepFinishedRuns;
    private volatile Compensator compensator;

    /**
     * @param maxInFlight step invocations in flight across every run of this engine; further events wait in their
     *                    run's pending buffer
     */
    public WorkflowEngine(ExecutorService executor, ScheduledExecutorService scheduler, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
        this.executor = executor;
        this.scheduler = scheduler;
        this.maxInFlight = maxInFlight;
        scheduler.scheduleWithFixedDelay(this::expireRuns, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    // ---- durability -------------------------------------------------------------------------------------------

    /**
     * Keeps durable state in {@code store}.
     *
     * @param durableByDefault whether runs are checkpointed after every step unless their options say otherwise
     */
    public void useCheckpointStore(CheckpointStore store, boolean durableByDefault) {
        this.store = java.util.Objects.requireNonNull(store, "store");
        this.durableByDefault = durableByDefault;
    }

    public CheckpointStore store() {
        return store;
    }

    /** This engine's id as the owner of the runs it executes; a new one at every start. */
    public String nodeId() {
        return nodeId;
    }

    boolean durableByDefault() {
        return durableByDefault;
    }

    /** Keep a finished run's record (status, result or error) in the store instead of deleting it. */
    public void setKeepFinishedRuns(boolean keep) {
        this.keepFinishedRuns = keep;
    }

    boolean keepFinishedRuns() {
        return keepFinishedRuns;
    }

    /** What calls the compensation endpoints of a failed run's completed steps. */
    public void setCompensator(Compensator compensator) {
        this.compensator = compensator;
    }

    Compensator compensator() {
        return compensator;
    }

    /** Answers the input requests of {@code workflow} inline instead of parking its runs; null removes it. */
    public void setInputHandler(String workflow, InputHandler handler) {
        if (handler == null) {
            inputHandlers.remove(workflow);
        } else {
            inputHandlers.put(workflow, handler);
        }
    }

    InputHandler inputHandler(String workflow) {
        return inputHandlers.get(workflow);
    }

    // ---- registry ---------------------------------------------------------------------------------------------

    public void addStep(StepDefinition step) {
        workflows.computeIfAbsent(step.workflow(), WorkflowDefinition::new).add(step);
    }

    public boolean removeStep(String workflow, String step) {
        WorkflowDefinition definition = workflows.get(workflow);
        return definition != null && definition.remove(step);
    }

    /** Registers the {@code @Step} methods of a bean as steps of {@code workflow}; returns their names. */
    public List<String> addSteps(String workflow, Object bean) {
        List<StepDefinition> steps = BeanSteps.of(workflow, bean);
        List<String> names = new ArrayList<>();
        for (StepDefinition step : steps) {
            addStep(step);
            names.add(step.name());
        }
        return names;
    }

    /** Names of the workflows that have at least one step. */
    public Set<String> workflows() {
        return workflows.values().stream().filter(d -> !d.isEmpty()).map(WorkflowDefinition::name)
                .collect(Collectors.toUnmodifiableSet());
    }

    public List<StepDefinition> steps(String workflow) {
        WorkflowDefinition definition = workflows.get(workflow);
        return definition == null ? List.of() : definition.steps();
    }

    // ---- stream subscriptions ---------------------------------------------------------------------------------

    /** Subscribes to the stream events of every run of {@code workflow} started from now on. */
    public AutoCloseable subscribe(String workflow, EventStreamListener listener) {
        listeners.computeIfAbsent(workflow, w -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> listeners.getOrDefault(workflow, List.of()).remove(listener);
    }

    /**
     * Writes {@code event} to the subscribers of {@code name} as if a run of that name had written it: how something
     * that is not a workflow run, such as a pipeline, reaches {@code blazen:stream-events:name} consumers. Waits while
     * a subscriber has no room (lossless, like a run's own stream); one caller's events arrive in its order.
     *
     * @throws InterruptedException when interrupted while waiting for a subscriber
     */
    public void publish(String name, String runId, Object event) throws InterruptedException {
        List<EventStreamListener> subscribers = listeners.getOrDefault(name, List.of());
        if (subscribers.isEmpty()) {
            return;
        }
        String type = Events.typeOf(event);
        boolean interrupted = whileBlocked(() -> {
            try {
                for (EventStreamListener listener : subscribers) {
                    listener.onEvent(name, runId, type, event);
                }
                return false;
            } catch (InterruptedException e) {
                return true;
            }
        });
        if (interrupted) {
            throw new InterruptedException("interrupted while writing to the event stream of '" + name + "'");
        }
    }

    // ---- runs -------------------------------------------------------------------------------------------------

    public WorkflowHandler start(String workflow, Object data) {
        return start(workflow, data, RunOptions.defaults());
    }

    /**
     * Starts a run with {@code data} as the StartEvent's data.
     *
     * @throws UnknownWorkflowException when no step is registered for {@code workflow}
     */
    public WorkflowHandler start(String workflow, Object data, RunOptions options) {
        WorkflowDefinition definition = workflows.get(workflow);
        if (definition == null || definition.isEmpty()) {
            throw new UnknownWorkflowException(workflow, workflows());
        }
        List<EventStreamListener> subscribers = new ArrayList<>(listeners.getOrDefault(workflow, List.of()));
        WorkflowRun run = new WorkflowRun(this, definition, newRunId(), options, subscribers);
        WorkflowHandler handler = new WorkflowHandler(run, options.streamBufferSize(), options.streamEvents());
        EventStreamListener own = handler.listener();
        if (own != null) {
            subscribers.add(own);
        }
        active.put(run.runId(), run);
        run.start(data);
        return handler;
    }

    /** The context of a run still in progress. */
    public Optional<dev.blazen.camel.workflow.context.WorkflowContext> context(String runId) {
        return Optional.ofNullable(active.get(runId)).map(WorkflowRun::context);
    }

    /**
     * Pauses a run of this engine: nothing more is dispatched, and once its running steps have finished the future
     * completes with its snapshot, which is also in the checkpoint store (owned by no one) so any node can resume it.
     *
     * @throws UnknownRunException when the run is not in progress here
     */
    public CompletableFuture<RunSnapshot> pause(String runId) {
        WorkflowRun run = active.get(runId);
        if (run == null) {
            throw new UnknownRunException(null, runId, "it is not in progress in this engine");
        }
        return run.pause();
    }

    /**
     * Resumes a run: a paused run of this engine in place, otherwise the run's record in the checkpoint store
     * (paused, or left by a node that stopped or died), which this engine then owns.
     *
     * @throws UnknownRunException       when neither this engine nor the store knows the run
     * @throws RunNotResumableException when the run finished, another live node runs it, or its steps are not here
     */
    public WorkflowHandler resume(String runId) {
        WorkflowRun run = active.get(runId);
        if (run != null) {
            run.resumeInPlace();
            return new WorkflowHandler(run, 1, false);
        }
        Checkpoint record = store.get(RunSnapshot.key(runId))
                .orElseThrow(() -> new UnknownRunException(null, runId, "it is neither in progress here nor in the checkpoint store"));
        RunSnapshot snapshot = SnapshotCodec.read(record.data());
        if (snapshot.status().isFinished()) {
            throw new RunNotResumableException(snapshot.workflow(), runId, "it has finished (" + snapshot.status() + ")");
        }
        if (snapshot.owner() != null && !snapshot.owner().equals(nodeId) && recovery != null && recovery.isAlive(snapshot.owner())) {
            throw new RunNotResumableException(snapshot.workflow(), runId, "node " + snapshot.owner() + " is running it");
        }
        return restore(snapshot, record.version());
    }

    /**
     * Resumes a run from a snapshot (for example one that {@link #pause} returned, kept elsewhere): the snapshot
     * replaces whatever the store holds for the run, and this engine owns it.
     */
    public WorkflowHandler resume(RunSnapshot snapshot) {
        if (active.containsKey(snapshot.runId())) {
            throw new RunNotResumableException(snapshot.workflow(), snapshot.runId(), "it is in progress in this engine");
        }
        long version = store.get(RunSnapshot.key(snapshot.runId())).map(Checkpoint::version).orElse(CheckpointStore.ABSENT);
        return restore(snapshot, version);
    }

    /** Rebuilds a run from its snapshot, claims it at the record's {@code version} and sets it going. */
    WorkflowHandler restore(RunSnapshot snapshot, long version) {
        WorkflowDefinition definition = workflows.get(snapshot.workflow());
        if (definition == null || definition.isEmpty()) {
            throw new RunNotResumableException(snapshot.workflow(), snapshot.runId(), "workflow '" + snapshot.workflow()
                    + "' has no steps in this engine");
        }
        List<EventStreamListener> subscribers = new ArrayList<>(listeners.getOrDefault(snapshot.workflow(), List.of()));
        WorkflowRun run = new WorkflowRun(this, definition, snapshot, subscribers);
        if (active.putIfAbsent(run.runId(), run) != null) {
            throw new RunNotResumableException(snapshot.workflow(), snapshot.runId(), "it is in progress in this engine");
        }
        try {
            run.claim(version);
        } catch (RuntimeException e) {
            active.remove(run.runId(), run);
            throw e;
        }
        WorkflowHandler handler = new WorkflowHandler(run, 1, false);
        run.activate();
        return handler;
    }

    /**
     * Delivers a human's answer to a run's input request, here or, when this engine does not hold the run, through
     * the checkpoint store (this engine then owns it).
     *
     * @param workflow null, or the workflow the run must belong to
     * @param rejected the human rejected the request: the run fails with {@link InputRejectedException} and
     *                 compensates
     * @throws UnknownRunException          when the run is not known here or in the store
     * @throws UnknownInputRequestException when the run does not wait for this request
     */
    public RespondOutcome respond(String workflow, String runId, String requestId, Object response, boolean rejected) {
        if (runId == null || runId.isBlank()) {
            throw new UnknownRunException(workflow, String.valueOf(runId), "no run id given (header CamelBlazenRunId)");
        }
        if (requestId == null || requestId.isBlank()) {
            throw new UnknownInputRequestException(workflow, runId, String.valueOf(requestId), List.of());
        }
        for (int attempt = 0; ; attempt++) {
            WorkflowRun run = active.get(runId);
            if (run != null && !run.isFinished()) {
                requireWorkflow(workflow, run.workflow(), runId);
                try {
                    return run.respond(requestId, response, rejected);
                } catch (UnknownInputRequestException e) {
                    if (!run.isFinished()) {
                        throw e;
                    }
                    // it finished meanwhile (or was taken over): look again
                }
            } else {
                List<String> answered = recentlyFinished.answered(runId);
                Optional<Checkpoint> record = store.get(RunSnapshot.key(runId));
                if (record.isEmpty()) {
                    if (answered != null) {
                        if (answered.contains(requestId)) {
                            return RespondOutcome.DUPLICATE;
                        }
                        throw new UnknownInputRequestException(workflow, runId, requestId, List.of());
                    }
                    throw new UnknownRunException(workflow, runId, "no such run is in progress here or in the checkpoint store");
                }
                RunSnapshot snapshot = SnapshotCodec.read(record.get().data());
                requireWorkflow(workflow, snapshot.workflow(), runId);
                if (snapshot.answeredRequests().contains(requestId)) {
                    return RespondOutcome.DUPLICATE;
                }
                boolean waiting = snapshot.inputRequests().stream().anyMatch(i -> i.request().requestId().equals(requestId));
                if (snapshot.status().isFinished() || !waiting) {
                    throw new UnknownInputRequestException(snapshot.workflow(), runId, requestId, snapshot.status().isFinished()
                            ? List.of() : snapshot.inputRequests().stream().map(i -> i.request().requestId()).toList());
                }
                try {
                    restore(snapshot, record.get().version());
                } catch (CheckpointConflictException | RunNotResumableException e) {
                    if (attempt >= 3 || e instanceof RunNotResumableException && !active.containsKey(runId)) {
                        throw e;
                    }
                }
            }
            if (attempt >= 5) {
                throw new UnknownRunException(workflow, runId, "the run kept changing hands while the response was delivered");
            }
        }
    }

    private static void requireWorkflow(String expected, String actual, String runId) {
        if (expected != null && !expected.equals(actual)) {
            throw new UnknownRunException(expected, runId, "it is a run of workflow '" + actual + "'");
        }
    }

    /** The snapshot of a run in progress here, as it stands (consistent once the run is paused). */
    public Optional<RunSnapshot> snapshot(String runId) {
        return Optional.ofNullable(active.get(runId)).map(WorkflowRun::snapshot);
    }

    /** Cancels a run in progress; false when it is unknown or already finished. */
    public boolean cancel(String runId) {
        WorkflowRun run = active.get(runId);
        return run != null && run.cancel("cancelled by request");
    }

    public int activeRuns() {
        return active.size();
    }

    /** Cancels every run in progress; the engine's owner shuts the executors down, which ends the deadline sweep. */
    public void cancelAll(String reason) {
        for (WorkflowRun run : List.copyOf(active.values())) {
            run.cancel(reason);
        }
    }

    /**
     * The engine is stopping: runs that are in the checkpoint store stay there, owned by no one, for the next start
     * or another node to continue; the others are cancelled.
     */
    public void detachAll(String reason) {
        if (recovery != null) {
            recovery.close();
            recovery = null;
        }
        for (WorkflowRun run : List.copyOf(active.values())) {
            run.detach(reason);
        }
    }

    /**
     * Recovers unfinished runs from a shared checkpoint store now and then every {@code interval}: runs whose owner
     * stopped, or whose owner's heartbeat is older than {@code ownerTimeout}, continue here from their pending events.
     * This engine's heartbeat is written every {@code interval}.
     */
    public synchronized void startRecovery(java.time.Duration interval, java.time.Duration ownerTimeout) {
        if (recovery != null) {
            recovery.close();
        }
        recovery = new RunRecovery(this, interval, ownerTimeout);
        recovery.start(scheduler, executor);
    }

    /** Lets a parked run of this engine go when the store's record of it moved on without it. */
    void noticeTakeover(String runId, long storedVersion) {
        WorkflowRun run = active.get(runId);
        if (run != null) {
            run.noticeTakeover(storedVersion);
        }
    }

    boolean isParkedHere(String runId) {
        WorkflowRun run = active.get(runId);
        return run != null && run.isParked();
    }

    boolean isActive(String runId) {
        return active.containsKey(runId);
    }

    void execute(Runnable task) {
        executor.execute(task);
    }

    /** A random (version 4) UUID without SecureRandom, which serialises every run start on one lock. */
    private static String newRunId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private void expireRuns() {
        long now = System.nanoTime();
        java.time.Instant wallClock = null;
        for (WorkflowRun run : active.values()) {
            if (run.isPastDeadline(now)) {
                executor.execute(run::timeOut); // completion callbacks must not run on the timer thread
            } else if (run.hasInputDeadline()) {
                java.time.Instant at = wallClock == null ? wallClock = java.time.Instant.now() : wallClock;
                executor.execute(() -> run.expireInput(at));
            }
        }
    }

    // ---- internals used by runs -------------------------------------------------------------------------------

    void finished(WorkflowRun run, List<String> answeredRequests) {
        active.remove(run.runId(), run);
        if (!answeredRequests.isEmpty()) {
            recentlyFinished.put(run.runId(), answeredRequests);
        }
    }

    boolean tryAcquireSlot() {
        while (true) {
            int current = inFlight.get();
            if (current >= maxInFlight) {
                return false;
            }
            if (inFlight.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void releaseSlot() {
        inFlight.decrementAndGet();
        // wake runs until one takes the slot: a parked run may have finished meanwhile
        WorkflowRun waiting;
        while (inFlight.get() < maxInFlight && (waiting = starved.poll()) != null) {
            if (waiting.unpark()) {
                break;
            }
        }
    }

    boolean hasParkedRuns() {
        return !starved.isEmpty();
    }

    void park(WorkflowRun run) {
        starved.add(run);
    }

    /** Runs the task on the executor after the delay, never on the scheduler's own thread. */
    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return scheduler.schedule(() -> executor.execute(task), delayNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Runs {@code waiting} (which blocks until another step makes progress) with one more pool thread meanwhile, so
     * the steps it waits for can run even when every pool thread is waiting.
     */
    <T> T whileBlocked(java.util.function.Supplier<T> waiting) {
        if (!(executor instanceof ThreadPoolExecutor pool) || INLINE.get() == null) {
            return waiting.get();
        }
        synchronized (pool) {
            pool.setMaximumPoolSize(Math.max(pool.getMaximumPoolSize(), pool.getCorePoolSize() + 1));
            pool.setCorePoolSize(pool.getCorePoolSize() + 1);
        }
        try {
            return waiting.get();
        } finally {
            synchronized (pool) {
                pool.setCorePoolSize(pool.getCorePoolSize() - 1);
            }
        }
    }

    void submit(Invocation invocation) {
        Trampoline trampoline = INLINE.get();
        if (trampoline != null && trampoline.armed && trampoline.next == null) {
            trampoline.next = invocation;
            return;
        }
        executor.execute(() -> work(invocation));
    }

    /** Marks the current thread's completion handling as the place where a follow-up may run inline. */
    void armInline() {
        Trampoline trampoline = INLINE.get();
        if (trampoline != null) {
            trampoline.armed = true;
        }
    }

    void disarmInline() {
        Trampoline trampoline = INLINE.get();
        if (trampoline != null) {
            trampoline.armed = false;
        }
    }

    private void work(Invocation first) {
        Trampoline trampoline = new Trampoline();
        INLINE.set(trampoline);
        try {
            Invocation current = first;
            while (current != null) {
                trampoline.next = null;
                current.run.execute(current);
                current = trampoline.next;
            }
        } finally {
            INLINE.remove();
        }
    }

    private static final class Trampoline {
        Invocation next;
        boolean armed;
    }
}
