package dev.blazen.camel.workflow.checkpoint.file;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.file.CheckpointFileException.Kind;
import dev.blazen.memory.file.AppendOnlyFile;
import dev.blazen.memory.file.CompactionThreshold;
import dev.blazen.memory.file.FsyncPolicy;
import dev.blazen.memory.file.LockedFileException;
import dev.blazen.memory.file.StoppedFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Checkpoints in an append-only journal file: the embedded durable store. Every {@link #put} and {@link #delete}
 * appends one record; opening the store replays the journal into an in-memory index that serves every read, so the
 * live records are held in memory (the store is made for checkpoints: many records of a few KB, not bulk data).
 * Compare-and-set is checked against the index under a lock, so versions are exact. Thread-safe.
 *
 * <h2>Journal format, version 1</h2>
 * Integers are big-endian.
 * <pre>
 * file   = header record*
 * header = magic (8 bytes: 0x89 'B' 'L' 'Z' 'C' 'K' 'P' 'T')  format version (int32, 1)
 * record = marker (int32 0xB1C4EC7A)  length (int32: bytes in body)  crc (int32: CRC32 of length and body)  body
 * body   = type (int8: 1 put, 2 delete)  version (int64)  key length (uint16)  key (UTF-8)  data (put only: the rest)
 * </pre>
 * A put record carries the record's new version and all of its bytes, a delete the version it removed. A file in a
 * newer format version than this reader's fails the open with {@link Kind#NEWER_FORMAT}, one that does not start
 * with the magic with {@link Kind#CORRUPT}.
 *
 * <h2>Durability: the {@link FsyncPolicy}</h2>
 * Every write reaches the OS before the call returns (nothing is buffered in the JVM), so it survives the process
 * being killed under every policy. About a power cut or OS crash:
 * <ul>
 * <li>{@link FsyncPolicy#ALWAYS} (the default): a put or delete returns only after an fsync that covers its
 * record. Writers append under the lock and wait for the fsync outside it, sharing it (group commit): N threads
 * writing at once cost about one fsync, not N. A read of a record whose fsync is still running waits for it, so no
 * reader sees a write that a power cut could take back.</li>
 * <li>{@link FsyncPolicy#INTERVAL}: a background thread fsyncs at most once per interval (1 second unless set with
 * {@link Builder#fsyncInterval}); writes return at once, and a power cut may lose about the last interval.</li>
 * <li>{@link FsyncPolicy#NEVER}: fsync only at compaction and close; a power cut may lose the writes of the last
 * seconds (the OS's write-back delay).</li>
 * </ul>
 * A write that fails (a full disk) is truncated away again and throws {@link Kind#IO}, with nothing changed. A failed
 * fsync stops the store ({@link Kind#CLOSED}): what reached the disk is then unknown until the journal is reopened.
 *
 * <h2>Writes that do not wait: {@link #putAsync}</h2>
 * {@link #putAsync} does what {@link #put} does under the lock (compare-and-set, append, index update) and returns a
 * future for the wait that follows. Under ALWAYS the store's daemon fsync thread completes it: whenever writes wait,
 * it fsyncs everything appended so far and completes every future that fsync covered; writes made while an fsync
 * runs wait for the next one. So a thread can keep many writes in flight, and all writes in flight share one fsync,
 * where {@link #put} makes each thread wait for an fsync per write. The futures complete on that thread (see
 * {@link #putAsync} for what that asks of dependent stages). Reads wait for an async write's fsync exactly as for a
 * put's, and a failed fsync fails every waiting future with {@link Kind#CLOSED}. Under INTERVAL and NEVER the future
 * is complete when {@link #putAsync} returns, with the durability of those policies. {@link #close} completes or fails
 * every future still waiting before it returns.
 *
 * <h2>Compaction</h2>
 * Records that a later put or delete superseded are dead. When more than 50,000 records are dead and they are more
 * than half of the journal (see {@link Builder#compactWhen}), the write that crossed the threshold rewrites the live
 * records to {@code <file>.compacting}, fsyncs it, renames it over the journal atomically and fsyncs the directory.
 * It runs under the write lock, so no concurrent write is lost or lands in the old file; writers wait for the time it
 * takes to write the live records once. At the default fraction a compaction copies fewer records than died since
 * the previous one, so its cost per write is constant. A crash at any point leaves the old or the new journal whole.
 *
 * <h2>Recovery</h2>
 * A damaged record (cut short, a CRC32 that does not match, no marker) with no whole record anywhere after it is a
 * torn tail, what a crash during an append leaves: it is cut off, logged in one WARN line naming the file and offset,
 * and every record before it is kept. A damaged record with whole records after it, or a record whose checksum holds
 * but whose content is invalid, fails the open with {@link Kind#CORRUPT} naming the offset, and the file is left as
 * it is: skipping it could bring back deleted checkpoints or drop live ones silently.
 *
 * <h2>One writer</h2>
 * The store holds an exclusive lock on {@code <file>.lock} until closed; a second store on the same journal, in this
 * JVM or another process, fails with {@link Kind#LOCKED}. The file layer (lock, appends, fsync, atomic rewrite) is
 * the memory module's {@link AppendOnlyFile}, shared with the JSONL memory backend.
 */
public final class FileCheckpointStore implements CheckpointStore {

    /** The journal's name in a directory given to {@link #inDirectory}. */
    public static final String DEFAULT_FILE_NAME = "checkpoints.journal";

    /**
     * More than 50,000 dead records that are more than half of the journal (tens of MB of snapshots). Runs rewrite
     * their one record at every step while few records are live, so with the memory backend's 1,000 the journal
     * was compacted about 100 times a second under load (two fsyncs and a rename each); the durable benchmark ran a
     * third faster without that.
     */
    public static final CompactionThreshold DEFAULT_COMPACTION = new CompactionThreshold(50_000, 0.5);

    private static final Logger LOG = LoggerFactory.getLogger(FileCheckpointStore.class);

    private final Path file;
    private final AppendOnlyFile journal;
    private final CompactionThreshold compaction;
    private final ConcurrentHashMap<String, Slot> index;
    /** Serialises the compare-and-set check, the append and the index update of every write. */
    private final ReentrantLock writes = new ReentrantLock();
    /** Completes the futures of {@link #putAsync} under {@link FsyncPolicy#ALWAYS}; null under the other policies. */
    private final Flusher flusher;
    private volatile boolean closed;

    // guarded by writes
    private long records;
    private long live;
    private long noAutoCompactionBefore;

    private FileCheckpointStore(Builder b) {
        Path requested = b.file.toAbsolutePath();
        if (Files.isDirectory(requested)) {
            throw new IllegalArgumentException(requested + " is a directory; use FileCheckpointStore.inDirectory "
                    + "for a journal inside it");
        }
        try {
            journal = AppendOnlyFile.open(requested, b.fsync, b.fsyncInterval);
        } catch (LockedFileException e) {
            throw new CheckpointFileException(Kind.LOCKED, requested, -1, "another store has it open (lock file "
                    + e.lockFile() + "); a journal has one writer, so share that store or give each its own file",
                    null);
        } catch (IOException e) {
            throw new CheckpointFileException(Kind.IO, requested, -1, "cannot open the journal or its lock file: "
                    + e, e);
        }
        this.file = journal.file();
        this.compaction = b.compaction;
        try {
            JournalReplay.Replayed replayed = JournalReplay.replay(file);
            recover(replayed);
            index = new ConcurrentHashMap<>(replayed.live());
            records = replayed.records();
            live = index.size();
            compactIfDue();
        } catch (IOException | RuntimeException e) {
            closeQuietly(journal);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new CheckpointFileException(Kind.IO, file, -1, "cannot read the journal: " + e, e);
        }
        flusher = journal.policy() == FsyncPolicy.ALWAYS ? new Flusher(journal, this::notDurable) : null;
        if (flusher != null) {
            flusher.start();
        }
    }

    /** Cuts off a torn tail and gives a new or headless file its header. */
    private void recover(JournalReplay.Replayed replayed) throws IOException {
        JournalReplay.Torn torn = replayed.torn();
        if (torn != null) {
            journal.truncate(replayed.validEnd());
            LOG.warn("Cut off the torn tail of checkpoint journal {} at byte offset {} ({} bytes, {}); the {} records "
                    + "before it are kept", file, torn.offset(), torn.length(), torn.reason(), replayed.records());
        }
        if (replayed.validEnd() == 0) {
            journal.append(JournalFormat.fileHeader());
            journal.sync();
        }
    }

    /** Opens (creating it if missing) the journal {@value #DEFAULT_FILE_NAME} in {@code directory}, with defaults. */
    public static FileCheckpointStore open(Path directory) {
        return inDirectory(directory).open();
    }

    /** A store whose journal is {@value #DEFAULT_FILE_NAME} in {@code directory}, created if missing. */
    public static Builder inDirectory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return new Builder(directory.resolve(DEFAULT_FILE_NAME));
    }

    /** A store whose journal is {@code file}, created with its directories if missing. */
    public static Builder atFile(Path file) {
        Objects.requireNonNull(file, "file");
        return new Builder(file);
    }

    /** The journal file, with a symbolic link resolved. */
    public Path file() {
        return file;
    }

    public FsyncPolicy fsyncPolicy() {
        return journal.policy();
    }

    /** How many fsyncs the journal ran since open; for tests of group commit. */
    long fsyncs() {
        return journal.fsyncs();
    }

    /** Runs {@code hook} on the fsync thread before each of its fsyncs; for tests that hold it. ALWAYS only. */
    void beforeFlusherSync(Runnable hook) {
        flusher.beforeSync = hook;
    }

    // ---- reads -----------------------------------------------------------------------------------------------------

    @Override
    public Optional<Checkpoint> get(String key) {
        CheckpointStore.requireKey(key);
        ensureOpen();
        Slot slot = index.get(key);
        if (slot == null) {
            return Optional.empty();
        }
        awaitDurable(slot.ticket(), key);
        return slot.isLive() ? Optional.of(new Checkpoint(key, slot.version(), slot.data().clone())) : Optional.empty();
    }

    @Override
    public List<String> keys(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        ensureOpen();
        List<String> keys = new ArrayList<>();
        long newest = 0;
        for (Map.Entry<String, Slot> e : index.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                newest = Math.max(newest, e.getValue().ticket());
                if (e.getValue().isLive()) {
                    keys.add(e.getKey());
                }
            }
        }
        awaitDurable(newest, prefix + "*");
        return keys;
    }

    private void ensureOpen() {
        if (closed) {
            throw new CheckpointFileException(Kind.CLOSED, file, -1, "the store is closed", null);
        }
    }

    // ---- writes ----------------------------------------------------------------------------------------------------

    @Override
    public long put(String key, byte[] data, long expectedVersion) {
        Slot written = write(key, data, expectedVersion, null);
        awaitDurable(written.ticket(), key);
        return written.version();
    }

    /**
     * {@link #put} without the wait for the fsync: the compare-and-set, the append and the index update happen before
     * this returns, so a conflict or a failed write fails the returned future at once, and later writes and their
     * compare-and-set see the new version. The future completes with the version once the write is as durable as
     * {@link #put} promises:
     * <ul>
     * <li>{@link FsyncPolicy#ALWAYS}: after an fsync that covers the record, run by the store's fsync thread, which
     * shares each fsync among all the writes made meanwhile (and with concurrent {@link #put}s). The future completes
     * on that thread: give a dependent stage that blocks or does much work an executor ({@code thenRunAsync} and
     * the like), and never wait in one for another future of this store. A failed fsync fails every waiting future
     * with {@link Kind#CLOSED}, as it fails {@link #put}.</li>
     * <li>{@link FsyncPolicy#INTERVAL}: at once, once the record reached the OS; the background fsync of the next
     * interval is what makes it durable, as for {@link #put}.</li>
     * <li>{@link FsyncPolicy#NEVER}: at once, once the record reached the OS.</li>
     * </ul>
     * Under ALWAYS a read of the record waits for its fsync, as for {@link #put}. {@link #close} completes or fails
     * every future still waiting before it returns.
     */
    @Override
    public CompletableFuture<Long> putAsync(String key, byte[] data, long expectedVersion) {
        try {
            if (flusher == null) {
                return CompletableFuture.completedFuture(write(key, data, expectedVersion, null).version());
            }
            CompletableFuture<Long> durable = new CompletableFuture<>();
            write(key, data, expectedVersion, durable);
            return durable;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The compare-and-set, the append and the index update of a put, with {@link #writes} held; registers
     * {@code whenDurable} with the flusher when not null.
     */
    private Slot write(String key, byte[] data, long expectedVersion, CompletableFuture<Long> whenDurable) {
        CheckpointStore.requireKey(key);
        if (data == null) {
            throw new IllegalArgumentException("checkpoint '" + key + "' has no data (null)");
        }
        if (data.length > JournalFormat.MAX_DATA_LENGTH) {
            throw new IllegalArgumentException("checkpoint '" + key + "' has " + data.length + " bytes; the limit is "
                    + JournalFormat.MAX_DATA_LENGTH);
        }
        byte[] keyBytes = JournalFormat.keyBytes(key);
        byte[] copy = data.clone();
        // encoded (and checksummed) outside the lock, with the version the write will most likely get
        long likely = expectedVersion == ANY_VERSION ? liveVersion(index.get(key)) + 1 : expectedVersion + 1;
        byte[] record = JournalFormat.put(keyBytes, likely, copy);
        writes.lock();
        try {
            ensureOpen();
            Slot current = index.get(key);
            long version = liveVersion(current);
            if (expectedVersion != ANY_VERSION && expectedVersion != version) {
                throw new CheckpointConflictException(key, expectedVersion, version);
            }
            if (version + 1 != likely) {
                record = JournalFormat.put(keyBytes, version + 1, copy);
            }
            Slot written = new Slot(version + 1, copy, append(record, key));
            index.put(key, written);
            records++;
            if (current == null || !current.isLive()) {
                live++;
            }
            compactIfDue();
            if (whenDurable != null) {
                IOException failed = flusher.register(written.ticket(), written.version(), key, whenDurable);
                if (failed != null) {
                    throw notDurable(failed, key); // an fsync failed after this append but before it registered
                }
            }
            return written;
        } finally {
            writes.unlock();
        }
    }

    @Override
    public boolean delete(String key, long expectedVersion) {
        Slot tombstone = remove(key, expectedVersion, null);
        if (tombstone == null) {
            return false;
        }
        awaitDurable(tombstone.ticket(), key);
        index.remove(key, tombstone);
        return true;
    }

    /**
     * {@link #delete} as {@link #putAsync} does a put: the compare-and-set and the tombstone's append at once, the
     * future completed (on the flushing thread, under ALWAYS) once the tombstone is on disk.
     */
    @Override
    public CompletableFuture<Boolean> deleteAsync(String key, long expectedVersion) {
        if (flusher == null) {
            return CheckpointStore.super.deleteAsync(key, expectedVersion);
        }
        try {
            CompletableFuture<Long> durable = new CompletableFuture<>();
            Slot tombstone = remove(key, expectedVersion, durable);
            if (tombstone == null) {
                return CompletableFuture.completedFuture(false);
            }
            return durable.thenApply(version -> index.remove(key, tombstone));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The compare-and-set and the tombstone's append of a delete, with {@link #writes} held; null when there is no
     * record. The tombstone stays in the index until the delete is durable, so readers wait for it as for a put.
     */
    private Slot remove(String key, long expectedVersion, CompletableFuture<Long> whenDurable) {
        CheckpointStore.requireKey(key);
        byte[] keyBytes = JournalFormat.keyBytes(key);
        writes.lock();
        try {
            ensureOpen();
            long version = liveVersion(index.get(key));
            if (version == 0) {
                if (expectedVersion > 0) {
                    throw new CheckpointConflictException(key, expectedVersion, 0);
                }
                return null;
            }
            if (expectedVersion != ANY_VERSION && expectedVersion != version) {
                throw new CheckpointConflictException(key, expectedVersion, version);
            }
            Slot tombstone = Slot.tombstone(append(JournalFormat.delete(keyBytes, version), key));
            index.put(key, tombstone);
            records++;
            live--;
            compactIfDue();
            if (whenDurable != null) {
                IOException failed = flusher.register(tombstone.ticket(), version, key, whenDurable);
                if (failed != null) {
                    throw notDurable(failed, key);
                }
            }
            return tombstone;
        } finally {
            writes.unlock();
        }
    }

    private static long liveVersion(Slot slot) {
        return slot == null || !slot.isLive() ? 0 : slot.version();
    }

    private long append(byte[] record, String key) {
        try {
            return journal.append(record);
        } catch (IOException e) {
            throw failure(e, "cannot write checkpoint '" + key + "'", "the write was rolled back, nothing changed");
        }
    }

    private void awaitDurable(long ticket, String key) {
        try {
            journal.awaitDurable(ticket);
        } catch (IOException e) {
            throw notDurable(e, key);
        }
    }

    private CheckpointFileException notDurable(IOException e, String key) {
        return failure(e, "checkpoint '" + key + "' was written but could not be made durable", "");
    }

    private CheckpointFileException failure(IOException e, String what, String rolledBack) {
        if (e instanceof StoppedFileException) {
            return new CheckpointFileException(Kind.CLOSED, file, -1, what + "; the store takes no more writes: "
                    + e.getMessage(), e);
        }
        return new CheckpointFileException(Kind.IO, file, -1, what + " (" + e + ")"
                + (rolledBack.isEmpty() ? "" : "; " + rolledBack), e);
    }

    // ---- compaction ------------------------------------------------------------------------------------------------

    /** Rewrites the journal with only the live records, now; see the class comment. */
    public void compact() {
        writes.lock();
        try {
            ensureOpen();
            compactNow();
        } finally {
            writes.unlock();
        }
    }

    private void compactIfDue() {
        if (records < noAutoCompactionBefore || !compaction.isDue(records, live)) {
            return;
        }
        try {
            compactNow();
        } catch (CheckpointFileException e) {
            // not thrown: the write that triggered it is in the journal already (a CLOSED failure stops later writes)
            noAutoCompactionBefore = compaction.retryAt(records, live);
            LOG.warn("Could not compact checkpoint journal {}: {}", file, e.getMessage());
        }
    }

    /** With {@link #writes} held, so the index does not change meanwhile (but for tombstones leaving it). */
    private void compactNow() {
        try {
            journal.rewrite(out -> {
                out.write(JournalFormat.fileHeader());
                for (Map.Entry<String, Slot> e : index.entrySet()) {
                    Slot slot = e.getValue();
                    if (slot.isLive()) {
                        out.write(JournalFormat.put(JournalFormat.keyBytes(e.getKey()), slot.version(), slot.data()));
                    }
                }
            });
        } catch (StoppedFileException e) {
            throw new CheckpointFileException(Kind.CLOSED, file, -1, "compaction failed and the store takes no more "
                    + "writes: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CheckpointFileException(Kind.IO, file, -1, "compaction failed, the journal is unchanged: " + e,
                    e);
        }
        records = live;
        noAutoCompactionBefore = 0;
    }

    // ---- close -----------------------------------------------------------------------------------------------------

    /**
     * Fsyncs the journal (under every policy), completes the futures of {@link #putAsync} still waiting (or fails them,
     * when that fsync failed), stops the fsync thread and releases the journal's lock; idempotent. Later calls fail
     * with CLOSED.
     */
    @Override
    public void close() {
        IOException failure = null;
        writes.lock();
        try {
            closed = true;
            journal.close();
        } catch (IOException e) {
            failure = e;
        } finally {
            writes.unlock();
        }
        // no write can register any more: it would have seen closed under the lock
        if (flusher != null) {
            flusher.close(failure);
        }
        if (failure != null) {
            throw new CheckpointFileException(Kind.IO, file, -1, "closed, but the final fsync failed, so the last "
                    + "writes may not be on the disk: " + failure, failure);
        }
    }

    private static void closeQuietly(AppendOnlyFile journal) {
        try {
            journal.close();
        } catch (IOException e) {
            LOG.debug("Closing {} failed", journal, e);
        }
    }

    @Override
    public String toString() {
        return "FileCheckpointStore[" + file + ", fsync " + journal.policy() + "]";
    }

    // ---- options ---------------------------------------------------------------------------------------------------

    public static final class Builder {

        private final Path file;
        private FsyncPolicy fsync = FsyncPolicy.ALWAYS;
        private Duration fsyncInterval = AppendOnlyFile.DEFAULT_SYNC_INTERVAL;
        private CompactionThreshold compaction = DEFAULT_COMPACTION;

        private Builder(Path file) {
            this.file = file;
        }

        /** When writes are fsynced; {@link FsyncPolicy#ALWAYS} by default. See the class comment. */
        public Builder fsync(FsyncPolicy policy) {
            this.fsync = Objects.requireNonNull(policy, "fsync policy");
            return this;
        }

        /** How often {@link FsyncPolicy#INTERVAL} fsyncs: 1 second by default, at least 1 ms. */
        public Builder fsyncInterval(Duration interval) {
            if (interval == null || interval.toMillis() < 1) {
                throw new IllegalArgumentException("the fsync interval must be at least 1 ms, got " + interval);
            }
            this.fsyncInterval = interval;
            return this;
        }

        /**
         * Compacts when more than {@code minDeadRecords} records are dead and they are more than {@code deadFraction}
         * of all records (defaults 50,000 and 0.5).
         */
        public Builder compactWhen(long minDeadRecords, double deadFraction) {
            this.compaction = new CompactionThreshold(minDeadRecords, deadFraction);
            return this;
        }

        /**
         * Opens the journal, creating it and its directories if missing, and replays it.
         *
         * @throws CheckpointFileException LOCKED when another store has it open, CORRUPT for damage other than a torn
         *                                 tail, NEWER_FORMAT for a journal this version cannot read, IO when it
         *                                 cannot be read
         */
        public FileCheckpointStore open() {
            return new FileCheckpointStore(this);
        }
    }
}
