package dev.blazen.memory.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.WordEmbedder;
import dev.blazen.memory.backend.StoredEntry;
import dev.blazen.memory.file.FsyncPolicy;
import dev.blazen.memory.hash.TextSimHash;
import dev.blazen.memory.hash.VectorSimHash;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is particular to the file: its lines, appends, compaction, torn-line recovery, corruption and the lock. */
class JsonlFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final List<JsonlBackend> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(JsonlBackend::close);
    }

    private Path file() {
        return dir.resolve("memory.jsonl");
    }

    private JsonlBackend open() {
        return track(JsonlBackend.open(file()));
    }

    private JsonlBackend track(JsonlBackend backend) {
        opened.add(backend);
        return backend;
    }

    static StoredEntry entry(String id, String text) {
        float[] v = WordEmbedder.vector(text);
        return new StoredEntry(id, text, Map.of("id", id), v, TextSimHash.of(text), VectorSimHash.of(v));
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(file(), StandardCharsets.UTF_8);
    }

    /** Every line parses as a JSON object and the file ends with a newline. */
    private void assertFullyParseable() throws IOException {
        byte[] bytes = Files.readAllBytes(file());
        assertThat(bytes.length == 0 || bytes[bytes.length - 1] == '\n').as("ends with a newline").isTrue();
        for (String line : lines()) {
            assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
        }
    }

    private void appendRaw(byte[] bytes) throws IOException {
        Files.write(file(), bytes, StandardOpenOption.APPEND);
    }

    // ---- line format and appends -----------------------------------------------------------------------------------

    @Test
    void aLineHoldsTheEntryWithItsVectorAsBase64LittleEndianFloat32() throws IOException {
        StoredEntry paris = entry("paris", "Paris is the capital of France");
        open().put(List.of(paris));

        JsonNode line = JSON.readTree(lines().get(0));
        assertThat(line.get("op").asText()).isEqualTo("put");
        assertThat(line.get("id").asText()).isEqualTo("paris");
        assertThat(line.get("text").asText()).isEqualTo(paris.text());
        assertThat(line.get("metadata").get("id").asText()).isEqualTo("paris");
        assertThat(line.get("textSimHash").asLong()).isEqualTo(paris.textSimHash());
        assertThat(line.get("vectorSimHash").get(0).asLong()).isEqualTo(paris.vectorSimHash()[0]);
        assertThat(line.get("vectorSimHash").get(1).asLong()).isEqualTo(paris.vectorSimHash()[1]);
        byte[] raw = Base64.getDecoder().decode(line.get("vector").asText());
        float[] vector = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        assertThat(vector).containsExactly(paris.vector());
    }

    @Test
    void aPutAppendsOneLineAndADeleteOneTombstoneWithoutRewritingTheFile() throws IOException {
        JsonlBackend backend = open();
        backend.put(List.of(entry("a", "alpha"), entry("b", "beta"), entry("c", "gamma")));
        byte[] before = Files.readAllBytes(file());
        assertThat(lines()).hasSize(3);

        backend.put(List.of(entry("d", "delta")));
        byte[] after = Files.readAllBytes(file());
        assertThat(Arrays.copyOf(after, before.length)).as("earlier bytes untouched").isEqualTo(before);
        assertThat(lines()).hasSize(4);

        backend.put(List.of(entry("a", "alpha again")));
        assertThat(backend.delete("b")).isTrue();
        assertThat(backend.delete("b")).as("no tombstone for a missing id").isFalse();
        assertThat(Arrays.copyOf(Files.readAllBytes(file()), after.length)).isEqualTo(after);
        assertThat(lines()).hasSize(6);
        assertThat(JSON.readTree(lines().get(5)).get("op").asText()).isEqualTo("delete");
    }

    @Test
    void metadataReadsTheSameBeforeAndAfterARestart() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("long", 5L);
        metadata.put("big", new BigInteger("123456789012345678901234567890"));
        metadata.put("float", 0.1f);
        metadata.put("precise", new BigDecimal("0.12345678901234567890123"));
        metadata.put("scaled", new BigDecimal("1.50"));
        metadata.put("nested", Map.of("list", List.of(1, "two", true)));
        metadata.put("none", null);
        StoredEntry e = new StoredEntry("m", "text", metadata, null, TextSimHash.of("text"), null);
        JsonlBackend backend = open();
        backend.put(List.of(e));
        Map<String, Object> beforeRestart = backend.get("m").orElseThrow().metadata();
        backend.close();

        Map<String, Object> afterRestart = open().get("m").orElseThrow().metadata();

        assertThat(afterRestart).isEqualTo(beforeRestart);
        assertThat(afterRestart.get("long")).isEqualTo(5);
        assertThat(afterRestart.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(afterRestart.get("float")).isEqualTo(0.1);
        assertThat(afterRestart.get("precise")).isEqualTo(new BigDecimal("0.12345678901234567890123"));
        assertThat(afterRestart.get("scaled")).isEqualTo(1.5);
        assertThat(afterRestart).containsEntry("none", null)
                .containsEntry("nested", Map.of("list", List.of(1, "two", true)));
    }

    @Test
    void metadataThatIsNotJsonIsATypedErrorAndNothingOfTheBatchIsWritten() throws IOException {
        JsonlBackend backend = open();
        backend.put(List.of(entry("kept", "kept")));
        long size = Files.size(file());
        StoredEntry withObject =
                new StoredEntry("x", "x", Map.of("source", Map.of("when", new Object())), null, 0, null);
        StoredEntry withNaN = new StoredEntry("y", "y", Map.of("score", Double.NaN), null, 0, null);
        StoredEntry withIntKey = new StoredEntry("z", "z", Map.of("m", Map.of(1, "one")), null, 0, null);

        assertThatThrownBy(() -> backend.put(List.of(entry("ok", "ok"), withObject)))
                .isInstanceOf(ValidationError.class).hasMessageContaining("entries[1].metadata.source.when")
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> backend.put(List.of(withNaN))).isInstanceOf(ValidationError.class)
                .hasMessageContaining("entries[0].metadata.score").hasMessageContaining("NaN");
        assertThatThrownBy(() -> backend.put(List.of(withIntKey))).isInstanceOf(ValidationError.class)
                .hasMessageContaining("entries[0].metadata.m").hasMessageContaining("keys must be strings");
        Map<String, Object> loop = new HashMap<>();
        loop.put("self", loop);
        assertThatThrownBy(() -> backend.put(List.of(new StoredEntry("l", "l", loop, null, 0, null))))
                .isInstanceOf(ValidationError.class).hasMessageContaining("nested deeper than");

        assertThat(Files.size(file())).isEqualTo(size);
        assertThat(backend.count()).isEqualTo(1);
        assertThat(backend.get("ok")).isEmpty();
    }

    // ---- torn last line --------------------------------------------------------------------------------------------

    @Test
    void aTornLastLineIsSkippedReportedAndTruncatedAndTheNextPutLeavesAValidFile() throws IOException {
        JsonlBackend first = open();
        first.put(List.of(entry("a", "alpha"), entry("b", "beta")));
        first.delete("a");
        first.put(List.of(entry("c", "gamma")));
        first.close();
        long validSize = Files.size(file());
        byte[] torn = "{\"op\":\"put\",\"id\":\"d\",\"text\":\"del".getBytes(StandardCharsets.UTF_8);
        appendRaw(torn);

        JsonlBackend reopened = open();

        assertThat(reopened.count()).isEqualTo(2);
        assertThat(reopened.get("b").orElseThrow().text()).isEqualTo("beta");
        assertThat(reopened.get("c").orElseThrow().vector()).containsExactly(entry("c", "gamma").vector());
        assertThat(reopened.get("a")).isEmpty();
        assertThat(reopened.get("d")).isEmpty();
        RecoveryReport report = reopened.recoveryReport();
        assertThat(report.clean()).isFalse();
        assertThat(report.file()).isEqualTo(file().toAbsolutePath());
        assertThat(report.linesReplayed()).isEqualTo(4);
        assertThat(report.skipped()).singleElement().satisfies(s -> {
            assertThat(s.line()).isEqualTo(5);
            assertThat(s.byteOffset()).isEqualTo(validSize);
            assertThat(s.byteLength()).isEqualTo(torn.length);
            assertThat(s.reason()).isNotBlank();
        });
        assertThat(Files.size(file())).as("torn bytes truncated away").isEqualTo(validSize);

        reopened.put(List.of(entry("e", "epsilon")));
        assertFullyParseable();
        reopened.close();
        JsonlBackend again = open();
        assertThat(again.recoveryReport().clean()).isTrue();
        assertThat(again.get("e")).isPresent();
        assertThat(again.count()).isEqualTo(3);
    }

    @Test
    void theSkippedLineIsLoggedAtWarnWithFileLineAndOffset() throws IOException {
        JsonlBackend first = open();
        first.put(List.of(entry("a", "alpha")));
        first.close();
        long offset = Files.size(file());
        appendRaw("{\"op\":\"del".getBytes(StandardCharsets.UTF_8));
        org.apache.logging.log4j.core.Logger logger =
                (org.apache.logging.log4j.core.Logger) LogManager.getLogger(JsonlBackend.class);
        Capture capture = new Capture();
        capture.start();
        logger.addAppender(capture);
        try {
            open();
        } finally {
            logger.removeAppender(capture);
        }
        assertThat(capture.events).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getMessage().getFormattedMessage()).contains(file().toAbsolutePath().toString())
                    .contains("line 2").contains("byte offset " + offset).contains("torn");
        });
    }

    /** Collects the events of one logger. */
    static final class Capture extends AbstractAppender {
        final List<LogEvent> events = Collections.synchronizedList(new ArrayList<>());

        Capture() {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            events.add(event.toImmutable());
        }
    }

    @Test
    void aBatchCutShortKeepsItsWholeLines() throws IOException {
        JsonlBackend first = open();
        first.put(List.of(entry("a", "alpha"), entry("b", "beta"), entry("c", "gamma")));
        first.close();
        byte[] bytes = Files.readAllBytes(file());
        // as if the crash came part way through the third line of the one write
        Files.write(file(), Arrays.copyOf(bytes, bytes.length - 20));

        JsonlBackend reopened = open();

        assertThat(reopened.count()).isEqualTo(2);
        assertThat(reopened.get("c")).isEmpty();
        assertThat(reopened.recoveryReport().skipped()).singleElement().extracting(RecoveryReport.SkippedLine::line)
                .isEqualTo(3L);
    }

    @Test
    void anUnparseableLastLineWithANewlineOrAZeroFilledTailIsAlsoTorn() throws IOException {
        JsonlBackend first = open();
        first.put(List.of(entry("a", "alpha")));
        first.close();
        appendRaw("{\"op\":\"put\",\"id\":\n".getBytes(StandardCharsets.UTF_8));

        JsonlBackend second = open();
        assertThat(second.recoveryReport().skipped()).singleElement().extracting(RecoveryReport.SkippedLine::line)
                .isEqualTo(2L);
        assertThat(second.count()).isEqualTo(1);
        second.close();

        appendRaw(new byte[64]); // what a file system can leave after a crash: the size grew, the data did not land
        JsonlBackend third = open();
        assertThat(third.recoveryReport().skipped()).singleElement().extracting(RecoveryReport.SkippedLine::byteLength)
                .isEqualTo(64L);
        assertThat(third.get("a")).isPresent();
        assertFullyParseable();
    }

    @Test
    void aCompleteLastLineWithoutItsNewlineIsKept() throws IOException {
        JsonlBackend first = open();
        first.put(List.of(entry("a", "alpha"), entry("b", "beta")));
        first.close();
        byte[] bytes = Files.readAllBytes(file());
        Files.write(file(), Arrays.copyOf(bytes, bytes.length - 1));

        JsonlBackend reopened = open();

        assertThat(reopened.recoveryReport().clean()).isTrue();
        assertThat(reopened.get("b")).isPresent();
        assertThat(Files.readAllBytes(file())).isEqualTo(bytes);
    }

    // ---- corruption ------------------------------------------------------------------------------------------------

    @Test
    void anUnparseableMiddleLineFailsTheOpenNamingTheLineAndLeavesTheFileAlone() throws IOException {
        JsonlBackend first = open();
        first.put(List.of(entry("a", "alpha"), entry("b", "beta"), entry("c", "gamma")));
        first.close();
        List<String> lines = new ArrayList<>(lines());
        lines.set(1, lines.get(1).substring(0, 30));
        Files.write(file(), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] corrupt = Files.readAllBytes(file());

        assertThatThrownBy(this::open).isInstanceOfSatisfying(JsonlFileError.class, e -> {
            assertThat(e.kind()).isEqualTo(JsonlFileError.Kind.CORRUPT);
            assertThat(e.line()).hasValue(2);
            assertThat(e.file()).isEqualTo(file().toAbsolutePath());
        }).hasMessageContaining("memory.jsonl line 2").hasMessageContaining("not JSON");
        assertThat(Files.readAllBytes(file())).isEqualTo(corrupt);
        assertThatThrownBy(this::open).as("the failed open released its lock").isInstanceOfSatisfying(
                JsonlFileError.class, e -> assertThat(e.kind()).isEqualTo(JsonlFileError.Kind.CORRUPT));
    }

    @Test
    void jsonThatIsNotARecordIsCorruptEvenOnTheLastLine() throws IOException {
        JsonlBackend first = open();
        first.put(List.of(entry("a", "alpha")));
        first.close();
        appendRaw("{\"op\":\"frobnicate\",\"id\":\"x\"}\n".getBytes(StandardCharsets.UTF_8));
        long size = Files.size(file());

        assertThatThrownBy(this::open).isInstanceOfSatisfying(JsonlFileError.class,
                        e -> assertThat(e.kind()).isEqualTo(JsonlFileError.Kind.CORRUPT))
                .hasMessageContaining("line 2").hasMessageContaining("unknown op \"frobnicate\"");
        assertThat(Files.size(file())).as("a record this version cannot read is not truncated").isEqualTo(size);
    }

    @Test
    void aBadFieldIsCorruptNamingTheField() throws IOException {
        Files.writeString(file(), "{\"op\":\"put\",\"id\":\"a\",\"text\":\"t\",\"textSimHash\":1,\"vector\":\"AAA\","
                + "\"vectorSimHash\":[1,2]}\n{\"op\":\"delete\",\"id\":\"a\"}\n");

        assertThatThrownBy(this::open).isInstanceOf(JsonlFileError.class).hasMessageContaining("line 1")
                .hasMessageContaining("vector");
    }

    // ---- compaction ------------------------------------------------------------------------------------------------

    @Test
    void updatesAndDeletesTriggerCompactionAndTheContentSurvivesIt() throws IOException {
        JsonlBackend backend = track(JsonlBackend.builder(file()).compactWhen(10, 0.5).open());
        for (int i = 0; i < 5; i++) {
            backend.put(List.of(entry("e" + i, "entry " + i)));
        }
        // 5 live lines; the 11th update makes 11 dead lines, more than 10 and more than half of 16
        for (int u = 0; u < 10; u++) {
            backend.put(List.of(entry("e" + (u % 5), "update " + u)));
        }
        assertThat(lines()).hasSize(15);
        long uncompacted = Files.size(file());
        backend.put(List.of(entry("e0", "update 10")));
        assertThat(lines()).as("compacted to the live entries").hasSize(5);
        assertThat(Files.size(file())).isLessThan(uncompacted);
        assertThat(dir.resolve("memory.jsonl.compacting")).doesNotExist();

        Map<String, StoredEntry> expected = new HashMap<>();
        backend.forEach(e -> expected.put(e.id(), e));
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            String id = "e" + random.nextInt(20);
            if (random.nextInt(4) == 0) {
                backend.delete(id);
                expected.remove(id);
            } else {
                StoredEntry e = entry(id, "text " + i);
                backend.put(List.of(e));
                expected.put(id, backend.get(id).orElseThrow());
            }
        }
        assertThat(lines().size()).as("compacted along the way").isLessThan(300);
        assertFullyParseable();
        backend.close();

        JsonlBackend reopened = open();
        Map<String, StoredEntry> actual = new HashMap<>();
        reopened.forEach(e -> actual.put(e.id(), e));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void compactRewritesOnlyTheLiveEntries() throws IOException {
        JsonlBackend backend = open();
        backend.put(List.of(entry("a", "alpha"), entry("b", "beta"), entry("c", "gamma")));
        backend.put(List.of(entry("a", "alpha 2")));
        backend.delete("b");
        assertThat(lines()).hasSize(5);

        backend.compact();

        assertThat(lines()).hasSize(2);
        backend.put(List.of(entry("d", "delta")));
        assertThat(lines()).as("appending again after the compaction").hasSize(3);
        backend.close();
        JsonlBackend reopened = open();
        assertThat(reopened.count()).isEqualTo(3);
        assertThat(reopened.get("a").orElseThrow().text()).isEqualTo("alpha 2");
        assertThat(reopened.get("b")).isEmpty();
        assertThat(reopened.searchByBands(entry("d", "delta").bands(), 5)).extracting(StoredEntry::id).contains("d");
    }

    @Test
    void compactionThroughASymbolicLinkRewritesTheFileItPointsTo() throws IOException {
        Path target = Files.createDirectories(dir.resolve("data")).resolve("real.jsonl");
        Files.createFile(target);
        Path link = Files.createSymbolicLink(file(), target);
        JsonlBackend backend = open();
        backend.put(List.of(entry("a", "alpha")));
        backend.put(List.of(entry("a", "alpha 2")));

        backend.compact();

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllLines(target)).hasSize(1);
    }

    @Test
    void aLeftoverCompactionFileFromACrashIsIgnoredAndRemoved() throws IOException {
        JsonlBackend first = open();
        first.put(List.of(entry("a", "alpha")));
        first.close();
        Path leftover = dir.resolve("memory.jsonl.compacting");
        Files.writeString(leftover, "{\"op\":\"put\",\"id\":\"half");

        assertThat(open().count()).isEqualTo(1);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void concurrentWritersAcrossCompactionsLoseNothing() throws Exception {
        JsonlBackend backend = track(JsonlBackend.builder(file()).fsync(FsyncPolicy.NEVER).compactWhen(5, 0.3).open());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        backend.put(List.of(entry("t" + thread + "-" + (i % 10), "thread " + thread + " v" + i)));
                    }
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        backend.close();
        JsonlBackend reopened = open();
        assertThat(reopened.count()).isEqualTo(40);
        assertThat(reopened.get("t2-9").orElseThrow().text()).isEqualTo("thread 2 v99");
    }

    // ---- lock, options, close --------------------------------------------------------------------------------------

    @Test
    void aSecondBackendOnTheSameFileFailsUntilTheFirstIsClosed() {
        JsonlBackend first = open();
        first.put(List.of(entry("a", "alpha")));

        assertThatThrownBy(() -> JsonlBackend.open(file())).isInstanceOfSatisfying(JsonlFileError.class, e -> {
            assertThat(e.kind()).isEqualTo(JsonlFileError.Kind.LOCKED);
            assertThat(e.file()).isEqualTo(file().toAbsolutePath());
        }).hasMessageContaining("memory.jsonl").hasMessageContaining("another backend has it open");
        assertThatThrownBy(() -> JsonlBackend.open(dir.resolve(".").resolve("memory.jsonl")))
                .as("the same file by another path").isInstanceOf(JsonlFileError.class);

        first.close();
        assertThat(open().count()).isEqualTo(1);
    }

    @Test
    void anotherProcessCannotOpenTheFileWhileItIsOpen() throws Exception {
        JsonlBackend first = open();
        assertThatThrownBy(() -> JsonlBackend.open(dir.resolve(".").resolve("memory.jsonl")))
                .as("refused in this JVM, which must not release the lock").isInstanceOf(JsonlFileError.class);
        assertThat(runInAnotherJvm()).isEqualTo("LOCKED");
        first.close();
        assertThat(runInAnotherJvm()).isEqualTo("OPENED");
    }

    private String runInAnotherJvm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                OtherProcess.class.getName(), file().toString()).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the other JVM finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return output.substring(output.lastIndexOf('\n') + 1);
    }

    @Test
    void aWriteThatFailsPartWayIsRolledBackAndTheFileStaysValid() throws Exception {
        // a JVM whose file size limit (ulimit -f, in blocks of at least 512 bytes) stops a write part way through a
        // line, the way a full disk does; the JVM ignores SIGXFSZ, so the write fails with an IOException instead
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String command = "ulimit -f 64 && exec \"$0\" -XX:-UsePerfData -cp \"$1\" \"$2\" \"$3\"";
        Process process = new ProcessBuilder("/bin/sh", "-c", command, java.toString(),
                System.getProperty("java.class.path"), FullDisk.class.getName(), file().toString())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the other JVM finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String last = output.substring(output.lastIndexOf('\n') + 1);
        Assumptions.assumeFalse(last.startsWith("NO FAILURE"), "the file size limit did not apply");

        assertThat(last).as(output).matches("IO retryable=true count=(\\d+) sizeUnchanged=true");
        long written = Long.parseLong(last.replaceAll(".*count=(\\d+).*", "$1"));
        JsonlBackend reopened = open();
        assertThat(reopened.recoveryReport().clean()).isTrue();
        assertThat(reopened.count()).isEqualTo(written).isPositive();
        assertFullyParseable();
    }

    /** Puts entries into the file given as its argument until a write fails, and prints what the failure left. */
    static final class FullDisk {
        public static void main(String[] args) throws IOException {
            Path file = Path.of(args[0]);
            try (JsonlBackend backend = JsonlBackend.builder(file).fsync(FsyncPolicy.NEVER).open()) {
                for (int i = 0; i < 100_000; i++) {
                    long size = Files.size(file);
                    try {
                        backend.put(List.of(entry("e" + i, "entry number " + i + " with some words to fill the line")));
                    } catch (JsonlFileError e) {
                        System.out.println(e.kind() + " retryable=" + e.isRetryable() + " count=" + backend.count()
                                + " sizeUnchanged=" + (Files.size(file) == size));
                        return;
                    }
                }
                System.out.println("NO FAILURE");
            }
        }
    }

    /** Opens the file given as its argument in a JVM of its own and prints the outcome as its last line. */
    static final class OtherProcess {
        public static void main(String[] args) {
            try (JsonlBackend backend = JsonlBackend.open(Path.of(args[0]))) {
                System.out.println("OPENED");
            } catch (JsonlFileError e) {
                System.out.println(e.kind());
            }
        }
    }

    @Test
    void aClosedBackendRefusesCallsWithATypedError() {
        JsonlBackend backend = open();
        backend.close();
        backend.close(); // idempotent

        assertThatThrownBy(() -> backend.put(List.of(entry("a", "alpha")))).isInstanceOfSatisfying(
                JsonlFileError.class, e -> assertThat(e.kind()).isEqualTo(JsonlFileError.Kind.CLOSED));
        assertThatThrownBy(() -> backend.get("a")).isInstanceOf(JsonlFileError.class).hasMessageContaining("closed");
    }

    @Test
    void theNeverPolicyStillPersistsOnClose() {
        JsonlBackend backend = track(JsonlBackend.builder(file()).fsync(FsyncPolicy.NEVER).open());
        assertThat(backend.fsyncPolicy()).isEqualTo(FsyncPolicy.NEVER);
        backend.put(List.of(entry("a", "alpha")));
        backend.close();
        assertThat(open().get("a")).isPresent();
        assertThat(track(JsonlBackend.open(dir.resolve("other.jsonl"))).fsyncPolicy()).isEqualTo(FsyncPolicy.ALWAYS);
    }

    @Test
    void theIntervalPolicyFsyncsInTheBackgroundAndPersists() {
        JsonlBackend backend = track(JsonlBackend.builder(file()).fsync(FsyncPolicy.INTERVAL)
                .fsyncInterval(Duration.ofMillis(10)).open());
        assertThat(backend.fsyncPolicy()).isEqualTo(FsyncPolicy.INTERVAL);
        backend.put(List.of(entry("a", "alpha")));
        assertThat(backend.get("a")).isPresent();
        backend.close();
        assertThat(open().get("a")).isPresent();
    }

    @Test
    void badOptionsAreValidationErrors() {
        assertThatThrownBy(() -> JsonlBackend.builder(null)).isInstanceOf(ValidationError.class)
                .hasMessageContaining("file");
        assertThatThrownBy(() -> JsonlBackend.builder(file()).compactWhen(-1, 0.5))
                .isInstanceOf(ValidationError.class).hasMessageContaining("minDeadLines");
        assertThatThrownBy(() -> JsonlBackend.builder(file()).compactWhen(10, 1.0))
                .isInstanceOf(ValidationError.class).hasMessageContaining("deadFraction");
        assertThatThrownBy(() -> JsonlBackend.builder(file()).fsync(null))
                .isInstanceOf(ValidationError.class).hasMessageContaining("fsync");
        assertThatThrownBy(() -> JsonlBackend.builder(file()).fsyncInterval(Duration.ZERO))
                .isInstanceOf(ValidationError.class).hasMessageContaining("fsyncInterval");
        assertThatThrownBy(() -> JsonlBackend.open(dir)).isInstanceOf(ValidationError.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void opensAFileInADirectoryThatDoesNotExistYet() {
        Path nested = dir.resolve("a/b/memory.jsonl");
        JsonlBackend backend = track(JsonlBackend.open(nested));
        backend.put(List.of(entry("a", "alpha")));
        assertThat(nested).exists();
        assertThat(backend.recoveryReport().clean()).isTrue();
        assertThat(backend.recoveryReport().linesReplayed()).isZero();
    }
}
