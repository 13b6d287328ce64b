package dev.blazen.memory.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A file that changes only by appends, with one writer, the durability of an {@link FsyncPolicy} and atomic
 * rewrites: the file layer under the JSONL memory backend and the workflow's file checkpoint store, which keep their
 * own record formats, replay and in-memory state on top of it.
 * <ul>
 * <li><b>One writer.</b> {@link #open} takes an exclusive lock on {@code <file>.lock} and holds it until
 * {@link #close}; the data file cannot carry the lock because a rewrite replaces it. A second open of the same file,
 * in this JVM or another process, fails with {@link LockedFileException}. The lock file is left in place: deleting it
 * would let two writers lock different files of the same name. A symbolic link is followed at open, so a rewrite
 * replaces the file it points to rather than the link.</li>
 * <li><b>Appends.</b> {@link #append} writes its bytes in one call straight to the OS (nothing is buffered in the
 * JVM), so they survive the process being killed. A write that fails part way (a full disk) is truncated away again,
 * leaving the file as it was; if even that fails, the file takes no more writes ({@link StoppedFileException}) and
 * the owner's next open deals with the tail.</li>
 * <li><b>Durability.</b> {@link #append} returns a ticket and {@link #awaitDurable} waits until the policy's promise
 * holds for it. Under {@link FsyncPolicy#ALWAYS} that is an fsync that covers it, and this is group commit: one
 * waiter leads an fsync of everything appended so far, with no lock held, while other writers append and wait for
 * it to end; those it covered return, and one of the rest leads the next fsync for all of them. N writers at once
 * cost about one fsync per round rather than N.
 * Under {@link FsyncPolicy#INTERVAL} a daemon thread fsyncs every interval when something is unsynced, under
 * {@link FsyncPolicy#NEVER} only rewrites and close do. A failed fsync stops the file: the OS may have dropped the
 * pages it could not write and report a later fsync as good, so nothing appended since the last good fsync can be
 * promised any more; reopening replays what is really on the disk.</li>
 * <li><b>Rewrites.</b> {@link #rewrite} writes new content to {@code <file>.compacting} beside the file, fsyncs it
 * (whatever the policy), renames it over the file atomically and fsyncs the directory, all while holding the append
 * lock, so no append is lost or lands in the old file. A crash at any point leaves the old or the new file whole; a
 * leftover {@code .compacting} file is deleted at the next open. Everything appended before a rewrite is durable
 * once it returns.</li>
 * </ul>
 * Thread-safe. Appends, truncation, rewrites and close are serialised; {@link #awaitDurable} runs beside appends.
 */
public final class AppendOnlyFile implements AutoCloseable {

    /** How often {@link FsyncPolicy#INTERVAL} fsyncs unless told otherwise. */
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(AppendOnlyFile.class);

    /**
     * The lock files held in this JVM, by file key. A second channel must never be opened on one of them: closing it
     * would release the lock the first one holds, since POSIX drops all of a process's locks on a file when any of
     * its descriptors for the file is closed.
     */
    private static final Set<Object> LOCKED_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path lockFile;
    private final Path rewriteFile;
    private final FsyncPolicy policy;
    private final Object lockKey;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Serialises appends, truncation, rewrites and close. */
    private final ReentrantLock appends = new ReentrantLock();
    /**
     * Guards {@link #syncing}; taken after {@link #appends}. The fsync of group commit runs with it released, so that
     * writers can append meanwhile and queue for the next one; truncation, rewrites and close hold it with no fsync
     * running.
     */
    private final ReentrantLock syncs = new ReentrantLock();
    private final Condition syncEnded = syncs.newCondition();
    private final ScheduledExecutorService intervalSync;

    // A RandomAccessFile rather than a FileChannel: an interrupted thread closes a FileChannel it is using, which would
    // take the file down for every other thread. Replaced only while both locks are held.
    private volatile RandomAccessFile out;
    /** Bytes in the file; guarded by {@link #appends}. */
    private long size;
    /** An fsync runs; guarded by {@link #syncs}. */
    private boolean syncing;
    /** Bytes appended since open, across rewrites: the tickets. Advanced only after the bytes reached the OS. */
    private volatile long appended;
    /** Tickets up to this one are on the disk. */
    private volatile long durable;
    private volatile long fsyncs;
    /** Why writes stopped (closed, or a failure only a reopen clears); null while writable. */
    private volatile String stopped;

    private AppendOnlyFile(Path file, FsyncPolicy policy, Duration syncInterval) throws IOException {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.rewriteFile = file.resolveSibling(file.getFileName() + ".compacting");
        this.policy = policy;
        Files.createDirectories(file.getParent());
        lockKey = claimInThisJvm(lockFile);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = tryLock(channel, lockFile);
        } catch (IOException | RuntimeException e) {
            LOCKED_IN_THIS_JVM.remove(lockKey);
            throw e;
        }
        lockChannel = channel;
        try {
            // left by a rewrite that crashed before its rename; the file itself is still whole
            Files.deleteIfExists(rewriteFile);
            boolean created = !Files.exists(file);
            out = new RandomAccessFile(file.toFile(), "rw");
            size = out.length();
            if (created) {
                syncDirectory(); // so that a power cut cannot lose the new file's name with what it later holds
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(out);
            release();
            throw e;
        }
        intervalSync = policy == FsyncPolicy.INTERVAL ? startIntervalSync(syncInterval) : null;
    }

    /**
     * Opens {@code file}, creating it and its directories if missing, and takes its lock.
     *
     * @param syncInterval how often {@link FsyncPolicy#INTERVAL} fsyncs; ignored by the other policies
     * @throws LockedFileException when another writer holds the lock
     */
    public static AppendOnlyFile open(Path file, FsyncPolicy policy, Duration syncInterval) throws IOException {
        if (policy == null) {
            throw new IllegalArgumentException("an fsync policy is required");
        }
        if (policy == FsyncPolicy.INTERVAL && (syncInterval == null || syncInterval.toMillis() < 1)) {
            throw new IllegalArgumentException("the fsync interval must be at least 1 ms, got " + syncInterval);
        }
        return new AppendOnlyFile(resolve(file.toAbsolutePath()), policy, syncInterval);
    }

    /** A rewrite renames over the file, which would replace a symbolic link rather than the file it points to. */
    private static Path resolve(Path path) throws IOException {
        return Files.isSymbolicLink(path) ? path.toRealPath() : path;
    }

    /** Claims the lock file for this JVM without opening it, or fails when this JVM already holds it. */
    private static Object claimInThisJvm(Path lockFile) throws IOException {
        try {
            Files.createFile(lockFile); // fails without opening anything when the file exists
        } catch (FileAlreadyExistsException e) {
            // left by an earlier open, as it should be
        }
        Object key = Files.readAttributes(lockFile, BasicFileAttributes.class).fileKey();
        if (key == null) {
            key = lockFile.toRealPath();
        }
        if (!LOCKED_IN_THIS_JVM.add(key)) {
            throw new LockedFileException(lockFile);
        }
        return key;
    }

    private static FileLock tryLock(FileChannel channel, Path lockFile) throws IOException {
        FileLock held;
        try {
            held = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null; // another AppendOnlyFile in this JVM, by a path the file key did not match
        } catch (IOException e) {
            closeQuietly(channel);
            throw e;
        }
        if (held == null) {
            closeQuietly(channel);
            throw new LockedFileException(lockFile);
        }
        return held;
    }

    private ScheduledExecutorService startIntervalSync(Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "fsync " + file.getFileName());
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::syncInBackground, millis, millis, TimeUnit.MILLISECONDS);
        return executor;
    }

    private void syncInBackground() {
        if (stopped != null || durable >= appended) {
            return;
        }
        try {
            sync();
        } catch (IOException e) {
            LOG.warn("The background fsync of {} failed, so it takes no more writes: {}", file, e.getMessage());
        }
    }

    /** The file, with a symbolic link resolved. */
    public Path file() {
        return file;
    }

    public Path lockFile() {
        return lockFile;
    }

    public FsyncPolicy policy() {
        return policy;
    }

    /** Bytes in the file now. */
    public long size() {
        appends.lock();
        try {
            return size;
        } finally {
            appends.unlock();
        }
    }

    /** How many fsyncs of the file ran since open (appends, rewrites and close); for monitoring and tests. */
    public long fsyncs() {
        return fsyncs;
    }

    /** Whether {@link #close} has not run yet; a stopped file is still open. */
    public boolean isOpen() {
        return lock.isValid();
    }

    /** @throws StoppedFileException when the file takes no more writes, saying why */
    public void ensureWritable() throws StoppedFileException {
        String why = stopped;
        if (why != null) {
            throw new StoppedFileException(why, null);
        }
    }

    // ---- appends ---------------------------------------------------------------------------------------------------

    /**
     * Appends {@code bytes} in one write. Nothing of a write that fails stays in the file.
     *
     * @return the ticket to pass to {@link #awaitDurable}
     * @throws StoppedFileException when the file takes no more writes, or the failed write could not be truncated
     *                              away
     * @throws IOException          when the write failed and was rolled back
     */
    public long append(byte[] bytes) throws IOException {
        appends.lock();
        try {
            ensureWritable();
            long before = size;
            try {
                out.seek(before);
                out.write(bytes);
            } catch (IOException e) {
                throw rollBack(before, e);
            }
            size = before + bytes.length;
            appended += bytes.length; // after the write returned: an fsync that reads it covers these bytes
            return appended;
        } finally {
            appends.unlock();
        }
    }

    private IOException rollBack(long before, IOException cause) {
        try {
            out.setLength(before);
            return cause;
        } catch (IOException again) {
            cause.addSuppressed(again);
            // the file may now end in part of a record; the owner's next open cuts it off as a torn tail
            stopped = "a failed write could not be truncated away (" + again + "); reopen the file to recover";
            return new StoppedFileException("write failed: " + cause + "; " + stopped, cause);
        }
    }

    /**
     * Returns once the append that returned {@code ticket} is as durable as the policy promises: fsynced under
     * {@link FsyncPolicy#ALWAYS}, sharing the fsync with concurrent callers; at once under the other policies.
     *
     * @throws StoppedFileException when the fsync failed (the file then takes no more writes) or the file stopped
     *                              before the ticket was fsynced
     */
    public void awaitDurable(long ticket) throws IOException {
        if (policy == FsyncPolicy.ALWAYS) {
            syncUpTo(ticket);
        }
    }

    /** Fsyncs everything appended so far, whatever the policy. */
    public void sync() throws IOException {
        syncUpTo(appended);
    }

    /**
     * Group commit: the first waiter whose ticket no fsync covers yet leads one fsync for everything appended so far;
     * the others wait for it to end, return if it covered them, and otherwise one of them leads the next.
     */
    private void syncUpTo(long ticket) throws IOException {
        if (durable >= ticket) {
            return;
        }
        syncs.lock();
        try {
            while (durable < ticket) {
                if (syncing) {
                    syncEnded.awaitUninterruptibly();
                } else {
                    ensureWritable();
                    leadSync();
                }
            }
        } finally {
            syncs.unlock();
        }
    }

    /** Runs one fsync with {@link #syncs} released meanwhile; called and returns with it held. */
    private void leadSync() throws StoppedFileException {
        syncing = true;
        RandomAccessFile file = out;
        IOException failure = null;
        StoppedFileException stoppedByFailure = null;
        boolean synced = false;
        long target = 0;
        syncs.unlock();
        try {
            // a moment for the writers the last fsync released to append again, so this one covers them too: without
            // it writers split into two groups taking turns, and N writers share about N/2 puts per fsync, not N
            Thread.yield();
            target = appended; // read before the fsync, so every byte it counts is covered
            file.getFD().sync();
            synced = true;
        } catch (IOException e) {
            failure = e;
        } finally {
            syncs.lock();
            if (synced) {
                fsyncs++;
                durable = target;
            } else if (failure != null) {
                stoppedByFailure = stop(failure);
            }
            syncing = false;
            syncEnded.signalAll(); // the waiters look again: covered, stopped, or one of them leads the next fsync
        }
        if (stoppedByFailure != null) {
            throw stoppedByFailure;
        }
    }

    /** Waits until no fsync runs; with {@link #syncs} held, which keeps new ones from starting afterwards. */
    private void awaitNoSync() {
        while (syncing) {
            syncEnded.awaitUninterruptibly();
        }
    }

    /** Fsyncs with {@link #syncs} held and no fsync running, stopping the file when that fails. */
    private void force(RandomAccessFile target) throws StoppedFileException {
        try {
            target.getFD().sync();
            fsyncs++;
        } catch (IOException e) {
            throw stop(e);
        }
    }

    private StoppedFileException stop(IOException fsyncFailure) {
        stopped = "an fsync failed (" + fsyncFailure + "), so what reached the disk is unknown; reopen the file to "
                + "recover";
        return new StoppedFileException(stopped, fsyncFailure);
    }

    /** Cuts the file to {@code length} bytes and fsyncs it: how an owner removes a torn tail at open. */
    public void truncate(long length) throws IOException {
        appends.lock();
        syncs.lock();
        try {
            awaitNoSync();
            ensureWritable();
            out.setLength(length);
            size = length;
            force(out);
        } finally {
            syncs.unlock();
            appends.unlock();
        }
    }

    // ---- rewrites --------------------------------------------------------------------------------------------------

    /** What a {@link #rewrite} puts in the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces the file's content with what {@code content} writes, atomically; appends wait meanwhile, and continue
     * on the new file. When it fails for any reason but a {@link StoppedFileException} the file is as it was.
     */
    public void rewrite(Content content) throws IOException {
        appends.lock();
        syncs.lock();
        try {
            awaitNoSync();
            ensureWritable();
            try (FileOutputStream next = new FileOutputStream(rewriteFile.toFile())) {
                OutputStream buffered = new BufferedOutputStream(next, 1 << 20);
                content.writeTo(buffered);
                buffered.flush();
                // whatever the policy: the rename must never put an unwritten file in place of a good one
                next.getFD().sync();
                fsyncs++;
            } catch (IOException | RuntimeException e) {
                deleteQuietly(rewriteFile);
                throw e;
            }
            closeQuietly(out); // before the rename, because Windows cannot replace a file that is open
            IOException failure = null;
            try {
                Files.move(rewriteFile, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                failure = e;
                deleteQuietly(rewriteFile);
            }
            try {
                out = new RandomAccessFile(file.toFile(), "rw");
                size = out.length();
            } catch (IOException e) {
                stopped = "cannot reopen it after a rewrite (" + e + "); reopen the file to recover";
                throw new StoppedFileException(stopped, e);
            }
            if (failure != null) {
                throw failure;
            }
            syncDirectory();
            durable = appended; // everything appended is in the new file, which is on the disk
        } finally {
            syncs.unlock();
            appends.unlock();
        }
    }

    /** Makes a rename or a new file durable, so that a power cut cannot bring back the old directory entry. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) { // where directories cannot be opened
                LOG.warn("Could not fsync directory {} for {}: {}", file.getParent(), file, e.toString());
            }
        }
    }

    // ---- close -----------------------------------------------------------------------------------------------------

    /**
     * Fsyncs the file (whatever the policy, unless a failure stopped it: then it is left for the next open to
     * recover) and releases the lock; idempotent. Later appends fail with {@link StoppedFileException}.
     *
     * @throws IOException when the final fsync failed; the lock is released anyway
     */
    @Override
    public void close() throws IOException {
        if (intervalSync != null) {
            intervalSync.shutdown();
        }
        appends.lock();
        syncs.lock();
        try {
            awaitNoSync();
            if (!lock.isValid()) {
                return;
            }
            boolean healthy = stopped == null;
            stopped = "it is closed";
            IOException failure = null;
            if (healthy) {
                try {
                    long target = appended;
                    out.getFD().sync();
                    fsyncs++;
                    durable = target;
                } catch (IOException e) {
                    failure = e;
                }
            }
            closeQuietly(out);
            release();
            if (failure != null) {
                throw failure;
            }
        } finally {
            syncs.unlock();
            appends.unlock();
        }
    }

    private void release() {
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("Releasing the lock on {} failed; closing its channel releases it", lockFile, e);
        }
        closeQuietly(lockChannel);
        LOCKED_IN_THIS_JVM.remove(lockKey);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed", closeable, e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("Could not delete {}", path, e);
        }
    }

    @Override
    public String toString() {
        return "AppendOnlyFile[" + file + ", " + policy + "]";
    }
}
