package dev.blazen.camel.workflow;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The handle of a started run: its result, its event stream, and cancellation. */
public final class WorkflowHandler {

    private static final Object END = new Object();

    private final WorkflowRun run;
    private final BlockingQueue<Object> stream;
    private volatile boolean streamEnded;

    WorkflowHandler(WorkflowRun run, int streamBufferSize, boolean streamEvents) {
        this.run = run;
        this.stream = streamEvents ? new ArrayBlockingQueue<>(streamBufferSize) : null;
    }

    public String runId() {
        return run.runId();
    }

    public String workflow() {
        return run.workflow();
    }

    /**
     * Completes once the run is safely started: for a durable run when its first checkpoint is durable, so a crash
     * from then on does not lose it (the {@code async=true} producer answers only then); at once otherwise.
     */
    public CompletableFuture<Void> accepted() {
        return run.accepted();
    }

    /** Completes with the StopEvent's result, or exceptionally with a {@link WorkflowException}. */
    public CompletableFuture<Object> result() {
        return run.result();
    }

    /** Waits for the result; a failed run throws its {@link WorkflowException}. */
    public Object await() throws InterruptedException {
        try {
            return run.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new WorkflowException(workflow(), "run " + runId() + " failed", e.getCause());
        }
    }

    public boolean isDone() {
        return run.result().isDone();
    }

    /** Cancels the run: nothing more is dispatched and the result fails with {@link WorkflowCancelledException}. */
    public boolean cancel() {
        return run.cancel("cancelled by its handler");
    }

    /**
     * Pauses the run: nothing more is dispatched; the future completes with the run's snapshot once its running
     * steps have finished and the snapshot is in the checkpoint store. Fails with
     * {@link SessionNotSerializableException} when the session pause policy refuses (the run then goes on).
     */
    public CompletableFuture<dev.blazen.camel.workflow.snapshot.RunSnapshot> pause() {
        return run.pause();
    }

    /** Continues a paused run here; false when it was not paused. */
    public boolean resumeInPlace() {
        return run.resumeInPlace();
    }

    /** The run's snapshot as it stands (consistent once paused). */
    public dev.blazen.camel.workflow.snapshot.RunSnapshot snapshot() {
        return run.snapshot();
    }

    /** Answers one of the run's input requests (Blazen's {@code respond_to_input}). */
    public RespondOutcome respondToInput(String requestId, Object response) {
        return run.respond(requestId, response, false);
    }

    /**
     * The run's stream events in order, ending when the run ends. Only available when the run was started with
     * {@link RunOptions#streamEvents()}; consume it, the run waits for a full buffer to drain.
     */
    public Stream<Object> streamEvents() {
        if (stream == null) {
            throw new IllegalStateException("run " + runId() + " was started without streamEvents; "
                    + "start it with RunOptions.defaults().withStreamEvents(true)");
        }
        Iterator<Object> iterator = new Iterator<>() {
            private Object next;

            @Override
            public boolean hasNext() {
                try {
                    while (next == null) {
                        boolean ended = streamEnded; // read before polling: an event written before the end is never missed
                        next = stream.poll(20, TimeUnit.MILLISECONDS);
                        if (next == null && ended) {
                            next = END;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    next = END;
                }
                return next != END;
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object value = next;
                next = null;
                return value;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
    }

    EventStreamListener listener() {
        if (stream == null) {
            return null;
        }
        return new EventStreamListener() {
            @Override
            public void onEvent(String workflow, String runId, String eventType, Object event) throws InterruptedException {
                // wait for the reader, but not past the end of the run (a reader that gave up must not hold a thread)
                while (!stream.offer(event, 50, TimeUnit.MILLISECONDS)) {
                    if (run.isFinished()) {
                        return;
                    }
                }
            }

            @Override
            public void onRunFinished(String workflow, String runId, Object result, Throwable error) {
                streamEnded = true;
            }
        };
    }

    @Override
    public String toString() {
        return "WorkflowHandler[workflow=" + workflow() + ", runId=" + runId() + "]";
    }
}
