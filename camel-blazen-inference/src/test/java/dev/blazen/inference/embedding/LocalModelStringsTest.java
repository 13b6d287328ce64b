package dev.blazen.inference.embedding;

import dev.blazen.llm.provider.CustomProvider;
import dev.blazen.llm.provider.ModelStrings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With this module on the classpath, local: model strings resolve to the ONNX models. */
class LocalModelStringsTest {

    @Test
    void localBgeSmallThroughAModelString() {
        CustomProvider local = ModelStrings.resolve("local:bge-small-en-v1.5", ModelStrings.Options.none());
        float[] vector = local.embed(List.of("Camel routes call local models.")).embeddings().get(0);
        assertThat(vector).hasSize(384);
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(new OnnxLocalModelFactory().embedding("no-such-model")).isEmpty();
    }
}
