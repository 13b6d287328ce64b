package dev.blazen.inference.embedding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelSourceTest {

    private static final String WRONG = "0".repeat(64);

    @Test
    void classpathFileWithItsPinnedDigestIsRead() {
        byte[] bytes = ModelSource.classpath("all-minilm-l6-v2-q-tokenizer.json",
                EmbeddingModelSpec.MINILM_TOKENIZER_SHA256).readVerified();
        assertThat(bytes).hasSize(711661);
    }

    @Test
    void digestMismatchNamesTheFileAndBothDigests() {
        assertThatThrownBy(() -> ModelSource.classpath("all-minilm-l6-v2-q-tokenizer.json", WRONG).readVerified())
                .isInstanceOfSatisfying(ModelDigestMismatchError.class, e -> {
                    assertThat(e.file()).isEqualTo("classpath:all-minilm-l6-v2-q-tokenizer.json");
                    assertThat(e.expectedSha256()).isEqualTo(WRONG);
                    assertThat(e.actualSha256()).isEqualTo(EmbeddingModelSpec.MINILM_TOKENIZER_SHA256);
                    assertThat(e.getMessage()).contains(e.file(), WRONG, EmbeddingModelSpec.MINILM_TOKENIZER_SHA256);
                });
    }

    @Test
    void alteredFileOnDiskIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, "{}");
        String sha = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"; // of "{}"
        assertThat(ModelSource.cache(dir, "tokenizer.json", sha).readVerified()).hasSize(2);
        Files.writeString(file, "{ }");
        assertThatThrownBy(() -> ModelSource.file(file, sha).readVerified())
                .isInstanceOf(ModelDigestMismatchError.class)
                .hasMessageContaining(file.toAbsolutePath().toString()).hasMessageContaining(sha);
    }

    @Test
    void missingFilesAreTypedErrors(@TempDir Path dir) {
        assertThatThrownBy(() -> ModelSource.cache(dir, "model.onnx", null).readVerified())
                .isInstanceOfSatisfying(ModelFileMissingError.class,
                        e -> assertThat(e.file()).isEqualTo(dir.resolve("model.onnx").toAbsolutePath().toString()))
                .hasMessageContaining("never downloaded");
        assertThatThrownBy(() -> ModelSource.classpath("no/such/model.onnx", null).readVerified())
                .isInstanceOf(ModelFileMissingError.class).hasMessageContaining("classpath:no/such/model.onnx");
        EmbeddingModelSpec spec = EmbeddingModelSpec.allMiniLmL6V2(dir.resolve("absent.onnx"), null, false);
        assertThatThrownBy(() -> OnnxEmbeddingModel.load(spec)).isInstanceOf(ModelFileMissingError.class);
    }

    @Test
    void malformedDigestIsRejectedUpFront() {
        assertThatThrownBy(() -> ModelSource.classpath("x", "abc")).isInstanceOf(dev.blazen.llm.error.ValidationError.class)
                .hasMessageContaining("sha256");
    }

    @Test
    void modelFromAFilePathPinnedByDigest(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("minilm-q.onnx");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-q.onnx")) {
            Files.copy(in, onnx);
        }
        EmbeddingModelSpec spec = EmbeddingModelSpec.allMiniLmL6V2(onnx, EmbeddingModelSpec.MINILM_Q_ONNX_SHA256, true);
        try (OnnxEmbeddingModel model = OnnxEmbeddingModel.load(spec, 4, 1)) {
            assertThat(model.batchSize()).isEqualTo(4);
            float[] v = model.embed(List.of("from a file")).embeddings().get(0);
            assertThat(v).hasSize(384);
        }
        EmbeddingModelSpec wrong = EmbeddingModelSpec.allMiniLmL6V2(onnx, WRONG, true);
        assertThatThrownBy(() -> OnnxEmbeddingModel.load(wrong)).isInstanceOf(ModelDigestMismatchError.class)
                .hasMessageContaining(EmbeddingModelSpec.MINILM_Q_ONNX_SHA256);
    }
}
