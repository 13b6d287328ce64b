package dev.blazen.inference.session;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.ValueInfo;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.local.Tensor;
import dev.blazen.llm.local.TensorInfo;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any ONNX model behind an ONNX Runtime session: named float32/int64 inputs in, every output back as a named
 * {@link Tensor} with its shape. Inputs are checked against the model's declared names, types and shapes before the
 * run, so a mistake is a {@link ValidationError} naming the input and the expected shape rather than a native error.
 * Thread-safe (ONNX Runtime sessions allow concurrent runs); close it to free the native session.
 */
public final class OnnxInference implements AutoCloseable {

    private final String name;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Device device;
    private final Map<String, TensorInfo> inputs;
    private final Map<String, TensorInfo> outputs;

    private OnnxInference(String name, OrtEnvironment env, OrtSession session, Device device) throws OrtException {
        this.name = name;
        this.env = env;
        this.session = session;
        this.device = device;
        this.inputs = describe(session.getInputInfo());
        this.outputs = describe(session.getOutputInfo());
    }

    /** Opens the model file at {@code model}. */
    public static OnnxInference open(Path model, SessionConfig config) {
        if (!Files.isRegularFile(model)) {
            throw new ValidationError("model", "no ONNX model file at " + model);
        }
        return open(model.toString(), config, (env, opts) -> env.createSession(model.toString(), opts));
    }

    /** Opens a model from its bytes (e.g. read from a jar on the classpath); {@code name} is used in messages. */
    public static OnnxInference open(String name, byte[] model, SessionConfig config) {
        return open(name, config, (env, opts) -> env.createSession(model, opts));
    }

    private interface SessionFactory {
        OrtSession create(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException;
    }

    private static OnnxInference open(String name, SessionConfig config, SessionFactory factory) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Device device = config.device();
        try (OrtSession.SessionOptions options = options(config)) {
            device = device.applyTo(options, name);
            return new OnnxInference(name, env, factory.create(env, options), device);
        } catch (OrtException e) {
            throw new InferenceError("cannot open ONNX model " + name + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions options(SessionConfig config) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (config.intraOpThreads() > 0) {
            options.setIntraOpNumThreads(config.intraOpThreads());
        }
        return options;
    }

    private static Map<String, TensorInfo> describe(Map<String, NodeInfo> nodes) {
        Map<String, TensorInfo> out = new LinkedHashMap<>();
        for (NodeInfo node : nodes.values()) {
            ValueInfo info = node.getInfo();
            if (info instanceof ai.onnxruntime.TensorInfo t) {
                out.put(node.getName(), new TensorInfo(node.getName(), typeName(t.type), t.getShape()));
            } else {
                out.put(node.getName(), new TensorInfo(node.getName(), "non-tensor", new long[0]));
            }
        }
        return out;
    }

    private static String typeName(OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> "float32";
            case DOUBLE -> "float64";
            case INT64 -> "int64";
            case INT32 -> "int32";
            case INT16 -> "int16";
            case INT8 -> "int8";
            case UINT8 -> "uint8";
            case BOOL -> "bool";
            case STRING -> "string";
            case FLOAT16 -> "float16";
            case BFLOAT16 -> "bfloat16";
            default -> type.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The model's inputs in declaration order. */
    public List<TensorInfo> inputs() {
        return List.copyOf(inputs.values());
    }

    /** The model's outputs in declaration order. */
    public List<TensorInfo> outputs() {
        return List.copyOf(outputs.values());
    }

    /** Whether the model declares an input with this name. */
    public boolean hasInput(String inputName) {
        return inputs.containsKey(inputName);
    }

    /** The device the session actually runs on (CPU after a CUDA fallback). */
    public Device device() {
        return device;
    }

    public String name() {
        return name;
    }

    /**
     * Runs the model on every declared input and returns every output, in the model's output order. Float32 and
     * int64 outputs are supported; a model with other output types fails with {@link UnsupportedError}.
     */
    public Map<String, Tensor> run(Collection<Tensor> feed) {
        Map<String, Tensor> byName = validate(feed);
        Map<String, OnnxTensor> onnx = new HashMap<>();
        try {
            for (Tensor t : byName.values()) {
                onnx.put(t.name(), t.type() == Tensor.ElementType.FLOAT32
                        ? OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), t.shape())
                        : OnnxTensor.createTensor(env, LongBuffer.wrap(t.longs()), t.shape()));
            }
            try (OrtSession.Result result = session.run(onnx)) {
                Map<String, Tensor> out = new LinkedHashMap<>();
                for (Map.Entry<String, OnnxValue> e : result) {
                    out.put(e.getKey(), toTensor(e.getKey(), e.getValue()));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new InferenceError("ONNX model " + name + " failed: " + e.getMessage(), e);
        } finally {
            onnx.values().forEach(OnnxTensor::close);
        }
    }

    private Map<String, Tensor> validate(Collection<Tensor> feed) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor t : feed) {
            TensorInfo info = inputs.get(t.name());
            if (info == null) {
                throw new ValidationError(t.name(), "model " + name + " has no input named '" + t.name()
                        + "'; its inputs are " + inputs.values());
            }
            if (byName.put(t.name(), t) != null) {
                throw new ValidationError(t.name(), "input given twice");
            }
            String given = t.type() == Tensor.ElementType.FLOAT32 ? "float32" : "int64";
            if (!info.elementType().equals(given)) {
                throw new ValidationError(t.name(), "input " + t.name() + " expects " + info.elementType()
                        + " but got " + given);
            }
            if (!info.accepts(t.shape())) {
                throw new ValidationError(t.name(), "input " + t.name() + " expects shape "
                        + Arrays.toString(info.shape()) + " (-1 = any size) but got " + Arrays.toString(t.shape()));
            }
        }
        List<String> missing = new ArrayList<>(inputs.keySet());
        missing.removeAll(byName.keySet());
        if (!missing.isEmpty()) {
            throw new ValidationError(missing.get(0), "model " + name + " needs inputs " + missing
                    + " (expected " + missing.stream().map(inputs::get).toList() + ")");
        }
        return byName;
    }

    private Tensor toTensor(String outputName, OnnxValue value) {
        if (!(value instanceof OnnxTensor t)) {
            throw new UnsupportedError("output " + outputName + " of model " + name + " is not a tensor");
        }
        long[] shape = t.getInfo().getShape();
        return switch (t.getInfo().type) {
            case FLOAT -> {
                FloatBuffer b = t.getFloatBuffer();
                float[] data = new float[b.remaining()];
                b.get(data);
                yield Tensor.ofFloats(outputName, shape, data);
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                long[] data = new long[b.remaining()];
                b.get(data);
                yield Tensor.ofLongs(outputName, shape, data);
            }
            default -> throw new UnsupportedError("output " + outputName + " of model " + name + " has type "
                    + typeName(t.getInfo().type) + "; only float32 and int64 outputs are supported");
        };
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new InferenceError("cannot close ONNX model " + name + ": " + e.getMessage(), e);
        }
    }
}
