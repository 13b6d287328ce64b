package dev.blazen.inference.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.ValidationError;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Sentence embeddings computed in-process with ONNX Runtime (CPU) and a HuggingFace tokenizer. Texts are truncated to
 * the spec's maximum length, sorted by token count and run in batches so that texts of similar length are padded
 * together; vectors come back in input order. Thread-safe (an ORT session may run concurrently). Close it to free the
 * native session and tokenizer.
 */
public final class OnnxEmbeddingModel implements EmbeddingModel, AutoCloseable {

    /** Texts per ONNX run for fp32 models; dynamically quantized ones default to 1 (see {@link #defaultBatchSize}). */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final EmbeddingModelSpec spec;
    private final int batchSize;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean feedTokenTypes;
    private final boolean feedAttentionMask;
    private final String outputName;

    private OnnxEmbeddingModel(EmbeddingModelSpec spec, int batchSize, int intraOpThreads) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        this.spec = spec;
        this.batchSize = batchSize;
        byte[] tokenizerJson = spec.tokenizer().readVerified();
        byte[] onnx = spec.onnx().readVerified();
        try {
            // Our own truncation and no padding: each batch is padded to its longest member below.
            this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), Map.of(
                    "addSpecialTokens", "true", "truncation", "true", "maxLength",
                    Integer.toString(spec.maxLength()), "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse tokenizer " + spec.tokenizer().describe(), e);
        }
        this.environment = OrtEnvironment.getEnvironment();
        OrtSession created = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            created = environment.createSession(onnx, options);
            Set<String> inputs = created.getInputNames();
            EmbeddingModelSpec.InputNames names = spec.inputNames();
            if (!inputs.contains(names.inputIds())) {
                throw new ValidationError("onnx", spec.onnx().describe() + " has no input '" + names.inputIds()
                        + "'; its inputs are " + inputs);
            }
            this.feedAttentionMask = inputs.contains(names.attentionMask());
            this.feedTokenTypes = inputs.contains(names.tokenTypeIds());
            // sentence-transformers exports name it last_hidden_state; otherwise the first output
            Set<String> outputs = created.getOutputNames();
            this.outputName = outputs.contains("last_hidden_state") ? "last_hidden_state" : outputs.iterator().next();
            this.session = created;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(created, e);
            tokenizer.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new LocalInferenceError("cannot load ONNX model " + spec.onnx().describe() + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(OrtSession session, Exception primary) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException suppressed) {
                primary.addSuppressed(suppressed);
            }
        }
    }

    /** The model of {@code spec} with {@link #defaultBatchSize} and ONNX Runtime's default thread count. */
    public static OnnxEmbeddingModel load(EmbeddingModelSpec spec) {
        return new OnnxEmbeddingModel(spec, defaultBatchSize(spec), 0);
    }

    /**
     * 1 for a dynamically quantized graph, whose per-batch activation scales would make a text's vector depend on
     * the texts batched with it (and differ from the reference implementations, which run one text at a time);
     * {@link #DEFAULT_BATCH_SIZE} otherwise, where the attention mask keeps padding out of the result.
     */
    public static int defaultBatchSize(EmbeddingModelSpec spec) {
        return spec.quantized() ? 1 : DEFAULT_BATCH_SIZE;
    }

    /**
     * @param batchSize      texts per ONNX run
     * @param intraOpThreads threads per run; 0 leaves ONNX Runtime's default (one per physical core)
     */
    public static OnnxEmbeddingModel load(EmbeddingModelSpec spec, int batchSize, int intraOpThreads) {
        return new OnnxEmbeddingModel(spec, batchSize, intraOpThreads);
    }

    public EmbeddingModelSpec spec() {
        return spec;
    }

    public int batchSize() {
        return batchSize;
    }

    @Override
    public String modelId() {
        return spec.modelId();
    }

    @Override
    public int dimensions() {
        return spec.dimensions();
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        long start = System.nanoTime();
        if (texts == null) {
            throw new ValidationError("texts", "must not be null");
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new ValidationError("texts[" + i + "]", "cannot embed an empty or blank text");
            }
        }
        Encoding[] encodings = new Encoding[texts.size()];
        long promptTokens = 0;
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = tokenizer.encode(texts.get(i));
            promptTokens += encodings[i].getIds().length;
        }
        // Longest first, so the first batch shows at once whether the biggest inputs fit in memory.
        Integer[] order = IntStream.range(0, encodings.length).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> encodings[i].getIds().length).reversed())
                .toArray(Integer[]::new);
        float[][] vectors = new float[encodings.length][];
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            Encoding[] batch = new Encoding[to - from];
            for (int k = from; k < to; k++) {
                batch[k - from] = encodings[order[k]];
            }
            float[][] out = run(batch);
            for (int k = from; k < to; k++) {
                vectors[order[k]] = out[k - from];
            }
        }
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        return new EmbeddingResponse(List.of(vectors), spec.modelId(), TokenUsage.of(promptTokens, 0), 0.0,
                RequestTiming.total(totalMs), null);
    }

    private float[][] run(Encoding[] batch) {
        int rows = batch.length;
        int width = 0;
        for (Encoding e : batch) {
            width = Math.max(width, e.getIds().length);
        }
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        long[] types = new long[rows * width];
        for (int r = 0; r < rows; r++) {
            long[] eIds = batch[r].getIds();
            long[] eMask = batch[r].getAttentionMask();
            long[] eTypes = batch[r].getTypeIds();
            System.arraycopy(eIds, 0, ids, r * width, eIds.length);
            System.arraycopy(eMask, 0, mask, r * width, eMask.length);
            System.arraycopy(eTypes, 0, types, r * width, eTypes.length);
            // the rest of the row stays 0: [PAD] id 0, mask 0, type 0
        }
        long[] shape = {rows, width};
        EmbeddingModelSpec.InputNames names = spec.inputNames();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(names.inputIds(), OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            if (feedAttentionMask) {
                inputs.put(names.attentionMask(), OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            }
            if (feedTokenTypes) {
                inputs.put(names.tokenTypeIds(), OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                long[] hiddenShape = hidden.getInfo().getShape();
                int dims = (int) hiddenShape[hiddenShape.length - 1];
                // one flat copy of [rows, width, dims] instead of boxing it into nested arrays
                FloatBuffer flat = hidden.getFloatBuffer();
                float[][] pooled = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    pooled[r] = pool(flat, mask, r, width, dims);
                    if (spec.normalize()) {
                        l2Normalise(pooled[r]);
                    }
                }
                return pooled;
            }
        } catch (OrtException e) {
            throw new LocalInferenceError("ONNX inference failed for " + spec.modelId() + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[] pool(FloatBuffer flat, long[] mask, int row, int width, int dims) {
        int rowStart = row * width * dims;
        float[] out = new float[dims];
        if (spec.pooling() == EmbeddingModelSpec.Pooling.CLS) {
            flat.get(rowStart, out);
            return out;
        }
        double[] sum = new double[dims];
        int count = 0;
        for (int t = 0; t < width; t++) {
            if (mask[row * width + t] == 0) {
                continue;
            }
            count++;
            int tokenStart = rowStart + t * dims;
            for (int d = 0; d < dims; d++) {
                sum[d] += flat.get(tokenStart + d);
            }
        }
        for (int d = 0; d < dims; d++) {
            out[d] = (float) (sum[d] / Math.max(count, 1));
        }
        return out;
    }

    private static void l2Normalise(float[] v) {
        double sq = 0;
        for (float x : v) {
            sq += (double) x * x;
        }
        double norm = Math.sqrt(sq);
        if (norm == 0) {
            return;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new LocalInferenceError("cannot close ONNX session of " + spec.modelId() + ": " + e.getMessage(), e);
        } finally {
            tokenizer.close();
        }
    }
}
