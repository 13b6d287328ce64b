package dev.blazen.inference.runtime;

import dev.blazen.inference.embedding.ModelFileMissingError;
import dev.blazen.inference.manager.ModelBudgetError;
import dev.blazen.inference.session.CrossEncoder;
import dev.blazen.inference.session.OnnxInference;
import dev.blazen.inference.session.SessionConfig;
import dev.blazen.inference.session.TextTokenizer;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.local.Classification;
import dev.blazen.llm.local.InferTask;
import dev.blazen.llm.local.LocalInference;
import dev.blazen.llm.local.LocalInferenceFactory;
import dev.blazen.llm.local.LocalModelDeclaration;
import dev.blazen.llm.local.ModelStatus;
import dev.blazen.llm.local.RerankScore;
import dev.blazen.llm.local.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Declared models served by task, on the tiny generated models of src/test/onnx/make_models.py and a real preset. */
class OnnxLocalInferenceTest {

    static final String TOKENIZER = "classpath:all-minilm-l6-v2-q-tokenizer.json";
    static final String CROSS_ENCODER = "classpath:onnx/cross_encoder.onnx";
    static final String CLASSIFIER = "classpath:onnx/classifier.onnx";
    static final String CLASSIFIER_CONFIG = "classpath:onnx/classifier-config.json";
    static final String ADD_MATMUL = "classpath:onnx/add_matmul.onnx";
    private static final long MB = 1L << 20;

    private final LocalInference inference = LocalInferenceFactory.find(getClass().getClassLoader())
            .create(Map.of("cpu", 512 * MB));

    @AfterEach
    void close() {
        inference.close();
    }

    @Test
    void theServiceLoaderFindsTheOnnxRuntime() {
        assertThat(inference).isInstanceOf(OnnxLocalInference.class);
    }

    @Test
    void rerankScoresLikeTheCrossEncoderHighestFirstAcrossBatches() {
        inference.declare(LocalModelDeclaration.builder("rr", InferTask.RERANK).modelPath(CROSS_ENCODER)
                .tokenizerPath(TOKENIZER).maxLength(128).batchSize(2).build());
        String query = "what is the capital of france";
        List<String> passages = List.of("Paris is the capital of France.", "Bananas are yellow.",
                "The Eiffel Tower is in Paris.", "Zebras zigzag.", "France borders Spain.");

        List<RerankScore> ranked = inference.rerank("rr", query, passages);

        List<RerankScore> direct;
        try (CrossEncoder reference = new CrossEncoder(OnnxInference.open(Path.of(resource("onnx/cross_encoder.onnx")),
                SessionConfig.DEFAULT), TextTokenizer.fromClasspath("all-minilm-l6-v2-q-tokenizer.json",
                getClass().getClassLoader(), 128))) {
            direct = reference.rerank(query, passages);
        }
        assertThat(ranked).hasSize(5);
        assertThat(ranked).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
        for (RerankScore s : ranked) {
            assertThat(s.passage()).isEqualTo(passages.get(s.index()));
            assertThat(s.score()).isCloseTo(direct.get(s.index()).score(), within(1e-5));
        }
    }

    @Test
    void classifyTakesLabelsFromTheConfigOrTheDeclaration() {
        inference.declare(LocalModelDeclaration.builder("sentiment", InferTask.CLASSIFY).modelPath(CLASSIFIER)
                .tokenizerPath(TOKENIZER).configPath(CLASSIFIER_CONFIG).maxLength(128).build());
        inference.declare(LocalModelDeclaration.builder("renamed", InferTask.CLASSIFY).modelPath(CLASSIFIER)
                .tokenizerPath(TOKENIZER).labels(List.of("bad", "meh", "good")).maxLength(128).build());
        List<String> texts = List.of("I really enjoyed this film.", "dull", "an ordinary afternoon");

        List<Classification> fromConfig = inference.classify("sentiment", texts);
        List<Classification> renamed = inference.classify("renamed", texts);

        assertThat(fromConfig).hasSize(3);
        assertThat(fromConfig.get(0).scores()).extracting(Classification.LabelScore::label)
                .containsExactly("negative", "neutral", "positive");
        assertThat(renamed.get(0).scores()).extracting(Classification.LabelScore::label)
                .containsExactly("bad", "meh", "good");
        for (int i = 0; i < texts.size(); i++) {
            assertThat(renamed.get(i).probability()).isCloseTo(fromConfig.get(i).probability(), within(1e-9));
        }
    }

    @Test
    void rawRunsNamedTensorsAndReturnsEveryOutputWithItsShape() {
        inference.declare(LocalModelDeclaration.builder("math", InferTask.RAW).modelPath(ADD_MATMUL).build());
        Tensor a = Tensor.from("a", List.of(List.of(1, 2, 3), List.of(4, 5, 6)), Tensor.ElementType.FLOAT32);
        Tensor b = Tensor.from("b", Map.of("shape", List.of(3, 2), "data", List.of(1, 0, 0, 1, 1, 1)),
                Tensor.ElementType.FLOAT32);
        Tensor k = Tensor.from("k", Map.of("type", "int64", "data", List.of(7)), Tensor.ElementType.FLOAT32);

        Map<String, Tensor> out = inference.run("math", List.of(a, b, k));

        assertThat(out.keySet()).containsExactly("product", "shifted", "doubled");
        assertThat(out.get("product").shape()).containsExactly(2, 2);
        assertThat(out.get("product").floats()).containsExactly(4, 5, 10, 11);
        assertThat(out.get("shifted").floats()).containsExactly(11, 12, 17, 18);
        assertThat(out.get("doubled").longs()).containsExactly(14);
        assertThat(inference.inputs("math")).extracting(i -> i.name()).containsExactly("a", "b", "k");
    }

    @Test
    void rawTextIsTokenizedWithTheDeclaredTokenizer() {
        inference.declare(LocalModelDeclaration.builder("logits", InferTask.RAW).modelPath(CLASSIFIER)
                .tokenizerPath(TOKENIZER).maxLength(128).build());
        inference.declare(LocalModelDeclaration.builder("sentiment", InferTask.CLASSIFY).modelPath(CLASSIFIER)
                .tokenizerPath(TOKENIZER).configPath(CLASSIFIER_CONFIG).maxLength(128).build());

        Map<String, Tensor> out = inference.runText("logits", List.of("short", "a longer text for the batch"));

        Tensor logits = out.get("logits");
        assertThat(logits.shape()).containsExactly(2, 3);
        float[] second = java.util.Arrays.copyOfRange(logits.floats(), 3, 6);
        double sum = 0;
        double[] p = new double[3];
        for (int j = 0; j < 3; j++) {
            p[j] = Math.exp(second[j]);
            sum += p[j];
        }
        for (int j = 0; j < 3; j++) {
            p[j] /= sum;
        }
        List<Classification> c = inference.classify("sentiment", List.of("a longer text for the batch"));
        for (int j = 0; j < 3; j++) {
            assertThat(c.get(0).scores().get(j).probability()).isCloseTo(p[j], within(1e-6));
        }
    }

    @Test
    void embedServesTheBundledPresetByName() {
        inference.declare(LocalModelDeclaration.builder("all-minilm-l6-v2", InferTask.EMBED).build());
        List<float[]> vectors = inference.embed("all-minilm-l6-v2", List.of("hello world", "goodbye")).embeddings();
        assertThat(vectors).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(384));
    }

    @Test
    void embedFromAFileReadsItsDimensionsAndMatchesThePreset() {
        inference.declare(LocalModelDeclaration.builder("all-minilm-l6-v2", InferTask.EMBED).build());
        inference.declare(LocalModelDeclaration.builder("from-file", InferTask.EMBED)
                .modelPath("classpath:all-minilm-l6-v2-q.onnx").tokenizerPath(TOKENIZER).pooling("mean")
                .maxLength(256).build());
        List<String> texts = List.of("a short text", "a rather longer text about the weather in the mountains");

        List<float[]> fromFile = inference.embed("from-file", texts).embeddings();
        List<float[]> preset = inference.embed("all-minilm-l6-v2", texts).embeddings();

        assertThat(fromFile).hasSize(2);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(fromFile.get(i)).hasSize(384);
            assertThat(fromFile.get(i)).containsExactly(preset.get(i), within(1e-6f));
        }
        assertThat(OnnxLocalInference.isDynamicallyQuantized(
                dev.blazen.inference.embedding.ModelSource.of("classpath:all-minilm-l6-v2-q.onnx", null))).isTrue();
        assertThat(OnnxLocalInference.isDynamicallyQuantized(
                dev.blazen.inference.embedding.ModelSource.of(CLASSIFIER, null))).isFalse();
    }

    @Test
    void aCudaModelWithoutAGpuRunsOnTheCpuInItsGpuPool() {
        try (LocalInference gpu = new OnnxLocalInferenceFactory().create(Map.of("cpu", 512 * MB, "cuda:0", 512 * MB))) {
            gpu.declare(LocalModelDeclaration.builder("all-minilm-l6-v2", InferTask.EMBED).device("cuda").build());
            gpu.declare(LocalModelDeclaration.builder("math", InferTask.RAW).modelPath(ADD_MATMUL).device("cuda:0")
                    .build());

            assertThat(gpu.embed("all-minilm-l6-v2", List.of("hello")).embeddings().get(0)).hasSize(384);
            assertThat(gpu.inputs("math")).hasSize(3);
            assertThat(gpu.status()).extracting(ModelStatus::pool).containsOnly("cuda:0");
        }
    }

    @Test
    void aModelIsLoadedOnFirstUseAndEvictedWithinItsPoolOnly() {
        try (LocalInference small = new OnnxLocalInferenceFactory().create(Map.of("cpu", 10 * MB, "other", 10 * MB))) {
            small.declare(LocalModelDeclaration.builder("a", InferTask.RAW).modelPath(ADD_MATMUL)
                    .memoryBytes(6 * MB).build());
            small.declare(LocalModelDeclaration.builder("b", InferTask.RAW).modelPath(ADD_MATMUL)
                    .memoryBytes(6 * MB).build());
            small.declare(LocalModelDeclaration.builder("c", InferTask.RAW).modelPath(ADD_MATMUL).pool("other")
                    .memoryBytes(6 * MB).build());
            assertThat(small.status()).noneMatch(ModelStatus::loaded);

            small.load("c");
            small.load("a");
            small.inputs("b"); // needs a's room

            assertThat(small.status()).extracting(ModelStatus::id, ModelStatus::pool, ModelStatus::loaded)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("a", "cpu", false),
                            org.assertj.core.groups.Tuple.tuple("b", "cpu", true),
                            org.assertj.core.groups.Tuple.tuple("c", "other", true));
            assertThat(small.unload("b")).isTrue();
            assertThat(small.unload("b")).isFalse();
        }
    }

    @Test
    void badDeclarationsAndCallsAreTypedErrorsNamingTheProblem() {
        inference.declare(LocalModelDeclaration.builder("math", InferTask.RAW).modelPath(ADD_MATMUL).build());
        // the same declaration again is fine, a different one is not
        inference.declare(LocalModelDeclaration.builder("math", InferTask.RAW).modelPath(ADD_MATMUL).build());
        assertThatThrownBy(() -> inference.declare(LocalModelDeclaration.builder("math", InferTask.RAW)
                .modelPath(ADD_MATMUL).threads(3).build()))
                .isInstanceOf(ValidationError.class).hasMessageContaining("math").hasMessageContaining("differently");
        assertThatThrownBy(() -> inference.declare(LocalModelDeclaration.builder("x", InferTask.RAW)
                .modelPath("/no/such/model.onnx").build()))
                .isInstanceOf(ModelFileMissingError.class).hasMessageContaining("/no/such/model.onnx");
        assertThatThrownBy(() -> inference.declare(LocalModelDeclaration.builder("e", InferTask.EMBED).build()))
                .isInstanceOf(ValidationError.class).hasMessageContaining("bge-small-en-v1.5");
        assertThatThrownBy(() -> LocalModelDeclaration.builder("c", InferTask.CLASSIFY).modelPath(CLASSIFIER)
                .tokenizerPath(TOKENIZER).build())
                .isInstanceOf(ValidationError.class).hasMessageContaining("labels");
        assertThatThrownBy(() -> LocalModelDeclaration.builder("r", InferTask.RERANK).modelPath(CROSS_ENCODER).build())
                .isInstanceOf(ValidationError.class).hasMessageContaining("tokenizer");
        assertThatThrownBy(() -> inference.declare(LocalModelDeclaration.builder("big", InferTask.RAW)
                .modelPath(ADD_MATMUL).memoryBytes(1L << 40).build()))
                .isInstanceOf(ModelBudgetError.class).hasMessageContaining("big");
        assertThatThrownBy(() -> inference.declare(LocalModelDeclaration.builder("gpu", InferTask.RAW)
                .modelPath(ADD_MATMUL).device("cuda:1").build()))
                .isInstanceOf(ModelBudgetError.class).hasMessageContaining("cuda:1").hasMessageContaining("not configured");
        assertThatThrownBy(() -> inference.classify("math", List.of("text")))
                .isInstanceOf(ValidationError.class).hasMessageContaining("declared for raw, not classify");
        assertThatThrownBy(() -> inference.runText("math", List.of("text")))
                .isInstanceOf(ValidationError.class).hasMessageContaining("no tokenizer");
        assertThatThrownBy(() -> inference.run("nope", List.of()))
                .isInstanceOf(ValidationError.class).hasMessageContaining("nope").hasMessageContaining("math");
        assertThatThrownBy(() -> inference.run("math", List.of(Tensor.from("a", List.of(1, 2), Tensor.ElementType.FLOAT32))))
                .isInstanceOf(ValidationError.class).hasMessageContaining("a");
        // a pinned file is checked when it loads
        inference.declare(LocalModelDeclaration.builder("pinned", InferTask.RAW).modelPath(ADD_MATMUL)
                .sha256("0".repeat(64)).build());
        assertThatThrownBy(() -> inference.load("pinned"))
                .isInstanceOf(dev.blazen.inference.manager.ModelLoadError.class)
                .hasCauseInstanceOf(dev.blazen.inference.embedding.ModelDigestMismatchError.class)
                .hasMessageContaining("0".repeat(64));
    }

    static String resource(String name) {
        try {
            return Path.of(OnnxLocalInferenceTest.class.getClassLoader().getResource(name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
