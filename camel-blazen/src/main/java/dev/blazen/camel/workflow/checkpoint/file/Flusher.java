package dev.blazen.camel.workflow.checkpoint.file;

import dev.blazen.memory.file.AppendOnlyFile;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

/**
 * The futures of {@link FileCheckpointStore#putAsync} under {@link dev.blazen.memory.file.FsyncPolicy#ALWAYS}, and
 * the daemon thread that completes them: it fsyncs everything appended up to the newest waiting write, completes every
 * future that fsync covered and goes again while any wait. While one fsync runs, new writes queue for the next, so
 * the writes in flight share fsyncs without any caller blocking. Its fsyncs are the journal's group commit, shared
 * with writers blocked in {@link FileCheckpointStore#put} and readers waiting for a write.
 * <p>
 * Futures complete on this thread: a dependent stage that is not {@code *Async} runs on it and holds up every later
 * fsync meanwhile, and one that waits there for a pending future of this store never returns, since only this thread
 * completes it.
 */
final class Flusher {

    private record Waiting(long ticket, long version, String key, CompletableFuture<Long> future) {
    }

    private final AppendOnlyFile journal;
    /** Turns an fsync failure into the exception that the write of a key fails with. */
    private final BiFunction<IOException, String, RuntimeException> notDurable;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();

    // guarded by lock
    /** In ticket order: writes register under the store's write lock, right after their append. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** Why fsyncs failed; from then on every write fails at once, as the journal takes no more. */
    private IOException failure;
    private boolean stopped;

    /** Runs before each fsync of this thread; tests hold the flusher in it. */
    volatile Runnable beforeSync = () -> {
    };

    Flusher(AppendOnlyFile journal, BiFunction<IOException, String, RuntimeException> notDurable) {
        this.journal = journal;
        this.notDurable = notDurable;
        this.thread = new Thread(this::run, "checkpoint fsync " + journal.file().getFileName());
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Completes {@code future} with {@code version} once an fsync covers {@code ticket}. Called under the store's
     * write lock, so that registration follows the order of the appends.
     *
     * @return null, or why fsyncs failed: the write cannot be made durable, and the future is left to the caller
     */
    IOException register(long ticket, long version, String key, CompletableFuture<Long> future) {
        lock.lock();
        try {
            if (failure != null) {
                return failure;
            }
            waiting.addLast(new Waiting(ticket, version, key, future));
            if (waiting.size() == 1) {
                written.signal();
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            for (long target; (target = nextTarget()) >= 0; ) {
                IOException failed = null;
                try {
                    journal.awaitDurable(target);
                } catch (IOException e) {
                    failed = e;
                }
                complete(target, failed);
                if (failed != null) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            complete(Long.MAX_VALUE, new IOException("the checkpoint fsync thread failed: " + e, e));
            throw e;
        }
    }

    /** Waits for a write to wait for, and returns the newest one's ticket; -1 once stopped. */
    private long nextTarget() {
        lock.lock();
        try {
            while (waiting.isEmpty() && !stopped) {
                written.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        beforeSync.run();
        lock.lock();
        try {
            // close() completes what still waits
            return stopped ? -1 : waiting.peekLast().ticket();
        } finally {
            lock.unlock();
        }
    }

    /** Completes the futures up to {@code target}, or after a failure fails every one and refuses later writes. */
    private void complete(long target, IOException failed) {
        List<Waiting> done = new ArrayList<>();
        lock.lock();
        try {
            if (failed != null) {
                failure = failed;
                done.addAll(waiting);
                waiting.clear();
            } else {
                while (!waiting.isEmpty() && waiting.peekFirst().ticket() <= target) {
                    done.add(waiting.pollFirst());
                }
            }
        } finally {
            lock.unlock();
        }
        // outside the lock: dependent stages run here and may write again
        for (Waiting w : done) {
            if (failed == null) {
                w.future().complete(w.version());
            } else {
                w.future().completeExceptionally(notDurable.apply(failed, w.key()));
            }
        }
    }

    /**
     * After the journal was closed: completes each future still waiting by whether the close's fsync covered it,
     * stops the thread and waits for it to finish what it took.
     *
     * @param closeFailure why the close's fsync failed, or null
     */
    void close(IOException closeFailure) {
        List<Waiting> left;
        lock.lock();
        try {
            stopped = true;
            left = new ArrayList<>(waiting);
            waiting.clear();
            written.signal();
        } finally {
            lock.unlock();
        }
        for (Waiting w : left) {
            try {
                journal.awaitDurable(w.ticket()); // the journal is closed: returns or fails at once
                w.future().complete(w.version());
            } catch (IOException e) {
                w.future().completeExceptionally(notDurable.apply(closeFailure != null ? closeFailure : e, w.key()));
            }
        }
        if (Thread.currentThread() != thread) { // close() from a dependent stage on this thread
            joinUninterruptibly();
        }
    }

    private void joinUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
