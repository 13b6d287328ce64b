package dev.blazen.inference.session;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.blazen.llm.error.ValidationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where a session runs: the CPU, or a CUDA GPU by index ({@code "cpu"}, {@code "cuda"}, {@code "cuda:1"}). */
public record Device(Kind kind, int index) {

    public enum Kind { CPU, CUDA }

    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (index < 0) {
            throw new ValidationError("device", "negative device index " + index);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Device.class);

    /**
     * Puts the session on this device: for CUDA, adds the CUDA execution provider, or, when this ONNX Runtime build
     * has none (the CPU artifact) or no usable GPU is present, logs one WARN line and leaves the session on the CPU.
     *
     * @return the device the session will actually run on
     */
    public Device applyTo(OrtSession.SessionOptions options, String modelName) {
        if (kind == Kind.CPU) {
            return this;
        }
        try {
            options.addCUDA(index);
            return this;
        } catch (OrtException | RuntimeException | LinkageError e) {
            LOG.warn("CUDA device {} requested for ONNX model {} but the CUDA execution provider is unavailable ({});"
                    + " running on the CPU. Use the com.microsoft.onnxruntime:onnxruntime_gpu artifact (the gpu Maven"
                    + " profile) and a CUDA GPU to run there.", index, modelName, e.getMessage());
            return CPU;
        }
    }

    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /** Parses {@code cpu}, {@code cuda} (device 0) or {@code cuda:N}. */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda") || t.equals("gpu")) {
            return cuda(0);
        }
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new ValidationError("device", "unknown device '" + text + "' (expected cpu, cuda or cuda:N)");
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
