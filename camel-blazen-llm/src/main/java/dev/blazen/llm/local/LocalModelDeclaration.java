package dev.blazen.llm.local;

import dev.blazen.llm.error.ValidationError;

import java.util.List;

/**
 * A local model as a user declares it (from endpoint options, properties or Java): where its files are, what task it
 * serves, and how to run it. Files are plain paths or {@code classpath:} resources. Two declarations of one name must
 * be equal; the runtime rejects a conflicting one.
 *
 * @param name          the model's name, unique within a {@link LocalInference}
 * @param task          what the model does
 * @param modelPath     the ONNX file; none for the bundled embedding presets, which are found by {@code name}
 * @param sha256        the ONNX file's expected SHA-256 (hex); a mismatch fails the load; none = not checked
 * @param tokenizerPath the HuggingFace tokenizer.json; needed for text input
 * @param configPath    the HuggingFace config.json whose {@code id2label} names a classifier's outputs
 * @param labels        a classifier's labels by output index, instead of {@code configPath}
 * @param pooling       {@code cls} or {@code mean}, for an embedding model read from a file; none = {@code mean}
 * @param maxLength     tokens per text, special tokens included; 0 = the preset's own, or 512
 * @param device        {@code cpu}, {@code cuda} or {@code cuda:N}; CUDA falls back to the CPU when unavailable
 * @param threads       intra-op threads per run; 0 = ONNX Runtime's default
 * @param batchSize     texts per ONNX run; 0 = the task's default
 * @param pool          the memory pool the model is accounted in; none = the device ({@code cpu}, {@code cuda:0})
 * @param memoryBytes   the model's memory estimate; 0 = twice its ONNX file's size
 */
public record LocalModelDeclaration(String name, InferTask task, String modelPath, String sha256, String tokenizerPath,
        String configPath, List<String> labels, String pooling, int maxLength, String device, int threads,
        int batchSize, String pool, long memoryBytes) {

    public LocalModelDeclaration {
        if (name == null || name.isBlank()) {
            throw new ValidationError("name", "a local model needs a name");
        }
        if (task == null) {
            throw new ValidationError("task", "model " + name + " needs a task (embed, rerank, classify or raw)");
        }
        labels = labels == null ? List.of() : List.copyOf(labels);
        device = device == null || device.isBlank() ? "cpu" : device.trim();
        if (maxLength < 0 || threads < 0 || batchSize < 0 || memoryBytes < 0) {
            throw new ValidationError(maxLength < 0 ? "maxLength" : threads < 0 ? "threads"
                    : batchSize < 0 ? "batchSize" : "memoryBytes", "model " + name + ": must not be negative");
        }
        if (pooling != null && !pooling.equals("cls") && !pooling.equals("mean")) {
            throw new ValidationError("pooling", "model " + name + ": pooling is cls or mean, got '" + pooling + "'");
        }
        boolean text = task != InferTask.RAW;
        boolean preset = task == InferTask.EMBED && modelPath == null;
        if (!preset && (modelPath == null || modelPath.isBlank())) {
            throw new ValidationError("modelPath", "model " + name + " (" + task.name().toLowerCase(java.util.Locale.ROOT)
                    + ") needs the path of its ONNX file");
        }
        if (text && !preset && tokenizerPath == null) {
            throw new ValidationError("tokenizerPath", "model " + name + " reads text, so it needs its tokenizer.json");
        }
        if (task == InferTask.CLASSIFY && labels.isEmpty() && configPath == null) {
            throw new ValidationError("labels", "classifier " + name + " needs labels or the config.json that has "
                    + "its id2label");
        }
    }

    public static Builder builder(String name, InferTask task) {
        return new Builder(name, task);
    }

    /** The pool the model is accounted in: {@link #pool()}, or else the device. */
    public String effectivePool() {
        return pool == null || pool.isBlank() ? device.equals("cuda") ? "cuda:0" : device : pool;
    }

    /** Builds a declaration; unset fields take the defaults documented on the record. */
    public static final class Builder {
        private final String name;
        private final InferTask task;
        private String modelPath;
        private String sha256;
        private String tokenizerPath;
        private String configPath;
        private List<String> labels;
        private String pooling;
        private int maxLength;
        private String device;
        private int threads;
        private int batchSize;
        private String pool;
        private long memoryBytes;

        private Builder(String name, InferTask task) {
            this.name = name;
            this.task = task;
        }

        public Builder modelPath(String value) {
            modelPath = value;
            return this;
        }

        public Builder sha256(String value) {
            sha256 = value;
            return this;
        }

        public Builder tokenizerPath(String value) {
            tokenizerPath = value;
            return this;
        }

        public Builder configPath(String value) {
            configPath = value;
            return this;
        }

        public Builder labels(List<String> value) {
            labels = value;
            return this;
        }

        public Builder pooling(String value) {
            pooling = value;
            return this;
        }

        public Builder maxLength(int value) {
            maxLength = value;
            return this;
        }

        public Builder device(String value) {
            device = value;
            return this;
        }

        public Builder threads(int value) {
            threads = value;
            return this;
        }

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder pool(String value) {
            pool = value;
            return this;
        }

        public Builder memoryBytes(long value) {
            memoryBytes = value;
            return this;
        }

        public LocalModelDeclaration build() {
            return new LocalModelDeclaration(name, task, modelPath, sha256, tokenizerPath, configPath, labels, pooling,
                    maxLength, device, threads, batchSize, pool, memoryBytes);
        }
    }
}
