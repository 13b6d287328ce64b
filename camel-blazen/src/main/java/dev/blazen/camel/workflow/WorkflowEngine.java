package dev.blazen.camel.workflow;

import dev.blazen.camel.workflow.event.Events;
import dev.blazen.camel.workflow.step.BeanSteps;
import dev.blazen.camel.workflow.step.StepDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<WorkflowRun> starved = new ConcurrentLinkedQueue<>();
    private final Map<String, WorkflowDefinition> workflows = new ConcurrentHashMap<>();
    private final Map<String, List<EventStreamListener>> listeners = new ConcurrentHashMap<>();
    private final Map<String, WorkflowRun> active = new ConcurrentHashMap<>();

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

    /** A random (version 4) UUID without SecureRandom, which serialises every run start on one lock. */
    private static String newRunId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private void expireRuns() {
        long now = System.nanoTime();
        for (WorkflowRun run : active.values()) {
            if (run.isPastDeadline(now)) {
                executor.execute(run::timeOut); // completion callbacks must not run on the timer thread
            }
        }
    }

    // ---- internals used by runs -------------------------------------------------------------------------------

    void finished(WorkflowRun run) {
        active.remove(run.runId());
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
