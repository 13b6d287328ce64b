package dev.blazen.inference.embedding;

import dev.blazen.llm.error.ValidationError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parallel workers, the load options and dimensions read from the model. */
class OnnxEmbeddingModelOptionsTest {

    private static OnnxEmbeddingModel sequential;
    private static OnnxEmbeddingModel parallel;

    @BeforeAll
    static void load() {
        sequential = OnnxEmbeddingModel.load(EmbeddingModelSpec.bgeSmallEnV15(), 1, 1);
        // more workers than this machine may have cores: the work sharing is what is tested
        parallel = OnnxEmbeddingModel.load(EmbeddingModelSpec.bgeSmallEnV15(), 1, 1, 3);
    }

    @AfterAll
    static void close() {
        sequential.close();
        parallel.close();
    }

    @Test
    void plainLoadRunsOneSingleThreadedRunPerProcessor() {
        try (OnnxEmbeddingModel model = OnnxEmbeddingModel.load(EmbeddingModelSpec.allMiniLmL6V2())) {
            assertThat(model.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors())
                    .isEqualTo(OnnxEmbeddingModel.defaultParallelism());
            assertThat(model.intraOpThreads()).isEqualTo(1);
            assertThat(model.batchSize()).isEqualTo(1);
        }
        assertThat(sequential.parallelism()).as("the three-argument load runs one batch at a time").isEqualTo(1);
        assertThat(parallel.parallelism()).isEqualTo(3);
    }

    @Test
    void parallelRunsGiveTheSequentialVectorsInInputOrder() {
        List<String> texts = new ArrayList<>(ParityTexts.all().subList(0, 60));
        texts.add(texts.get(3)); // a duplicate
        Collections.shuffle(texts, new Random(11));
        List<float[]> one = sequential.embed(texts).embeddings();
        List<float[]> many = parallel.embed(texts).embeddings();
        assertThat(many).hasSameSizeAs(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(ParityCheck.cosine(many.get(i), one.get(i))).as("text %d", i).isGreaterThanOrEqualTo(0.99999);
        }
        assertThat(parallel.embed(texts).usage().promptTokens())
                .isEqualTo(sequential.embed(texts).usage().promptTokens());
    }

    @Test
    void concurrentCallersShareTheWorkers() throws Exception {
        List<String> texts = ParityTexts.all().subList(0, 40);
        List<float[]> expected = sequential.embed(texts).embeddings();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<float[]>>> results = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int shift = c;
                results.add(callers.submit(() -> {
                    List<String> rotated = new ArrayList<>(texts);
                    Collections.rotate(rotated, shift * 7);
                    List<float[]> got = new ArrayList<>(parallel.embed(rotated).embeddings());
                    Collections.rotate(got, -shift * 7);
                    return got;
                }));
            }
            for (Future<List<float[]>> result : results) {
                List<float[]> got = result.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(ParityCheck.cosine(got.get(i), expected.get(i))).isGreaterThanOrEqualTo(0.99999);
                }
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void singleTextsAndEmptyListsNeedNoWorker() {
        assertThat(parallel.embed(List.of()).embeddings()).isEmpty();
        assertThat(parallel.embed(List.of("one text")).embeddings()).hasSize(1);
        assertThatThrownBy(() -> parallel.embed(List.of("fine", " ")))
                .isInstanceOf(ValidationError.class).hasMessageContaining("texts[1]");
    }

    @Test
    void closeStopsTheWorkers() throws Exception {
        Set<Thread> before = workerThreads();
        OnnxEmbeddingModel model = OnnxEmbeddingModel.load(EmbeddingModelSpec.allMiniLmL6V2(), 1, 1, 2);
        model.embed(ParityTexts.all().subList(0, 8));
        Set<Thread> mine = workerThreads();
        mine.removeAll(before);
        assertThat(mine).as("the model's own worker").hasSize(1);
        model.close();
        for (Thread worker : mine) {
            worker.join(10_000);
            assertThat(worker.isAlive()).as("worker %s after close", worker.getName()).isFalse();
        }
    }

    private static Set<Thread> workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("blazen-embed-"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void invalidOptionsAreRejected() {
        EmbeddingModelSpec spec = EmbeddingModelSpec.allMiniLmL6V2();
        assertThatThrownBy(() -> OnnxEmbeddingModel.load(spec, 1, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> OnnxEmbeddingModel.load(spec, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> OnnxEmbeddingModel.load(spec, 1, -1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intraOpThreads");
        assertThatThrownBy(() -> spec.withDimensions(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- dimensions read from the model --------------------------------------------------------------------------

    @Test
    void dimensionsZeroAreReadFromTheModelOutput() {
        EmbeddingModelSpec spec = EmbeddingModelSpec.bgeSmallEnV15().withDimensions(0);
        assertThat(spec.dimensions()).isZero();
        try (OnnxEmbeddingModel model = OnnxEmbeddingModel.load(spec)) {
            assertThat(model.dimensions()).isEqualTo(384);
            assertThat(model.embed(List.of("how long is this vector?")).embeddings().get(0)).hasSize(384);
        }
    }

    @Test
    void dimensionsThatContradictTheModelAreRejected() {
        EmbeddingModelSpec spec = EmbeddingModelSpec.bgeSmallEnV15().withDimensions(768);
        assertThatThrownBy(() -> OnnxEmbeddingModel.load(spec))
                .isInstanceOfSatisfying(ValidationError.class,
                        e -> assertThat(e.field()).contains("dimensions"))
                .hasMessageContaining("768").hasMessageContaining("384");
    }

    @Test
    void dimensionsZeroWithADynamicOutputSizeFailAtLoad(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("dynamic.onnx");
        Files.write(onnx, TinyOnnx.castWithDynamicLastDimension());
        EmbeddingModelSpec spec = EmbeddingModelSpec.bgeSmallEnV15(onnx, null, false).withDimensions(0);
        assertThatThrownBy(() -> OnnxEmbeddingModel.load(spec))
                .isInstanceOfSatisfying(ValidationError.class,
                        e -> assertThat(e.field()).contains("dimensions"))
                .hasMessageContaining("dynamic");
        // with the size given, the same file loads
        try (OnnxEmbeddingModel model = OnnxEmbeddingModel.load(spec.withDimensions(5), 1, 1)) {
            assertThat(model.dimensions()).isEqualTo(5);
        }
    }

    /**
     * A hand-encoded ONNX model (protobuf wire format, so the build needs no Python): input {@code input_ids}
     * int64 [batch, seq], one Cast to float, output {@code last_hidden_state} float [batch, width] where width is a
     * named, dynamic dimension.
     */
    static final class TinyOnnx {

        static byte[] castWithDynamicLastDimension() {
            byte[] node = message(
                    string(1, "input_ids"), string(2, "last_hidden_state"), string(3, "cast"), string(4, "Cast"),
                    field(5, message(string(1, "to"), varint(3, 1), varint(20, 2)))); // to = FLOAT, type = INT
            byte[] graph = message(field(1, node), string(2, "tiny"),
                    field(11, valueInfo("input_ids", 7, "batch", "seq")),
                    field(12, valueInfo("last_hidden_state", 1, "batch", "width")));
            return message(varint(1, 8), field(7, graph), field(8, message(string(1, ""), varint(2, 13))));
        }

        private static byte[] valueInfo(String name, int elemType, String... dimParams) {
            List<byte[]> dims = new ArrayList<>();
            for (String p : dimParams) {
                dims.add(field(1, message(string(2, p))));
            }
            byte[] shape = message(dims.toArray(byte[][]::new));
            byte[] tensor = message(varint(1, elemType), field(2, shape));
            return message(string(1, name), field(2, message(field(1, tensor))));
        }

        private static byte[] message(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return out.toByteArray();
        }

        private static byte[] field(int number, byte[] payload) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writeVarint(out, (long) number << 3 | 2);
            writeVarint(out, payload.length);
            out.writeBytes(payload);
            return out.toByteArray();
        }

        private static byte[] string(int number, String value) {
            return field(number, value.getBytes(StandardCharsets.UTF_8));
        }

        private static byte[] varint(int number, long value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writeVarint(out, (long) number << 3);
            writeVarint(out, value);
            return out.toByteArray();
        }

        private static void writeVarint(ByteArrayOutputStream out, long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
