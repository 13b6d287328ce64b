package dev.blazen.inference.session;

import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.local.Tensor;
import dev.blazen.llm.local.TensorInfo;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnnxInferenceTest {

    private static OnnxInference model;

    static Path resource(String name) throws Exception {
        return Path.of(OnnxInferenceTest.class.getResource("/onnx/" + name).toURI());
    }

    @BeforeAll
    static void open() throws Exception {
        model = OnnxInference.open(resource("add_matmul.onnx"), SessionConfig.DEFAULT.withIntraOpThreads(1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Tensor a(long[] shape, float... data) {
        return Tensor.ofFloats("a", shape, data);
    }

    private static final Tensor B = Tensor.ofFloats("b", new long[] {3, 2}, new float[] {1, 0, 0, 1, 1, 1});
    private static final Tensor K = Tensor.ofLongs("k", new long[] {1}, new long[] {2});

    @Test
    void listsTheDeclaredInputsAndOutputs() {
        assertThat(model.inputs()).containsExactly(
                new TensorInfo("a", "float32", new long[] {-1, 3}),
                new TensorInfo("b", "float32", new long[] {3, 2}),
                new TensorInfo("k", "int64", new long[] {1}));
        assertThat(model.outputs()).containsExactly(
                new TensorInfo("product", "float32", new long[] {-1, 2}),
                new TensorInfo("shifted", "float32", new long[] {-1, 2}),
                new TensorInfo("doubled", "int64", new long[] {1}));
        assertThat(model.device()).isEqualTo(Device.CPU);
    }

    @Test
    void runsNamedInputsAndReturnsNamedOutputsWithShapes() {
        Map<String, Tensor> out = model.run(List.of(K, a(new long[] {2, 3}, 1, 2, 3, 4, 5, 6), B));

        assertThat(out.keySet()).containsExactly("product", "shifted", "doubled");
        assertThat(out.get("product")).isEqualTo(
                Tensor.ofFloats("product", new long[] {2, 2}, new float[] {4, 5, 10, 11}));
        assertThat(out.get("shifted")).isEqualTo(
                Tensor.ofFloats("shifted", new long[] {2, 2}, new float[] {6, 7, 12, 13}));
        assertThat(out.get("doubled")).isEqualTo(Tensor.ofLongs("doubled", new long[] {1}, new long[] {4}));
    }

    @Test
    void aDynamicDimensionTakesAnySize() {
        Map<String, Tensor> out = model.run(List.of(a(new long[] {1, 3}, 1, 1, 1), B, K));
        assertThat(out.get("product").shape()).containsExactly(1, 2);
        assertThat(out.get("product").floats()).containsExactly(2, 2);
    }

    @Test
    void anUnknownInputNameIsATypedErrorListingTheInputs() {
        Tensor c = Tensor.ofFloats("c", new long[] {1}, new float[] {1});
        assertThatThrownBy(() -> model.run(List.of(a(new long[] {1, 3}, 1, 1, 1), B, K, c)))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("c"))
                .hasMessageContaining("no input named 'c'").hasMessageContaining("a: float32[-1, 3]");
    }

    @Test
    void aWrongShapeIsATypedErrorNamingTheInputAndExpectedShape() {
        assertThatThrownBy(() -> model.run(List.of(a(new long[] {2, 2}, 1, 2, 3, 4), B, K)))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("a"))
                .hasMessageContaining("input a expects shape [-1, 3]").hasMessageContaining("got [2, 2]");
        Tensor rank1 = Tensor.ofFloats("b", new long[] {6}, new float[6]);
        assertThatThrownBy(() -> model.run(List.of(a(new long[] {1, 3}, 1, 1, 1), rank1, K)))
                .isInstanceOf(ValidationError.class).hasMessageContaining("input b expects shape [3, 2]");
    }

    @Test
    void aWrongElementTypeOrAMissingInputIsATypedError() {
        Tensor floatK = Tensor.ofFloats("k", new long[] {1}, new float[] {2});
        assertThatThrownBy(() -> model.run(List.of(a(new long[] {1, 3}, 1, 1, 1), B, floatK)))
                .isInstanceOf(ValidationError.class).hasMessageContaining("input k expects int64 but got float32");
        assertThatThrownBy(() -> model.run(List.of(a(new long[] {1, 3}, 1, 1, 1), B)))
                .isInstanceOfSatisfying(ValidationError.class, e -> assertThat(e.field()).contains("k"))
                .hasMessageContaining("needs inputs [k]").hasMessageContaining("k: int64[1]");
    }

    @Test
    void aTensorWhoseDataDoesNotFillItsShapeIsRejected() {
        assertThatThrownBy(() -> Tensor.ofFloats("a", new long[] {2, 3}, new float[5]))
                .isInstanceOf(ValidationError.class).hasMessageContaining("holds 6 elements but the data has 5");
    }

    @Test
    void opensAModelFromBytes() throws Exception {
        try (OnnxInference fromBytes = OnnxInference.open("add_matmul", Files.readAllBytes(resource("add_matmul.onnx")),
                SessionConfig.DEFAULT)) {
            assertThat(fromBytes.run(List.of(a(new long[] {1, 3}, 1, 2, 3), B, K)).get("doubled").longs())
                    .containsExactly(4);
        }
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
    void aCudaRequestWithoutTheCudaProviderFallsBackToTheCpuWithOneWarning() throws Exception {
        Configurator.setLevel(Device.class.getName(), Level.WARN);
        org.apache.logging.log4j.core.Logger logger =
                (org.apache.logging.log4j.core.Logger) LogManager.getLogger(Device.class);
        Capture capture = new Capture();
        capture.start();
        logger.addAppender(capture);
        try (OnnxInference gpu = OnnxInference.open(resource("add_matmul.onnx"),
                SessionConfig.DEFAULT.withDevice(Device.cuda(0)))) {
            assertThat(gpu.device()).isEqualTo(Device.CPU);
            assertThat(gpu.run(List.of(a(new long[] {1, 3}, 1, 2, 3), B, K)).get("product").floats())
                    .containsExactly(4, 5);
        } finally {
            logger.removeAppender(capture);
        }
        assertThat(capture.events).hasSize(1);
        LogEvent warning = capture.events.get(0);
        assertThat(warning.getLevel()).isEqualTo(Level.WARN);
        assertThat(warning.getMessage().getFormattedMessage())
                .contains("CUDA device 0 requested").contains("add_matmul.onnx").contains("running on the CPU")
                .contains("onnxruntime_gpu");
    }

    @Test
    void parsesDevices() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse("cuda")).isEqualTo(Device.cuda(0));
        assertThat(Device.parse("CUDA:1")).isEqualTo(Device.cuda(1));
        assertThatThrownBy(() -> Device.parse("tpu")).isInstanceOf(ValidationError.class).hasMessageContaining("tpu");
    }
}
