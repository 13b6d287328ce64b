package dev.blazen.inference.session;

import ai.djl.huggingface.tokenizers.Encoding;
import dev.blazen.llm.local.Classification;
import dev.blazen.llm.local.RerankScore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Rerank and classify on tiny generated models whose outputs are functions of the token ids (see
 * src/test/onnx/make_models.py), so the expected values are recomputed here from the tokenizer's encodings.
 */
class TextTasksTest {

    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    private static CrossEncoder crossEncoder;
    private static SequenceClassifier classifier;
    private static TextTokenizer reference;

    @BeforeAll
    static void open() throws Exception {
        ClassLoader cl = TextTasksTest.class.getClassLoader();
        reference = TextTokenizer.fromClasspath(TOKENIZER, cl, 128);
        crossEncoder = new CrossEncoder(
                OnnxInference.open(OnnxInferenceTest.resource("cross_encoder.onnx"), SessionConfig.DEFAULT),
                TextTokenizer.fromClasspath(TOKENIZER, cl, 128));
        List<String> labels;
        try (InputStream config = cl.getResourceAsStream("onnx/classifier-config.json")) {
            labels = SequenceClassifier.labelsFromConfig(config);
        }
        classifier = new SequenceClassifier(
                OnnxInference.open(OnnxInferenceTest.resource("classifier.onnx"), SessionConfig.DEFAULT),
                TextTokenizer.fromClasspath(TOKENIZER, cl, 128), labels);
    }

    @AfterAll
    static void close() {
        crossEncoder.close();
        classifier.close();
        reference.close();
    }

    /** The tiny cross-encoder: sum over the passage tokens (type id 1) of (id % 10) / 10. */
    private static double expectedScore(String query, String passage) {
        Encoding e = reference.encode(query, passage);
        double sum = 0;
        for (int t = 0; t < e.getIds().length; t++) {
            if (e.getTypeIds()[t] == 1 && e.getAttentionMask()[t] == 1) {
                sum += (e.getIds()[t] % 10) / 10.0;
            }
        }
        return sum;
    }

    @Test
    void rerankScoresEveryPassageInInputOrder() {
        String query = "what is the capital of france";
        List<String> passages = List.of(
                "Paris is the capital and most populous city of France.",
                "Bananas are yellow.",
                "The Eiffel Tower was completed in 1889 for the World's Fair held in Paris that year.");

        List<RerankScore> scored = crossEncoder.rerank(query, passages);

        assertThat(scored).extracting(RerankScore::index).containsExactly(0, 1, 2);
        assertThat(scored).extracting(RerankScore::passage).containsExactlyElementsOf(passages);
        for (RerankScore s : scored) {
            assertThat(s.score()).isCloseTo(expectedScore(query, s.passage()), within(1e-4));
        }
        // padding the shorter pairs of the batch leaves their scores unchanged
        assertThat(crossEncoder.rerank(query, List.of(passages.get(1))).get(0).score())
                .isCloseTo(scored.get(1).score(), within(1e-5));
        assertThat(scored.get(0).score()).isNotEqualTo(scored.get(1).score());
        assertThat(crossEncoder.rerank(query, List.of())).isEmpty();
    }

    /** The tiny classifier: logits[j] = sum over tokens of ((id * (j + 3)) % 11 - 5) / 10. */
    private static double[] expectedProbabilities(String text) {
        Encoding e = reference.encode(text);
        float[] logits = new float[3];
        for (long id : e.getIds()) {
            for (int j = 0; j < 3; j++) {
                logits[j] += ((id * (j + 3)) % 11 - 5) / 10.0f;
            }
        }
        return SequenceClassifier.softmax(logits, 0, 3);
    }

    @Test
    void classifyGivesLabelsFromTheConfigAndSoftmaxProbabilities() {
        assertThat(classifier.labels()).containsExactly("negative", "neutral", "positive");
        String text = "I really enjoyed this film, the acting was wonderful.";

        Classification c = classifier.classify(text);

        double[] expected = expectedProbabilities(text);
        assertThat(c.scores()).extracting(Classification.LabelScore::label)
                .containsExactly("negative", "neutral", "positive");
        for (int j = 0; j < 3; j++) {
            assertThat(c.scores().get(j).probability()).isCloseTo(expected[j], within(1e-5));
        }
        assertThat(c.scores().stream().mapToDouble(Classification.LabelScore::probability).sum())
                .isCloseTo(1.0, within(1e-9));
        int best = expected[0] >= expected[1] && expected[0] >= expected[2] ? 0 : expected[1] >= expected[2] ? 1 : 2;
        assertThat(c.label()).isEqualTo(classifier.labels().get(best));
        assertThat(c.probability()).isCloseTo(expected[best], within(1e-5));
    }

    @Test
    void batchClassificationMatchesOneByOne() {
        List<String> texts = List.of("short", "a somewhat longer sentence that needs padding in the batch");
        List<Classification> batch = classifier.classify(texts);
        for (int i = 0; i < texts.size(); i++) {
            Classification single = classifier.classify(texts.get(i));
            assertThat(batch.get(i).label()).isEqualTo(single.label());
            for (int j = 0; j < 3; j++) {
                assertThat(batch.get(i).scores().get(j).probability())
                        .isCloseTo(single.scores().get(j).probability(), within(1e-6));
            }
        }
    }

    @Test
    void labelsComeFromId2LabelInIdOrder() {
        String config = "{\"id2label\": {\"1\": \"b\", \"0\": \"a\"}}";
        assertThat(SequenceClassifier.labelsFromConfig(
                new java.io.ByteArrayInputStream(config.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .containsExactly("a", "b");
        String gap = "{\"id2label\": {\"0\": \"a\", \"2\": \"c\"}}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SequenceClassifier.labelsFromConfig(
                        new java.io.ByteArrayInputStream(gap.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .isInstanceOf(dev.blazen.llm.error.ValidationError.class).hasMessageContaining("0..1");
    }
}
