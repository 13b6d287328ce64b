package dev.blazen.camel.workflow;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.snapshot.ParkedInput;
import dev.blazen.camel.workflow.snapshot.RunSnapshot;
import dev.blazen.camel.workflow.snapshot.RunStatus;
import dev.blazen.camel.workflow.snapshot.SnapshotCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Finds runs in a shared checkpoint store that no live node executes and continues them here. Every node writes a
 * heartbeat record {@code node:<id>} (the wall-clock millis of its last beat) every interval; a run is an orphan when
 * its owner is null (released at a clean stop) or its owner's heartbeat is missing or older than the owner timeout.
 * Taking a run over is a compare-and-set on its record, so two nodes never both get it. Paused runs wait for an
 * explicit resume and parked runs for their answer; a parked run whose input deadline passed is taken over so that it
 * fails (and compensates) here.
 */
final class RunRecovery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecovery.class);
    private static final String NODE_PREFIX = "node:";

    private final WorkflowEngine engine;
    private final Duration interval;
    private final Duration ownerTimeout;
    private final java.util.concurrent.atomic.AtomicBoolean passing = new java.util.concurrent.atomic.AtomicBoolean();
    private ScheduledFuture<?> task;
    private volatile boolean closed;

    RunRecovery(WorkflowEngine engine, Duration interval, Duration ownerTimeout) {
        this.engine = engine;
        this.interval = interval;
        this.ownerTimeout = ownerTimeout;
    }

    void start(ScheduledExecutorService scheduler, Executor executor) {
        heartbeat();
        // the first pass at once: after a restart, runs this node left behind wait only for the owner timeout
        task = scheduler.scheduleWithFixedDelay(() -> executor.execute(this::beatAndRecover), 0, interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void beatAndRecover() {
        // one pass at a time: a slow pass (a big store) must not overlap the next one
        if (closed || !passing.compareAndSet(false, true)) {
            return;
        }
        try {
            heartbeat();
            recoverOnce();
        } catch (RuntimeException e) {
            LOG.warn("Run recovery pass failed: {}", e.toString());
        } finally {
            passing.set(false);
        }
    }

    private void heartbeat() {
        engine.store().put(NODE_PREFIX + engine.nodeId(),
                ByteBuffer.allocate(Long.BYTES).putLong(System.currentTimeMillis()).array(), CheckpointStore.ANY_VERSION);
    }

    boolean isAlive(String node) {
        if (node.equals(engine.nodeId())) {
            return !closed;
        }
        Optional<Checkpoint> beat = engine.store().get(NODE_PREFIX + node);
        if (beat.isEmpty() || beat.get().data().length != Long.BYTES) {
            return false;
        }
        long last = ByteBuffer.wrap(beat.get().data()).getLong();
        return System.currentTimeMillis() - last < ownerTimeout.toMillis();
    }

    /** One pass over the store's runs; returns how many this engine took over. */
    int recoverOnce() {
        int recovered = 0;
        Map<String, Boolean> alive = new HashMap<>(); // one heartbeat read per owner and pass, not per run
        CheckpointStore store = engine.store();
        for (String key : store.keys("run:")) {
            String runId = key.substring("run:".length());
            if (closed) {
                break;
            }
            boolean here = engine.isActive(runId);
            if (here && !engine.isParkedHere(runId)) {
                continue; // a run going on here commits, and so notices a takeover, by itself
            }
            Optional<Checkpoint> record = store.get(key);
            if (record.isEmpty()) {
                continue;
            }
            if (here) {
                // a run parked here commits nothing until answered: it may have been answered on another node
                engine.noticeTakeover(runId, record.get().version());
                continue;
            }
            RunSnapshot snapshot;
            try {
                snapshot = SnapshotCodec.read(record.get().data());
            } catch (RuntimeException e) {
                LOG.warn("Checkpoint {} cannot be recovered: {}", key, e.getMessage());
                continue;
            }
            if (!isOrphan(snapshot, alive) || !engine.workflows().contains(snapshot.workflow())) {
                continue;
            }
            try {
                engine.restore(snapshot, record.get().version());
                recovered++;
                LOG.info("Recovered run {} of workflow {} ({} pending events, status {})", runId, snapshot.workflow(),
                        snapshot.pendingEvents().size(), snapshot.status());
            } catch (CheckpointConflictException e) {
                // another node took it first
            } catch (RunNotResumableException e) {
                if (!engine.isActive(runId)) {
                    LOG.warn("Run {} of workflow {} cannot be recovered here: {}", runId, snapshot.workflow(), e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.warn("Run {} of workflow {} cannot be recovered here: {}", runId, snapshot.workflow(), e.getMessage());
            }
        }
        return recovered;
    }

    private boolean isOrphan(RunSnapshot snapshot, Map<String, Boolean> alive) {
        RunStatus status = snapshot.status();
        boolean ownerGone = snapshot.owner() == null || !alive.computeIfAbsent(snapshot.owner(), this::isAlive);
        if (status == RunStatus.RUNNING || status == RunStatus.COMPENSATING) {
            return ownerGone;
        }
        if (status == RunStatus.PARKED) {
            Instant now = Instant.now();
            return ownerGone && snapshot.inputRequests().stream()
                    .map(ParkedInput::deadline).anyMatch(d -> d != null && !now.isBefore(d));
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        if (task != null) {
            task.cancel(false);
        }
        try {
            engine.store().delete(NODE_PREFIX + engine.nodeId(), CheckpointStore.ANY_VERSION);
        } catch (RuntimeException e) {
            LOG.debug("Could not remove the heartbeat of node {}: {}", engine.nodeId(), e.toString());
        }
    }
}
