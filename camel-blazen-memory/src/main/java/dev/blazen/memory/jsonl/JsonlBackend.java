package dev.blazen.memory.jsonl;

import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.MetadataFilter;
import dev.blazen.memory.backend.MemoryBackend;
import dev.blazen.memory.backend.StoredEntry;
import dev.blazen.memory.file.AppendOnlyFile;
import dev.blazen.memory.file.CompactionThreshold;
import dev.blazen.memory.file.FsyncPolicy;
import dev.blazen.memory.file.LockedFileException;
import dev.blazen.memory.file.StoppedFileException;
import dev.blazen.memory.inmemory.InMemoryBackend;
import dev.blazen.memory.jsonl.JsonlFileError.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Entries in a JSON Lines file, replayed on open into an {@link InMemoryBackend} that serves every read; the whole
 * data set is held in memory. The line format is described in the module README: one JSON object per put or delete,
 * vectors as base64 little-endian float32. The file layer (lock, appends, fsync, atomic rewrite) is an
 * {@link AppendOnlyFile}.
 * <p>
 * <b>Writes.</b> A {@code put} appends one line per entry and a {@code delete} one tombstone line, in a single write
 * call, before the in-memory state changes; the file is never rewritten for a change. Every write reaches the OS
 * before the call returns (no buffering in the JVM), so it survives the process being killed. Whether it also
 * survives a power cut is the {@link FsyncPolicy}: {@link FsyncPolicy#ALWAYS} by default, because a backend that
 * persists should keep what it acknowledged; a batch costs one {@code fsync}, taken before the entries become
 * visible, so bulk loads should use batches (or {@link FsyncPolicy#INTERVAL} or {@link FsyncPolicy#NEVER}). A write
 * that fails is truncated away again and throws a {@link JsonlFileError}, and the entries stay as they were; a failed
 * fsync stops the backend (kind {@link Kind#CLOSED}), since what reached the disk is then unknown until the file is
 * reopened. Metadata must be JSON values; anything else is a {@link ValidationError} naming its path, and nothing of
 * the batch is written.
 * <p>
 * <b>Compaction.</b> Lines that a later put or delete superseded are dead. When more than {@code minDeadLines} lines
 * are dead and they are more than {@code deadFraction} of the file (defaults 1000 and 0.5), the live entries are
 * written to {@code <file>.compacting} in the same directory, fsynced, and renamed over the file atomically; a crash
 * at any point leaves either the old or the new file whole. At the default fraction a compaction rewrites fewer
 * lines than have died since the previous one ({@code (1 - f) / f} times as many at fraction {@code f}), so its cost
 * per write is constant; the minimum keeps small files from being rewritten over and over. {@link #compact()} does
 * it on demand.
 * <p>
 * <b>Recovery.</b> A last line that is not JSON (a write cut short by a crash) is skipped, logged at WARN with the
 * file, line number and byte offset, listed in {@link #recoveryReport()}, and truncated away so that the next append
 * starts on a clean line; the entries before it are kept. A last line that is complete JSON but lacks its newline
 * is kept and given one. Any other bad line (not JSON in the middle of the file, or JSON that is not a valid
 * record anywhere) fails the open with a {@link JsonlFileError} of kind {@link Kind#CORRUPT} naming the file and
 * line, and the file is left untouched: skipping it could resurrect deleted entries or drop live ones silently, so
 * a person should look (every line is plain JSON and can be repaired or removed by hand).
 * <p>
 * <b>One writer.</b> The backend holds an exclusive lock on {@code <file>.lock} until closed (the data file itself
 * is replaced by compaction, so it cannot carry the lock); a second backend on the file, in this JVM or another
 * process, fails with {@link Kind#LOCKED}. The lock file is left in place: deleting it would let two writers lock
 * different files of the same name.
 */
public final class JsonlBackend implements MemoryBackend {

    public static final long DEFAULT_MIN_DEAD_LINES = CompactionThreshold.DEFAULT.minDeadRecords();
    public static final double DEFAULT_DEAD_FRACTION = CompactionThreshold.DEFAULT.deadFraction();

    private static final Logger LOG = LoggerFactory.getLogger(JsonlBackend.class);
    private static final byte[] NEWLINE = {'\n'};

    private final Path file;
    private final CompactionThreshold compaction;
    private final InMemoryBackend entries = new InMemoryBackend();
    private final ReentrantLock writes = new ReentrantLock();
    private final AppendOnlyFile journal;
    private final RecoveryReport recovery;

    // guarded by writes
    private long lines;
    private long noAutoCompactionBefore;

    private JsonlBackend(Builder b) {
        Path requested = b.file.toAbsolutePath();
        if (Files.isDirectory(requested)) {
            throw new ValidationError("file", requested + " is a directory");
        }
        try {
            journal = AppendOnlyFile.open(requested, b.fsync, b.fsyncInterval);
        } catch (LockedFileException e) {
            throw new JsonlFileError(Kind.LOCKED, requested, 0, "another backend has it open (lock file "
                    + e.lockFile() + "); a JSONL memory file has one writer, so share that backend instead", null);
        } catch (IOException e) {
            throw new JsonlFileError(Kind.IO, requested, 0, "cannot open the file or its lock file: " + e, e);
        }
        this.file = journal.file();
        this.compaction = b.compaction;
        try {
            recovery = replay();
            compactIfDue();
        } catch (IOException | RuntimeException e) {
            closeQuietly(journal);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new JsonlFileError(Kind.IO, file, 0, "cannot read the file: " + e, e);
        }
    }

    /** Opens (creating it if missing) the file with the default fsync policy and compaction threshold. */
    public static JsonlBackend open(Path file) {
        return builder(file).open();
    }

    public static Builder builder(Path file) {
        return new Builder(file);
    }

    public Path file() {
        return file;
    }

    public FsyncPolicy fsyncPolicy() {
        return journal.policy();
    }

    /** What the open replayed and what torn last line it skipped, if any. */
    public RecoveryReport recoveryReport() {
        return recovery;
    }

    // ---- open ------------------------------------------------------------------------------------------------------

    /** A line that is not JSON: torn if only blank lines follow it, corrupt otherwise. */
    private record Unreadable(long line, long offset, String reason) {
    }

    private RecoveryReport replay() throws IOException {
        Map<String, StoredEntry> live = new HashMap<>();
        long records = 0;
        long lineNumber = 0;
        long lineStart = 0;
        Unreadable unreadable = null;
        byte[] chunk = new byte[1 << 16];
        byte[] line = new byte[1 << 12];
        int length = 0;
        long position = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(chunk)) > 0; position += n) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != '\n') {
                        continue;
                    }
                    line = appendTo(line, length, chunk, from, i - from);
                    length += i - from;
                    lineNumber++;
                    if (!isBlank(line, length)) {
                        if (unreadable != null) {
                            throw corrupt(unreadable.line(), "not JSON: " + unreadable.reason());
                        }
                        try {
                            apply(live, LineCodec.decode(line, length));
                            records++;
                        } catch (LineCodec.NotJson e) {
                            unreadable = new Unreadable(lineNumber, lineStart, e.getMessage());
                        } catch (LineCodec.BadRecord e) {
                            throw corrupt(lineNumber, e.getMessage());
                        }
                    }
                    lineStart = position + i + 1;
                    length = 0;
                    from = i + 1;
                }
                line = appendTo(line, length, chunk, from, n - from);
                length += n - from;
            }
        }
        long end = position;
        lines = lineNumber;
        List<RecoveryReport.SkippedLine> skipped = new ArrayList<>();
        if (length > 0) { // the last line has no newline
            lineNumber++;
            boolean blank = isBlank(line, length);
            if (unreadable != null && !blank) {
                throw corrupt(unreadable.line(), "not JSON: " + unreadable.reason());
            }
            if (unreadable == null && blank) {
                unreadable = new Unreadable(lineNumber, lineStart, "blank, without a newline");
            } else if (unreadable == null) {
                try {
                    apply(live, LineCodec.decode(line, length));
                    records++;
                    journal.awaitDurable(journal.append(NEWLINE));
                    end++;
                    lines++;
                    LOG.warn("The last line {} of {} lacked its newline (a write cut short just before it); kept its "
                            + "record and added the newline", lineNumber, file);
                } catch (LineCodec.NotJson e) {
                    unreadable = new Unreadable(lineNumber, lineStart, e.getMessage());
                } catch (LineCodec.BadRecord e) {
                    throw corrupt(lineNumber, e.getMessage());
                }
            }
        }
        if (unreadable != null) {
            RecoveryReport.SkippedLine torn = new RecoveryReport.SkippedLine(unreadable.line(), unreadable.offset(),
                    end - unreadable.offset(), unreadable.reason());
            journal.truncate(torn.byteOffset());
            end = torn.byteOffset();
            lines = torn.line() - 1;
            skipped.add(torn);
            LOG.warn("Skipped the torn last line {} of {} at byte offset {} ({} bytes, {}): earlier entries are kept "
                    + "and the torn bytes were truncated away", torn.line(), file, torn.byteOffset(),
                    torn.byteLength(), torn.reason());
        }
        entries.put(new ArrayList<>(live.values()));
        return new RecoveryReport(file, records, skipped);
    }

    private static void apply(Map<String, StoredEntry> live, LineCodec.Line record) {
        if (record instanceof LineCodec.Put put) {
            live.put(put.id(), put.entry());
        } else {
            live.remove(record.id());
        }
    }

    private static byte[] appendTo(byte[] line, int length, byte[] chunk, int from, int count) {
        if (length + count > line.length) {
            line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(chunk, from, line, length, count);
        return line;
    }

    private static boolean isBlank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private JsonlFileError corrupt(long line, String reason) {
        return new JsonlFileError(Kind.CORRUPT, file, line, reason + "; only a torn last line is skipped, so the "
                + "file was left as it is: repair or remove that line and open it again", null);
    }

    // ---- writes ----------------------------------------------------------------------------------------------------

    @Override
    public void put(List<StoredEntry> batch) {
        if (batch == null) {
            throw new ValidationError("entries", "a list of entries is required");
        }
        ensureWritable();
        if (batch.isEmpty()) {
            return;
        }
        // encoded before taking the lock: a bad entry fails the whole batch before anything is written
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<StoredEntry> stored = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            LineCodec.Encoded encoded = LineCodec.encodePut(batch.get(i), "entries[" + i + "]");
            bytes.writeBytes(encoded.line());
            stored.add(encoded.entry());
        }
        writes.lock();
        try {
            append(bytes.toByteArray(), stored.size());
            entries.put(stored);
            compactIfDue();
        } finally {
            writes.unlock();
        }
    }

    @Override
    public boolean delete(String id) {
        if (id == null) {
            throw new ValidationError("id", "an id is required");
        }
        writes.lock();
        try {
            ensureWritable();
            if (entries.get(id).isEmpty()) {
                return false;
            }
            append(LineCodec.encodeDelete(id), 1);
            entries.delete(id);
            compactIfDue();
            return true;
        } finally {
            writes.unlock();
        }
    }

    /** Appends and waits for the fsync under the lock, so no reader sees an entry the policy has not made durable. */
    private void append(byte[] bytes, int newLines) {
        try {
            journal.awaitDurable(journal.append(bytes));
        } catch (StoppedFileException e) {
            throw new JsonlFileError(Kind.CLOSED, file, 0, "takes no more writes: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new JsonlFileError(Kind.IO, file, 0, "write failed and was rolled back, nothing changed: " + e, e);
        }
        lines += newLines;
    }

    private void ensureWritable() {
        try {
            journal.ensureWritable();
        } catch (StoppedFileException e) {
            throw new JsonlFileError(Kind.CLOSED, file, 0, "takes no more writes: " + e.getMessage(), null);
        }
    }

    // ---- compaction ------------------------------------------------------------------------------------------------

    /** Rewrites the file with only the live entries, now; see the class comment. */
    public void compact() {
        writes.lock();
        try {
            ensureWritable();
            compactNow();
        } finally {
            writes.unlock();
        }
    }

    private void compactIfDue() {
        if (lines < noAutoCompactionBefore || !compaction.isDue(lines, entries.count())) {
            return;
        }
        try {
            compactNow();
        } catch (JsonlFileError e) {
            // not thrown: the write that triggered it is in the file already (a CLOSED failure stops later writes)
            noAutoCompactionBefore = compaction.retryAt(lines, entries.count());
            LOG.warn("Could not compact {}: {}", file, e.getMessage());
        }
    }

    private void compactNow() {
        List<StoredEntry> live = new ArrayList<>();
        entries.forEach(live::add);
        try {
            journal.rewrite(out -> {
                for (StoredEntry e : live) {
                    out.write(LineCodec.putLine(e));
                }
            });
        } catch (StoppedFileException e) {
            throw new JsonlFileError(Kind.CLOSED, file, 0, e.getMessage(), e);
        } catch (IOException e) {
            throw new JsonlFileError(Kind.IO, file, 0, "compaction failed, the file is unchanged: " + e, e);
        }
        lines = live.size();
        noAutoCompactionBefore = 0;
    }

    // ---- reads -----------------------------------------------------------------------------------------------------

    @Override
    public Optional<StoredEntry> get(String id) {
        ensureOpen();
        return entries.get(id);
    }

    @Override
    public long count() {
        ensureOpen();
        return entries.count();
    }

    @Override
    public void forEach(Consumer<StoredEntry> action) {
        ensureOpen();
        entries.forEach(action);
    }

    @Override
    public List<StoredEntry> searchByBands(long[] bands, int limit) {
        ensureOpen();
        return entries.searchByBands(bands, limit);
    }

    @Override
    public Optional<List<StoredEntry>> nearest(float[] query, int candidates, MetadataFilter filter) {
        ensureOpen();
        return entries.nearest(query, candidates, filter);
    }

    private void ensureOpen() {
        if (!journal.isOpen()) {
            throw new JsonlFileError(Kind.CLOSED, file, 0, "the backend is closed", null);
        }
    }

    // ---- close -----------------------------------------------------------------------------------------------------

    /** Syncs the file to the disk (under any policy) and releases the lock; later calls fail. */
    @Override
    public void close() {
        writes.lock();
        try {
            journal.close();
        } catch (IOException e) {
            throw new JsonlFileError(Kind.IO, file, 0, "closed, but the final fsync failed, so the last writes "
                    + "may not be on the disk: " + e, e);
        } finally {
            writes.unlock();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed", closeable, e);
        }
    }

    // ---- options ---------------------------------------------------------------------------------------------------

    public static final class Builder {

        private final Path file;
        private FsyncPolicy fsync = FsyncPolicy.ALWAYS;
        private Duration fsyncInterval = AppendOnlyFile.DEFAULT_SYNC_INTERVAL;
        private CompactionThreshold compaction = CompactionThreshold.DEFAULT;

        private Builder(Path file) {
            if (file == null) {
                throw new ValidationError("file", "a file path is required");
            }
            this.file = file;
        }

        /** When writes are fsynced; {@link FsyncPolicy#ALWAYS} by default. */
        public Builder fsync(FsyncPolicy policy) {
            if (policy == null) {
                throw new ValidationError("fsync", "a policy is required (ALWAYS, INTERVAL or NEVER)");
            }
            this.fsync = policy;
            return this;
        }

        /** How often {@link FsyncPolicy#INTERVAL} fsyncs (1 second by default); at least 1 ms. */
        public Builder fsyncInterval(Duration interval) {
            if (interval == null || interval.toMillis() < 1) {
                throw new ValidationError("fsyncInterval", "must be at least 1 ms, got " + interval);
            }
            this.fsyncInterval = interval;
            return this;
        }

        /**
         * Compacts when more than {@code minDeadLines} lines are dead and they are more than {@code deadFraction} of
         * all lines (defaults 1000 and 0.5).
         */
        public Builder compactWhen(long minDeadLines, double deadFraction) {
            if (minDeadLines < 0) {
                throw new ValidationError("minDeadLines", "must be 0 or more, got " + minDeadLines);
            }
            if (!(deadFraction >= 0 && deadFraction < 1)) {
                throw new ValidationError("deadFraction", "must be at least 0 and below 1, got " + deadFraction);
            }
            this.compaction = new CompactionThreshold(minDeadLines, deadFraction);
            return this;
        }

        /**
         * Opens the file, creating it and its directories if missing.
         *
         * @throws JsonlFileError LOCKED when another backend has it open, CORRUPT for a bad line other than a torn
         *                        last one, IO when it cannot be read
         */
        public JsonlBackend open() {
            return new JsonlBackend(this);
        }
    }
}
