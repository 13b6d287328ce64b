package dev.blazen.camel.workflow.checkpoint.file;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.file.CheckpointFileException.Kind;
import dev.blazen.memory.file.FsyncPolicy;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ABSENT;
import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ANY_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is particular to the journal: its format, torn tails, damage, compaction, the lock and the fsync policies. */
class FileCheckpointJournalTest {

    @TempDir
    Path dir;
    private final List<FileCheckpointStore> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(FileCheckpointStore::close);
    }

    private Path journal() {
        return dir.resolve(FileCheckpointStore.DEFAULT_FILE_NAME);
    }

    private FileCheckpointStore open() {
        return track(FileCheckpointStore.open(dir));
    }

    private FileCheckpointStore track(FileCheckpointStore store) {
        opened.add(store);
        return store;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Checkpoint checkpoint) {
        return new String(checkpoint.data(), StandardCharsets.UTF_8);
    }

    /** Where each record starts, walking the lengths as the format documents them. */
    private List<Long> recordOffsets() throws IOException {
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(journal()));
        List<Long> offsets = new ArrayList<>();
        for (int at = 12; at < file.limit(); at += 12 + file.getInt(at + 4)) {
            offsets.add((long) at);
        }
        return offsets;
    }

    private void write(byte[] bytes, StandardOpenOption... options) throws IOException {
        Files.write(journal(), bytes, options);
    }

    // ---- format ----------------------------------------------------------------------------------------------------

    @Test
    void theFileIsTheDocumentedHeaderAndRecords() throws IOException {
        FileCheckpointStore store = open();
        store.put("run:ü", bytes("state"), ABSENT);
        store.put("run:ü", bytes("state 2"), 1);
        store.delete("run:ü", 2);
        store.close();

        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(journal()));
        byte[] magic = new byte[8];
        file.get(magic);
        assertThat(magic).containsExactly(0x89, 'B', 'L', 'Z', 'C', 'K', 'P', 'T');
        assertThat(file.getInt()).as("format version").isOne();
        byte[] key = bytes("run:ü");
        Object[][] expected = {{1, 1L, "state"}, {1, 2L, "state 2"}, {2, 2L, ""}};
        for (Object[] record : expected) {
            assertThat(file.getInt()).as("marker").isEqualTo(0xB1C4EC7A);
            int length = file.getInt();
            int crc = file.getInt();
            byte[] body = new byte[length];
            file.get(body);
            CRC32 check = new CRC32();
            check.update(ByteBuffer.allocate(4).putInt(0, length));
            check.update(body);
            assertThat(crc).isEqualTo((int) check.getValue());
            ByteBuffer b = ByteBuffer.wrap(body);
            assertThat(b.get()).as("type").isEqualTo(((Integer) record[0]).byteValue());
            assertThat(b.getLong()).as("version").isEqualTo(record[1]);
            assertThat(b.getShort()).isEqualTo((short) key.length);
            byte[] k = new byte[key.length];
            b.get(k);
            assertThat(k).isEqualTo(key);
            byte[] data = new byte[b.remaining()];
            b.get(data);
            assertThat(new String(data, StandardCharsets.UTF_8)).isEqualTo(record[2]);
        }
        assertThat(file.hasRemaining()).isFalse();
    }

    @Test
    void toStringNamesThePathAndNoData() {
        FileCheckpointStore store = open();
        store.put("secret", bytes("password=hunter2"), ABSENT);
        assertThat(store.toString()).contains(journal().toString()).contains("ALWAYS").doesNotContain("hunter2");
    }

    @Test
    void keysThatUtf8CannotHoldAreRejectedByName() {
        FileCheckpointStore store = open();
        assertThatThrownBy(() -> store.put("run:\uD800x", bytes("x"), ABSENT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> store.put("k", null, ABSENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'k'");
    }

    // ---- torn tails ------------------------------------------------------------------------------------------------

    @Test
    void aLastRecordCutShortIsCutOffWithOneWarnAndEarlierRecordsKept() throws IOException {
        FileCheckpointStore first = open();
        first.put("a", bytes("alpha"), ABSENT);
        first.put("b", bytes("beta"), ABSENT);
        first.put("a", bytes("alpha 2"), 1);
        first.put("c", new byte[10_000], ABSENT);
        first.close();
        long lastRecord = recordOffsets().get(3);
        byte[] whole = Files.readAllBytes(journal());

        for (long cut : new long[] {lastRecord + 5, lastRecord + 20, whole.length - 1}) {
            write(Arrays.copyOf(whole, (int) cut));
            FileCheckpointStore reopened;
            try (LogCapture log = LogCapture.of(FileCheckpointStore.class)) {
                reopened = FileCheckpointStore.open(dir);
                assertThat(log.events()).singleElement().satisfies(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.WARN);
                    assertThat(event.getMessage().getFormattedMessage()).contains(journal().toString())
                            .contains("byte offset " + lastRecord).contains("torn");
                });
            }
            assertThat(text(reopened.get("a").orElseThrow())).isEqualTo("alpha 2");
            assertThat(reopened.get("a").orElseThrow().version()).isEqualTo(2);
            assertThat(text(reopened.get("b").orElseThrow())).isEqualTo("beta");
            assertThat(reopened.get("c")).isEmpty();
            assertThat(Files.size(journal())).as("cut off").isEqualTo(lastRecord);
            reopened.put("d", bytes("delta"), ABSENT);
            reopened.close();
            try (LogCapture log = LogCapture.of(FileCheckpointStore.class)) {
                FileCheckpointStore again = FileCheckpointStore.open(dir);
                assertThat(log.events()).as("clean after the next append").isEmpty();
                assertThat(again.keys("")).containsExactlyInAnyOrder("a", "b", "d");
                again.close();
            }
        }
    }

    @Test
    void garbageOrZerosAfterTheLastRecordAreCutOff() throws IOException {
        FileCheckpointStore first = open();
        first.put("a", bytes("alpha"), ABSENT);
        first.close();
        long valid = Files.size(journal());
        byte[] garbage = new byte[5000];
        new Random(3).nextBytes(garbage);
        write(garbage, StandardOpenOption.APPEND);

        FileCheckpointStore second = open();
        assertThat(text(second.get("a").orElseThrow())).isEqualTo("alpha");
        assertThat(Files.size(journal())).isEqualTo(valid);
        second.close();

        write(new byte[4096], StandardOpenOption.APPEND); // a size that grew without its data landing
        assertThat(open().keys("")).containsExactly("a");
        assertThat(Files.size(journal())).isEqualTo(valid);
    }

    @Test
    void aHeaderCutShortIsAnEmptyJournal() throws IOException {
        write(Arrays.copyOf(JournalFormat.fileHeader(), 5));
        FileCheckpointStore store = open();
        assertThat(store.keys("")).isEmpty();
        store.put("a", bytes("alpha"), ABSENT);
        store.close();
        assertThat(open().get("a")).isPresent();
    }

    // ---- damage ----------------------------------------------------------------------------------------------------

    @Test
    void aDamagedRecordWithRecordsAfterItFailsTheOpenNamingItsOffset() throws IOException {
        FileCheckpointStore first = open();
        first.put("a", bytes("alpha"), ABSENT);
        first.put("b", bytes("beta beta beta"), ABSENT);
        first.put("c", bytes("gamma"), ABSENT);
        first.close();
        long middle = recordOffsets().get(1);
        byte[] damaged = Files.readAllBytes(journal());
        damaged[(int) middle + 30] ^= 0x01; // one bit of b's data
        write(damaged);

        assertThatThrownBy(this::open).isInstanceOfSatisfying(CheckpointFileException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(e.offset()).hasValue(middle);
            assertThat(e.file()).isEqualTo(journal());
        }).hasMessageContaining("byte offset " + middle).hasMessageContaining("CRC32")
                .hasMessageContaining("truncate -s " + middle);
        assertThat(Files.readAllBytes(journal())).as("left as it is").isEqualTo(damaged);
        assertThatThrownBy(this::open).as("the failed open released its lock")
                .isInstanceOfSatisfying(CheckpointFileException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPT));
    }

    @Test
    void aDamagedLengthInTheMiddleIsCaughtToo() throws IOException {
        FileCheckpointStore first = open();
        for (int i = 0; i < 5; i++) {
            first.put("k" + i, bytes("value " + i), ABSENT);
        }
        first.close();
        long second = recordOffsets().get(1);
        byte[] damaged = Files.readAllBytes(journal());
        ByteBuffer.wrap(damaged).putInt((int) second + 4, 1 << 30); // runs past the end, as a torn tail would
        write(damaged);

        assertThatThrownBy(this::open).isInstanceOfSatisfying(CheckpointFileException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(e.offset()).hasValue(second);
        });
    }

    @Test
    void aWholeRecordWithInvalidContentIsCorruptEvenAtTheEnd() throws IOException {
        FileCheckpointStore first = open();
        first.put("a", bytes("alpha"), ABSENT);
        first.close();
        long size = Files.size(journal());
        byte[] record = JournalFormat.put(bytes("b"), 1, bytes("x"));
        record[12] = 9; // an unknown type, with the checksum made to match
        ByteBuffer.wrap(record).putInt(8, JournalFormat.checksum(record.length - 12, record, 12));
        write(record, StandardOpenOption.APPEND);

        assertThatThrownBy(this::open).isInstanceOfSatisfying(CheckpointFileException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(e.offset()).hasValue(size);
        }).hasMessageContaining("unknown record type 9");
        assertThat(Files.size(journal())).as("not cut off").isEqualTo(size + record.length);
    }

    @Test
    void aNewerFormatVersionIsATypedError() throws IOException {
        FileCheckpointStore first = open();
        first.put("a", bytes("alpha"), ABSENT);
        first.close();
        byte[] file = Files.readAllBytes(journal());
        ByteBuffer.wrap(file).putInt(8, 2);
        write(file);

        assertThatThrownBy(this::open).isInstanceOfSatisfying(CheckpointFileException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NEWER_FORMAT);
            assertThat(e.offset()).isEmpty();
        }).hasMessageContaining("format version 2").hasMessageContaining("reads up to 1");
        assertThat(Files.readAllBytes(journal())).isEqualTo(file);
    }

    @Test
    void aFileThatIsNotAJournalIsLeftAlone() throws IOException {
        Files.writeString(journal(), "{\"some\": \"json\"}\n");
        assertThatThrownBy(this::open).isInstanceOfSatisfying(CheckpointFileException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CORRUPT)).hasMessageContaining("not a Blazen checkpoint journal");
        assertThat(Files.readString(journal())).isEqualTo("{\"some\": \"json\"}\n");
    }

    // ---- compaction ------------------------------------------------------------------------------------------------

    @Test
    void compactionRunsOnlyPastTheThresholdShrinksTheFileAndKeepsTheContent() throws IOException {
        FileCheckpointStore store = track(FileCheckpointStore.inDirectory(dir).compactWhen(20, 0.5).open());
        for (int i = 0; i < 5; i++) {
            store.put("run:" + i, bytes("v1 of " + i), ABSENT);
        }
        long size = Files.size(journal());
        int updates = 0;
        // 5 live records; the 21st update makes 21 dead records, more than 20 and more than half of 26
        for (; updates < 20; updates++) {
            store.put("run:" + (updates % 5), bytes("update " + updates), ANY_VERSION);
            assertThat(Files.size(journal())).as("no compaction before the threshold").isGreaterThan(size);
            size = Files.size(journal());
        }
        store.put("run:0", bytes("update 20"), ANY_VERSION);
        assertThat(Files.size(journal())).as("compacted").isLessThan(size);
        assertThat(recordOffsets()).hasSize(5);
        assertThat(dir.resolve(FileCheckpointStore.DEFAULT_FILE_NAME + ".compacting")).doesNotExist();

        store.delete("run:1", ANY_VERSION);
        store.put("run:5", bytes("new"), ABSENT);
        Map<String, Checkpoint> before = snapshot(store);
        store.close();
        assertThat(snapshot(open())).isEqualTo(before);
        assertThat(before.get("run:0").version()).isEqualTo(6);
    }

    @Test
    void compactOnDemandKeepsOnlyLiveRecords() throws IOException {
        FileCheckpointStore store = open();
        store.put("a", bytes("1"), ABSENT);
        store.put("a", bytes("2"), 1);
        store.put("b", bytes("x"), ABSENT);
        store.delete("b", 1);
        store.compact();
        assertThat(recordOffsets()).hasSize(1);
        store.put("c", bytes("c"), ABSENT);
        assertThat(recordOffsets()).as("appends continue after it").hasSize(2);
        store.close();
        FileCheckpointStore reopened = open();
        assertThat(reopened.get("a").orElseThrow().version()).isEqualTo(2);
        assertThat(reopened.keys("")).containsExactlyInAnyOrder("a", "c");
    }

    private static Map<String, Checkpoint> snapshot(FileCheckpointStore store) {
        Map<String, Checkpoint> all = new HashMap<>();
        for (String key : store.keys("")) {
            all.put(key, store.get(key).orElseThrow());
        }
        return all;
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void concurrentWritersAcrossCompactionsLoseNothing(FsyncPolicy policy) throws Exception {
        FileCheckpointStore store = track(FileCheckpointStore.inDirectory(dir).fsync(policy)
                .fsyncInterval(Duration.ofMillis(5)).compactWhen(10, 0.3).open());
        int threads = 4;
        List<Map<String, Checkpoint>> expected = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Map<String, Checkpoint>>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> runs(store, "t" + thread + ":", new Random(thread))));
            }
            for (Future<Map<String, Checkpoint>> w : writers) {
                expected.add(w.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Checkpoint> all = new HashMap<>();
        expected.forEach(all::putAll);
        assertThat(snapshot(store)).isEqualTo(all);
        store.close();
        assertThat(snapshot(open())).isEqualTo(all);
    }

    /** Workflow-like runs: a record written step by step with compare-and-set, deleted when the run ends. */
    private static Map<String, Checkpoint> runs(FileCheckpointStore store, String prefix, Random random) {
        Map<String, Checkpoint> live = new HashMap<>();
        for (int run = 0; run < 40; run++) {
            String key = prefix + run;
            long version = ABSENT;
            int steps = 1 + random.nextInt(8);
            for (int step = 0; step < steps; step++) {
                byte[] data = bytes(key + " step " + step + " " + "x".repeat(random.nextInt(300)));
                version = store.put(key, data, version);
                live.put(key, new Checkpoint(key, version, data));
            }
            if (random.nextInt(4) != 0) {
                assertThat(store.delete(key, version)).isTrue();
                live.remove(key);
            }
        }
        return live;
    }

    // ---- fsync policies --------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void everyPolicyRoundTrips(FsyncPolicy policy) {
        FileCheckpointStore store = track(FileCheckpointStore.inDirectory(dir).fsync(policy)
                .fsyncInterval(Duration.ofMillis(10)).open());
        assertThat(store.fsyncPolicy()).isEqualTo(policy);
        store.put("kept", bytes("v1"), ABSENT);
        store.put("kept", bytes("v2"), 1);
        store.put("gone", bytes("x"), ABSENT);
        store.delete("gone", 1);
        assertThat(text(store.get("kept").orElseThrow())).isEqualTo("v2");
        store.close();

        FileCheckpointStore reopened = open();
        assertThat(reopened.get("kept").orElseThrow().version()).isEqualTo(2);
        assertThat(reopened.keys("")).containsExactly("kept");
    }

    @Test
    void alwaysFsyncsEveryWriteAndNeverOnlyAtClose() {
        FileCheckpointStore always = track(FileCheckpointStore.inDirectory(dir.resolve("always")).open());
        long atOpen = always.fsyncs();
        always.put("a", bytes("1"), ABSENT);
        always.delete("a", 1);
        assertThat(always.fsyncs() - atOpen).isEqualTo(2);

        FileCheckpointStore never = track(FileCheckpointStore.inDirectory(dir.resolve("never"))
                .fsync(FsyncPolicy.NEVER).open());
        atOpen = never.fsyncs();
        never.put("a", bytes("1"), ABSENT);
        never.delete("a", 1);
        assertThat(never.fsyncs()).isEqualTo(atOpen);
    }

    // ---- lock and close --------------------------------------------------------------------------------------------

    @Test
    void aSecondStoreOnTheJournalFailsUntilTheFirstIsClosed() throws Exception {
        FileCheckpointStore first = open();
        first.put("a", bytes("alpha"), ABSENT);

        assertThatThrownBy(() -> FileCheckpointStore.open(dir)).isInstanceOfSatisfying(CheckpointFileException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.LOCKED)).hasMessageContaining(journal().toString())
                .hasMessageContaining("another store has it open");
        assertThatThrownBy(() -> FileCheckpointStore.atFile(dir.resolve(".").resolve("checkpoints.journal")).open())
                .as("by another path").isInstanceOf(CheckpointFileException.class);
        assertThat(ChildJvm.run(LockProbe.class, dir.toString())).as("another process").endsWith("LOCKED");

        first.close();
        assertThat(ChildJvm.run(LockProbe.class, dir.toString())).endsWith("OPENED");
        assertThat(open().get("a")).isPresent();
    }

    /** Opens the store in the directory given as its argument and prints the outcome as its last line. */
    static final class LockProbe {
        public static void main(String[] args) {
            try (FileCheckpointStore store = FileCheckpointStore.open(Path.of(args[0]))) {
                System.out.println("OPENED");
            } catch (CheckpointFileException e) {
                System.out.println(e.kind());
            }
        }
    }

    @Test
    void aClosedStoreRefusesCallsWithATypedError() {
        FileCheckpointStore store = open();
        store.close();
        assertThatThrownBy(() -> store.put("a", bytes("x"), ABSENT)).isInstanceOfSatisfying(
                CheckpointFileException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CLOSED));
        assertThatThrownBy(() -> store.get("a")).isInstanceOf(CheckpointFileException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.keys("")).isInstanceOf(CheckpointFileException.class);
    }

    @Test
    void opensAJournalAtAFileInDirectoriesThatDoNotExistYet() {
        Path file = dir.resolve("a/b/runs.journal");
        FileCheckpointStore store = track(FileCheckpointStore.atFile(file).open());
        store.put("a", bytes("alpha"), ABSENT);
        assertThat(store.file()).isEqualTo(file);
        assertThat(file).exists();
        assertThatThrownBy(() -> FileCheckpointStore.atFile(dir).open()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a directory");
        assertThatThrownBy(() -> FileCheckpointStore.inDirectory(dir).compactWhen(-1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minDeadRecords");
        assertThatThrownBy(() -> FileCheckpointStore.inDirectory(dir).fsyncInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    }
}
