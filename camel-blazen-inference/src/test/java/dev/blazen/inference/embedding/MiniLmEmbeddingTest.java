package dev.blazen.inference.embedding;

import dev.blazen.llm.error.ValidationError;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * all-MiniLM-L6-v2, quantized (one text per run) and fp32 (batches of 8 sorted by length), against LangChain4j's
 * runners on the same ONNX files.
 */
class MiniLmEmbeddingTest {

    private static OnnxEmbeddingModel quantized;
    private static OnnxEmbeddingModel fp32;

    @BeforeAll
    static void load() {
        quantized = OnnxEmbeddingModel.load(EmbeddingModelSpec.allMiniLmL6V2());
        fp32 = OnnxEmbeddingModel.load(EmbeddingModelSpec.allMiniLmL6V2Fp32(), 8, 0);
    }

    @AfterAll
    static void close() {
        quantized.close();
        fp32.close();
    }

    @Test
    void quantizedModelRunsOneTextAtATimeByDefault() {
        assertThat(quantized.batchSize()).isEqualTo(1);
        assertThat(OnnxEmbeddingModel.defaultBatchSize(EmbeddingModelSpec.allMiniLmL6V2Fp32()))
                .isEqualTo(OnnxEmbeddingModel.DEFAULT_BATCH_SIZE);
        assertThat(quantized.spec().maxLength()).isEqualTo(256);
        assertThat(EmbeddingModelSpec.preset("all-minilm-l6-v2")).isEqualTo(EmbeddingModelSpec.allMiniLmL6V2());
    }

    @Test
    void quantizedMatchesLangChain4j() throws Exception {
        double min = parity(quantized, new AllMiniLmL6V2QuantizedEmbeddingModel(), "all-minilm-l6-v2-q-tokenizer.json");
        System.out.printf("all-minilm-l6-v2 (q) parity: min cosine %.9f%n", min);
    }

    @Test
    void fp32WithLengthBucketedBatchesMatchesLangChain4j() throws Exception {
        double min = parity(fp32, new AllMiniLmL6V2EmbeddingModel(), "all-minilm-l6-v2-tokenizer.json");
        System.out.printf("all-minilm-l6-v2 (fp32, batches of 8) parity: min cosine %.9f%n", min);
    }

    private static double parity(OnnxEmbeddingModel ours, dev.langchain4j.model.embedding.EmbeddingModel reference,
            String tokenizer) throws Exception {
        List<String> texts = ParityTexts.all();
        assertThat(texts).hasSizeGreaterThanOrEqualTo(200);
        // LangChain4j's MiniLM tokenizer keeps the tokenizer.json truncation at 128 tokens (we use the model's 256),
        // so both sides get the texts cut to 128 tokens; the 256-token truncation is tested below
        List<String> seen = ParityCheck.truncatedTexts(tokenizer, 128, texts);
        assertThat(seen).filteredOn(t -> !texts.contains(t)).as("long texts truncated").hasSizeGreaterThanOrEqualTo(6);
        List<float[]> mine = ours.embed(seen).embeddings();
        List<float[]> theirs = ParityCheck.reference(reference, seen);
        double min = 1;
        for (int i = 0; i < texts.size(); i++) {
            double cos = ParityCheck.cosine(mine.get(i), theirs.get(i));
            min = Math.min(min, cos);
            assertThat(cos).as("cosine for text %d: %s", i, texts.get(i)).isGreaterThanOrEqualTo(0.9999);
        }
        return min;
    }

    @Test
    void bucketedBatchesKeepInputOrder() {
        List<String> texts = new ArrayList<>(ParityTexts.SENTENCES);
        texts.add(ParityTexts.longText());
        Collections.shuffle(texts, new Random(7));
        List<float[]> batched = fp32.embed(texts).embeddings();
        assertThat(batched).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            float[] alone = fp32.embed(List.of(texts.get(i))).embeddings().get(0);
            assertThat(ParityCheck.cosine(batched.get(i), alone)).as("text %d", i).isGreaterThanOrEqualTo(0.9999);
        }
        List<String> reversed = new ArrayList<>(texts);
        Collections.reverse(reversed);
        List<float[]> back = fp32.embed(reversed).embeddings();
        for (int i = 0; i < texts.size(); i++) {
            assertThat(ParityCheck.cosine(back.get(texts.size() - 1 - i), batched.get(i))).isGreaterThanOrEqualTo(0.9999);
        }
    }

    @Test
    void vectorsAreNormalisedMeanPooled384() {
        for (OnnxEmbeddingModel model : List.of(quantized, fp32)) {
            List<float[]> vectors = model.embed(List.of("mean pooling", "of token vectors")).embeddings();
            assertThat(model.dimensions()).isEqualTo(384);
            assertThat(vectors).allSatisfy(v -> {
                assertThat(v).hasSize(384);
                assertThat(ParityCheck.norm(v)).isCloseTo(1.0, Offset.offset(1e-5));
            });
        }
    }

    @Test
    void longTextsAreTruncatedTo256Tokens() {
        String longText = ParityTexts.longText();
        float[] whole = fp32.embed(List.of(longText)).embeddings().get(0);
        float[] longer = fp32.embed(List.of(longText + " Completely different ending about volcanoes and lava."))
                .embeddings().get(0);
        assertThat(ParityCheck.cosine(whole, longer)).isGreaterThanOrEqualTo(0.99999);
        assertThat(fp32.embed(List.of(longText)).usage().promptTokens()).isEqualTo(256);
    }

    @Test
    void emptyListAndBlankText() {
        assertThat(fp32.embed(List.of()).embeddings()).isEmpty();
        assertThatThrownBy(() -> quantized.embed(List.of(" ")))
                .isInstanceOf(ValidationError.class).hasMessageContaining("texts[0]");
    }
}
