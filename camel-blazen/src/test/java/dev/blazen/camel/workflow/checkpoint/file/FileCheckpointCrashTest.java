package dev.blazen.camel.workflow.checkpoint.file;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.memory.file.FsyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crashes: the journal as a crash would leave it must open, cutting off at most a torn tail, and hold every write that
 * was acknowledged before the crash.
 */
class FileCheckpointCrashTest {

    /** Puts per run before its delete, as a workflow run writes a checkpoint per step and deletes it at the end. */
    private static final int STEPS = 5;
    private static final long DELETED = -1;

    @TempDir
    Path dir;

    /** The bytes of a run's checkpoint at a version: mostly a few hundred bytes, one in eight about 200 KB. */
    static byte[] data(String key, long version) {
        String stamp = key + "@" + version + ";";
        int hash = stamp.hashCode();
        int size = Math.floorMod(hash, 8) == 0 ? 150_000 + Math.floorMod(hash, 100_000) : 100 + Math.floorMod(hash, 2000);
        byte[] bytes = new byte[size];
        byte[] pattern = stamp.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < size; i++) {
            bytes[i] = pattern[i % pattern.length];
        }
        return bytes;
    }

    /** What a writer reports: every write once it returned, and every delete before it is issued. */
    interface Progress {
        void acknowledged(String key, long version);

        default void deleting(String key) {
        }
    }

    /** Writes runs named {@code prefix + n} until stopped, reporting to {@code progress}. */
    static void writeRuns(FileCheckpointStore store, String prefix, AtomicBoolean stop, Progress progress) {
        for (int run = 0; !stop.get(); run++) {
            String key = prefix + run;
            long version = ABSENT;
            for (int step = 0; step < STEPS; step++) {
                version = store.put(key, data(key, version + 1), version);
                progress.acknowledged(key, version);
            }
            progress.deleting(key);
            store.delete(key, version);
            progress.acknowledged(key, DELETED);
        }
    }

    /**
     * {@link #writeRuns} as the workflow engine writes with putAsync: a run's steps go out without waiting, each
     * acknowledged once its future completed, and the run waits only for its last step before deleting the record.
     */
    static void writeRunsAsync(FileCheckpointStore store, String prefix, AtomicBoolean stop, Progress progress) {
        for (int run = 0; !stop.get(); run++) {
            String key = prefix + run;
            CompletableFuture<Long> last = null;
            for (long version = ABSENT; version < STEPS; version++) {
                last = store.putAsync(key, data(key, version + 1), version).thenApply(written -> {
                    progress.acknowledged(key, written);
                    return written;
                });
            }
            long version = last.join();
            progress.deleting(key);
            store.delete(key, version);
            progress.acknowledged(key, DELETED);
        }
    }

    /**
     * Checks {@code store} against the last write acknowledged for each key: a put's version or a later one (a write
     * that was under way), or nothing when {@code mayBeDeleted} says the run's delete may have reached the file;
     * nothing after an acknowledged delete. Every record holds the bytes written for its version.
     */
    private static void assertHoldsEveryAcknowledgedWrite(FileCheckpointStore store, Map<String, Long> acknowledged,
                                                          Predicate<Map.Entry<String, Long>> mayBeDeleted) {
        for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
            Optional<Checkpoint> stored = store.get(ack.getKey());
            if (ack.getValue() == DELETED) {
                assertThat(stored).as("deleted %s", ack.getKey()).isEmpty();
            } else if (stored.isEmpty()) {
                assertThat(mayBeDeleted.test(ack)).as("%s v%d was acknowledged and is missing", ack.getKey(),
                        ack.getValue()).isTrue();
            } else {
                assertThat(stored.get().version()).as(ack.getKey()).isGreaterThanOrEqualTo(ack.getValue());
            }
        }
        for (String key : store.keys("")) {
            Checkpoint c = store.get(key).orElseThrow();
            assertThat(c.version()).as(key).isBetween(1L, (long) STEPS);
            assertThat(Arrays.equals(c.data(), data(key, c.version()))).as("the bytes of %s v%d", key, c.version())
                    .isTrue();
        }
    }

    /** Copies of the journal taken while writers append and compact are what a crash at that moment leaves. */
    @Test
    void everyCopyTakenWhileWritersRunOpensWithEveryWriteAcknowledgedBeforeIt() throws Exception {
        Path live = dir.resolve("live");
        FileCheckpointStore store = FileCheckpointStore.inDirectory(live).fsync(FsyncPolicy.NEVER)
                .compactWhen(40, 0.5).open();
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        // a logical clock, to tell which deletes were issued before a copy ended and so may be in it
        AtomicLong clock = new AtomicLong();
        Map<String, Long> deleteIssuedAt = new ConcurrentHashMap<>();
        AtomicLong writes = new AtomicLong();
        Progress progress = new Progress() {
            @Override
            public void acknowledged(String key, long version) {
                acknowledged.put(key, version);
                writes.incrementAndGet();
            }

            @Override
            public void deleting(String key) {
                deleteIssuedAt.put(key, clock.incrementAndGet());
            }
        };
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            String prefix = "t" + t + "-r";
            writers.add(pool.submit(() -> writeRuns(store, prefix, stop, progress)));
        }
        List<Map<String, Long>> acknowledgedBefore = new ArrayList<>();
        List<Long> copyEndedAt = new ArrayList<>();
        Random random = new Random(11);
        int images = 30;
        try {
            for (int i = 0; i < images; i++) {
                Thread.sleep(random.nextInt(40));
                acknowledgedBefore.add(new HashMap<>(acknowledged));
                Path image = Files.createDirectories(dir.resolve("image" + i));
                Files.copy(store.file(), image.resolve(FileCheckpointStore.DEFAULT_FILE_NAME));
                copyEndedAt.add(clock.incrementAndGet());
            }
        } finally {
            stop.set(true);
            try {
                for (Future<?> writer : writers) {
                    writer.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
                store.close();
            }
        }

        int torn = 0;
        for (int i = 0; i < images; i++) {
            try (LogCapture log = LogCapture.of(FileCheckpointStore.class);
                 FileCheckpointStore image = FileCheckpointStore.open(dir.resolve("image" + i))) {
                long ended = copyEndedAt.get(i);
                assertHoldsEveryAcknowledgedWrite(image, acknowledgedBefore.get(i),
                        ack -> deleteIssuedAt.getOrDefault(ack.getKey(), Long.MAX_VALUE) < ended);
                torn += log.events().size();
            }
        }
        System.out.printf("crash images: %d copies, %d with a torn tail; %d writes to %d runs acknowledged%n",
                images, torn, writes.get(), acknowledged.size());
    }

    /** A child JVM writing with ALWAYS is killed with SIGKILL three times; every write it acknowledged survives. */
    @Test
    void aKilledWriterLosesNoAcknowledgedWrite() throws Exception {
        killThreeTimes(KilledWriter.class, "killed writer");
    }

    /** The same with putAsync: a write printed once its future completed survives. */
    @Test
    void aKilledAsyncWriterLosesNoAcknowledgedWrite() throws Exception {
        killThreeTimes(KilledAsyncWriter.class, "killed async writer");
    }

    private void killThreeTimes(Class<?> writer, String label) throws Exception {
        Map<String, Long> acknowledged = new HashMap<>();
        Random random = new Random(5);
        int torn = 0;
        int writes = 0;
        for (int round = 0; round < 3; round++) {
            Process child = ChildJvm.start(writer, dir.toString(), "k" + round + "-");
            int killAfter = 100 + random.nextInt(400);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                int seen = 0;
                for (String line; seen < killAfter && (line = out.readLine()) != null; ) {
                    seen += acknowledge(line, acknowledged);
                }
                writes += seen;
                assertThat(seen).as("the child acknowledged writes before it was killed").isEqualTo(killAfter);
                child.toHandle().destroyForcibly(); // SIGKILL; Process.destroyForcibly would also close its output
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                for (String line; (line = out.readLine()) != null; ) {
                    writes += acknowledge(line, acknowledged); // printed before the kill
                }
            }
            try (LogCapture log = LogCapture.of(FileCheckpointStore.class);
                 FileCheckpointStore store = FileCheckpointStore.open(dir)) {
                // the child is dead: after a run's last put was acknowledged, only its delete can have followed
                assertHoldsEveryAcknowledgedWrite(store, acknowledged, ack -> ack.getValue() == STEPS);
                torn += log.events().size();
            }
        }
        System.out.printf("%s: 3 kills, %d torn tails cut off; %d writes to %d runs acknowledged%n", label, torn,
                writes, acknowledged.size());
    }

    /** Reads one "P key version ." or "D key ." line; the final dot shows the line is whole. */
    private static int acknowledge(String line, Map<String, Long> acknowledged) {
        String[] fields = line.split(" ");
        if (fields.length == 4 && fields[0].equals("P") && fields[3].equals(".")) {
            acknowledged.put(fields[1], Long.parseLong(fields[2]));
            return 1;
        }
        if (fields.length == 3 && fields[0].equals("D") && fields[2].equals(".")) {
            acknowledged.put(fields[1], DELETED);
            return 1;
        }
        return 0;
    }

    /** Writes runs from four threads with fsync ALWAYS, printing each write once it returned, until killed. */
    static final class KilledWriter {
        public static void main(String[] args) throws InterruptedException {
            FileCheckpointStore store = FileCheckpointStore.open(Path.of(args[0]));
            AtomicBoolean stop = new AtomicBoolean();
            for (int t = 0; t < 4; t++) {
                String prefix = args[1] + "t" + t + "-r";
                new Thread(() -> writeRuns(store, prefix, stop, (key, version) -> System.out.println(
                        version == DELETED ? "D " + key + " ." : "P " + key + " " + version + " ."))).start();
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(60)); // a safety net: the test kills it long before
            stop.set(true);
        }
    }

    /** {@link KilledWriter} with putAsync: prints each write from its future, once the future completed. */
    static final class KilledAsyncWriter {
        public static void main(String[] args) throws InterruptedException {
            FileCheckpointStore store = FileCheckpointStore.open(Path.of(args[0]));
            AtomicBoolean stop = new AtomicBoolean();
            for (int t = 0; t < 4; t++) {
                String prefix = args[1] + "t" + t + "-r";
                new Thread(() -> writeRunsAsync(store, prefix, stop, (key, version) -> System.out.println(
                        version == DELETED ? "D " + key + " ." : "P " + key + " " + version + " ."))).start();
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(60)); // a safety net: the test kills it long before
            stop.set(true);
        }
    }
}
