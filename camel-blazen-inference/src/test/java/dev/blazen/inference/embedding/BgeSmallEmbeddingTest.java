package dev.blazen.inference.embedding;

import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.ValidationError;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** bge-small-en-v1.5 through {@code LocalModels}, checked against LangChain4j's runner on the same ONNX file. */
class BgeSmallEmbeddingTest {

    private static EmbeddingModel model;

    @BeforeAll
    static void load() {
        model = LocalModels.embedding("bge-small-en-v1.5");
    }

    @AfterAll
    static void close() {
        LocalModels.closeAll();
    }

    @Test
    void localModelsSharesOneInstancePerName() {
        assertThat(LocalModels.embedding("bge-small-en-v1.5")).isSameAs(model);
        assertThat(model.modelId()).isEqualTo("bge-small-en-v1.5");
        assertThatThrownBy(() -> LocalModels.embedding("no-such-model"))
                .isInstanceOf(ValidationError.class).hasMessageContaining("no-such-model");
    }

    @Test
    void matchesLangChain4jOnTheSameOnnxFile() throws Exception {
        List<String> texts = ParityTexts.all();
        assertThat(texts).hasSizeGreaterThanOrEqualTo(200);
        List<String> seen = ParityCheck.truncatedTexts("bge-small-en-v1.5-q-tokenizer.json", 512, texts);
        assertThat(seen).filteredOn(t -> !texts.contains(t)).as("long texts truncated").hasSizeGreaterThanOrEqualTo(6);

        List<float[]> ours = model.embed(texts).embeddings();
        List<float[]> theirs = ParityCheck.reference(new BgeSmallEnV15QuantizedEmbeddingModel(), seen);

        double min = 1;
        for (int i = 0; i < texts.size(); i++) {
            double cos = ParityCheck.cosine(ours.get(i), theirs.get(i));
            min = Math.min(min, cos);
            assertThat(cos).as("cosine for text %d: %s", i, texts.get(i)).isGreaterThanOrEqualTo(0.9999);
        }
        System.out.printf("bge-small-en-v1.5 parity over %d texts: min cosine %.9f%n", texts.size(), min);
    }

    @Test
    void vectorsHave384NormalisedDimensions() {
        EmbeddingResponse response = model.embed(List.of("hello world", "Local inference"));
        assertThat(model.dimensions()).isEqualTo(384);
        assertThat(response.model()).isEqualTo("bge-small-en-v1.5");
        assertThat(response.embeddings()).hasSize(2).allSatisfy(v -> {
            assertThat(v).hasSize(384);
            assertThat(ParityCheck.norm(v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        });
        assertThat(response.usage().promptTokens()).isPositive();
    }

    @Test
    void longTextsAreTruncatedTo512Tokens() {
        String longText = ParityTexts.longText();
        float[] whole = model.embed(List.of(longText)).embeddings().get(0);
        float[] longer = model.embed(List.of(longText + " Completely different ending about volcanoes and lava."))
                .embeddings().get(0);
        assertThat(ParityCheck.cosine(whole, longer)).isGreaterThanOrEqualTo(0.99999);
        assertThat(model.embed(List.of(longText)).usage().promptTokens()).isEqualTo(512);
    }

    @Test
    void emptyListGivesNoVectorsAndBlankTextIsRejected() {
        assertThat(model.embed(List.of()).embeddings()).isEmpty();
        assertThatThrownBy(() -> model.embed(List.of("ok", "")))
                .isInstanceOf(ValidationError.class).hasMessageContaining("texts[1]");
        assertThatThrownBy(() -> model.embed(List.of("  \n\t")))
                .isInstanceOf(ValidationError.class).hasMessageContaining("texts[0]");
    }
}
