package dev.blazen.inference.manager;

import dev.blazen.inference.session.OnnxInference;
import dev.blazen.inference.session.SessionConfig;
import dev.blazen.llm.local.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The manager holding real ONNX Runtime sessions: loaded on demand, evicted (closed) when the pool is full. */
class ManagedOnnxModelTest {

    @Test
    void managesOnnxSessions() throws Exception {
        Path addMatmul = Path.of(getClass().getResource("/onnx/add_matmul.onnx").toURI());
        Path classifier = Path.of(getClass().getResource("/onnx/classifier.onnx").toURI());
        long budget = Files.size(classifier) + Files.size(addMatmul) / 2;
        try (ModelManager m = new ModelManager(Map.of("cpu", budget))) {
            m.register("add", "cpu", Files.size(addMatmul), p -> OnnxInference.open(addMatmul, SessionConfig.DEFAULT));
            m.register("cls", "cpu", Files.size(classifier), p -> OnnxInference.open(classifier, SessionConfig.DEFAULT));

            OnnxInference add = m.load("add", OnnxInference.class);
            List<Tensor> feed = List.of(Tensor.ofFloats("a", new long[] {1, 3}, new float[] {1, 2, 3}),
                    Tensor.ofFloats("b", new long[] {3, 2}, new float[] {1, 0, 0, 1, 1, 1}),
                    Tensor.ofLongs("k", new long[] {1}, new long[] {1}));
            assertThat(add.run(feed).get("shifted").floats()).containsExactly(5, 6);

            m.load("cls"); // both do not fit: the add model is evicted and its session closed
            assertThat(m.isLoaded("add")).isFalse();
            assertThatThrownBy(() -> add.run(feed)).isInstanceOf(IllegalStateException.class);

            assertThat(m.load("add", OnnxInference.class).run(feed).get("shifted").floats()).containsExactly(5, 6);
            assertThat(m.isLoaded("cls")).isFalse();
        }
    }
}
