package dev.blazen.inference.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.blazen.inference.session.Device;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Sentence embeddings computed in-process with ONNX Runtime (CPU) and a HuggingFace tokenizer. Texts are truncated to
 * the spec's maximum length, sorted by token count and run in batches so that texts of similar length are padded
 * together; vectors come back in input order. Thread-safe (an ORT session may run concurrently). Close it to free the
 * native session, the tokenizer and the worker threads.
 *
 * <p>Two ways to use several cores: <em>intra-op threads</em> split each ONNX run's operators across threads, and
 * <em>parallelism</em> runs that many batches at once on one shared session (data parallelism). The small matrix
 * products of a BERT-sized encoder on one text scale poorly across intra-op threads, so
 * {@link #load(EmbeddingModelSpec)} uses one intra-op thread per run and one concurrent run per available processor
 * (on 2 cores: 1.9-2.0x one thread, against 1.3-1.8x for one run with 2 intra-op threads). The calling thread always
 * takes part in the work; the other {@code parallelism - 1} workers belong to the model, idle out after a minute
 * and are shut down by {@link #close()}. With parallelism 1 no worker thread is ever started.
 */
public final class OnnxEmbeddingModel implements EmbeddingModel, AutoCloseable {

    /**
     * Texts per ONNX run for fp32 models; dynamically quantized ones default to 1 (see {@link #defaultBatchSize}).
     * Small on purpose: on a CPU one text of a hundred tokens already makes the matrix products big enough, while
     * bigger batches mean bigger activations per run and fewer batches to share among the workers (measured with
     * all-MiniLM-L6-v2 fp32 on 2 cores: batches of 1 to 4 were the fastest, 8 about 10% slower, 32 a quarter to a
     * half slower).
     */
    public static final int DEFAULT_BATCH_SIZE = 4;

    /** Texts tokenized per work item when tokenization is spread over the workers. */
    private static final int TOKENIZE_CHUNK = 16;

    private static final AtomicInteger WORKER_POOLS = new AtomicInteger();

    private final EmbeddingModelSpec spec;
    private final int batchSize;
    private final int intraOpThreads;
    private final int parallelism;
    private final int dimensions;
    private final Device device;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean feedTokenTypes;
    private final boolean feedAttentionMask;
    private final String outputName;
    /** {@code parallelism - 1} helpers; null when parallelism is 1. */
    private final ThreadPoolExecutor workers;

    private OnnxEmbeddingModel(EmbeddingModelSpec spec, int batchSize, int intraOpThreads, int parallelism,
            Device requestedDevice) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1: " + batchSize);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be 0 (ONNX Runtime's default) or more: "
                    + intraOpThreads);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.spec = spec;
        this.batchSize = batchSize;
        this.intraOpThreads = intraOpThreads;
        this.parallelism = parallelism;
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
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            this.device = requestedDevice.applyTo(options, spec.modelId());
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
            this.dimensions = resolveDimensions(spec, created.getOutputInfo().get(outputName), outputName);
            this.session = created;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(created, e);
            tokenizer.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new LocalInferenceError("cannot load ONNX model " + spec.onnx().describe() + ": " + e.getMessage(), e);
        }
        if (parallelism > 1) {
            int pool = WORKER_POOLS.incrementAndGet();
            AtomicInteger count = new AtomicInteger();
            this.workers = new ThreadPoolExecutor(parallelism - 1, parallelism - 1, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "blazen-embed-" + pool + "-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            this.workers.allowCoreThreadTimeOut(true);
        } else {
            this.workers = null;
        }
    }

    /**
     * The spec's dimensions, or with 0 the last dimension of the output's declared shape; a declared size that
     * differs from the spec's is an error either way, since every vector would have the wrong length.
     */
    private static int resolveDimensions(EmbeddingModelSpec spec, NodeInfo output, String outputName) {
        long declared = -1;
        if (output != null && output.getInfo() instanceof TensorInfo info && info.getShape().length > 0) {
            long[] shape = info.getShape();
            declared = shape[shape.length - 1];
        }
        if (spec.dimensions() == 0) {
            if (declared <= 0) {
                throw new ValidationError("dimensions", spec.onnx().describe() + ": output '" + outputName
                        + "' has a dynamic last dimension, so the vector length cannot be read from the model; "
                        + "give the spec its dimensions");
            }
            return Math.toIntExact(declared);
        }
        if (declared > 0 && declared != spec.dimensions()) {
            throw new ValidationError("dimensions", "the spec says " + spec.dimensions() + " but output '"
                    + outputName + "' of " + spec.onnx().describe() + " has " + declared);
        }
        return spec.dimensions();
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

    /**
     * The model of {@code spec} with {@link #defaultBatchSize}, one intra-op thread per ONNX run and
     * {@link #defaultParallelism()} runs at once: the fastest setting measured by {@code benchmarks/run.sh embed}.
     */
    public static OnnxEmbeddingModel load(EmbeddingModelSpec spec) {
        return new OnnxEmbeddingModel(spec, defaultBatchSize(spec), 1, defaultParallelism(), Device.CPU);
    }

    /**
     * 1 for a dynamically quantized graph, whose per-batch activation scales would make a text's vector depend on
     * the texts batched with it (and differ from the reference implementations, which run one text at a time);
     * {@link #DEFAULT_BATCH_SIZE} otherwise, where the attention mask keeps padding out of the result.
     */
    public static int defaultBatchSize(EmbeddingModelSpec spec) {
        return spec.quantized() ? 1 : DEFAULT_BATCH_SIZE;
    }

    /** One concurrent ONNX run per processor available to the JVM. */
    public static int defaultParallelism() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * One ONNX run at a time (parallelism 1), each using {@code intraOpThreads}.
     *
     * @param batchSize      texts per ONNX run
     * @param intraOpThreads threads per run; 0 leaves ONNX Runtime's default (one per physical core)
     */
    public static OnnxEmbeddingModel load(EmbeddingModelSpec spec, int batchSize, int intraOpThreads) {
        return new OnnxEmbeddingModel(spec, batchSize, intraOpThreads, 1, Device.CPU);
    }

    /**
     * @param batchSize      texts per ONNX run
     * @param intraOpThreads threads per run; 0 leaves ONNX Runtime's default (one per physical core)
     * @param parallelism    ONNX runs (batches) at once on the shared session, the calling thread being one of them;
     *                       at most {@code parallelism * max(intraOpThreads, 1)} threads compute at a time, so
     *                       {@code intraOpThreads = 1, parallelism = cores} uses the same cores as
     *                       {@code intraOpThreads = cores, parallelism = 1}
     */
    public static OnnxEmbeddingModel load(EmbeddingModelSpec spec, int batchSize, int intraOpThreads,
            int parallelism) {
        return new OnnxEmbeddingModel(spec, batchSize, intraOpThreads, parallelism, Device.CPU);
    }

    /**
     * The same on {@code device}: {@code cuda:N} uses the CUDA execution provider, or falls back to the CPU after one
     * WARN line when this ONNX Runtime build or machine has none ({@link #device()} tells which).
     */
    public static OnnxEmbeddingModel load(EmbeddingModelSpec spec, int batchSize, int intraOpThreads,
            int parallelism, Device device) {
        return new OnnxEmbeddingModel(spec, batchSize, intraOpThreads, parallelism, device == null ? Device.CPU : device);
    }

    /** The device the session runs on (the CPU after a CUDA fallback). */
    public Device device() {
        return device;
    }

    public EmbeddingModelSpec spec() {
        return spec;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Threads per ONNX run; 0 is ONNX Runtime's default. */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** ONNX runs at once, the calling thread included. */
    public int parallelism() {
        return parallelism;
    }

    @Override
    public String modelId() {
        return spec.modelId();
    }

    /** The vector length: the spec's, or read from the model's output shape when the spec says 0. */
    @Override
    public int dimensions() {
        return dimensions;
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
        int n = texts.size();
        Encoding[] encodings = new Encoding[n];
        forEach((n + TOKENIZE_CHUNK - 1) / TOKENIZE_CHUNK, chunk -> {
            for (int i = chunk * TOKENIZE_CHUNK, end = Math.min(n, i + TOKENIZE_CHUNK); i < end; i++) {
                encodings[i] = tokenizer.encode(texts.get(i));
            }
        });
        long promptTokens = 0;
        // Longest first: the first batch shows at once whether the biggest inputs fit in memory, and with several
        // workers the short batches at the end even out their finishing times.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            int length = encodings[i].getIds().length;
            promptTokens += length;
            keys[i] = ((long) (Integer.MAX_VALUE - length) << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = (int) keys[k];
        }
        float[][] vectors = new float[n][];
        forEach((n + batchSize - 1) / batchSize, b -> {
            int from = b * batchSize;
            int to = Math.min(n, from + batchSize);
            Encoding[] batch = new Encoding[to - from];
            for (int k = from; k < to; k++) {
                batch[k - from] = encodings[order[k]];
            }
            float[][] out = run(batch);
            for (int k = from; k < to; k++) {
                vectors[order[k]] = out[k - from];
            }
        });
        long totalMs = (System.nanoTime() - start) / 1_000_000;
        return new EmbeddingResponse(List.of(vectors), spec.modelId(), TokenUsage.of(promptTokens, 0), 0.0,
                RequestTiming.total(totalMs), null);
    }

    /**
     * Runs {@code body} for 0 until {@code tasks}, on the calling thread and on up to {@code parallelism - 1} workers,
     * each taking the next index until none is left. Returns when every index has run; the first failure is rethrown
     * and stops further indices from being taken. A worker that starts after the work is gone (busy with another
     * call) finds nothing to do, so the caller never waits for it.
     */
    private void forEach(int tasks, IntConsumer body) {
        if (workers == null || tasks <= 1) {
            for (int i = 0; i < tasks; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable loop = () -> {
            int i;
            while ((i = next.getAndIncrement()) < tasks) {
                try {
                    body.accept(i);
                } catch (Throwable t) {
                    if (!failure.compareAndSet(null, t)) {
                        failure.get().addSuppressed(t);
                    }
                    abandon(next, tasks, done);
                } finally {
                    done.countDown();
                }
            }
        };
        int helpers = Math.min(parallelism, tasks) - 1;
        for (int h = 0; h < helpers; h++) {
            try {
                workers.execute(loop);
            } catch (RejectedExecutionException closed) {
                break; // closed meanwhile: the caller does the rest (and the session reports it is closed)
            }
        }
        loop.run();
        boolean interrupted = false;
        int abandoned = 0;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                // stop handing out work, but wait for what is in flight: it fills arrays this call returns
                interrupted = true;
                abandoned += abandon(next, tasks, done);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t == null && abandoned > 0) {
            throw new LocalInferenceError("interrupted while embedding with " + spec.modelId(), null);
        }
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error error) {
            throw error;
        }
        if (t != null) {
            throw new LocalInferenceError("embedding failed for " + spec.modelId() + ": " + t.getMessage(), t);
        }
    }

    /** Claims every index not yet taken so that nobody starts it, and counts it as done; returns how many. */
    private static int abandon(AtomicInteger next, int tasks, CountDownLatch done) {
        int rest = next.getAndSet(tasks);
        for (int skipped = rest; skipped < tasks; skipped++) {
            done.countDown();
        }
        return Math.max(0, tasks - rest);
    }

    private float[][] run(Encoding[] batch) {
        int rows = batch.length;
        int width = 0;
        for (Encoding e : batch) {
            width = Math.max(width, e.getIds().length);
        }
        long[] ids = new long[rows * width];
        long[] mask = new long[rows * width];
        long[] types = feedTokenTypes ? new long[rows * width] : null;
        for (int r = 0; r < rows; r++) {
            long[] eIds = batch[r].getIds();
            System.arraycopy(eIds, 0, ids, r * width, eIds.length);
            long[] eMask = batch[r].getAttentionMask();
            System.arraycopy(eMask, 0, mask, r * width, eMask.length);
            if (types != null) {
                long[] eTypes = batch[r].getTypeIds();
                System.arraycopy(eTypes, 0, types, r * width, eTypes.length);
            }
            // the rest of the row stays 0: [PAD] id 0, mask 0, type 0
        }
        long[] shape = {rows, width};
        EmbeddingModelSpec.InputNames names = spec.inputNames();
        Map<String, OnnxTensor> inputs = new HashMap<>(4);
        try {
            inputs.put(names.inputIds(), OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            if (feedAttentionMask) {
                inputs.put(names.attentionMask(), OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            }
            if (types != null) {
                inputs.put(names.tokenTypeIds(), OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(outputName))) {
                OnnxTensor hidden = (OnnxTensor) result.get(0);
                long[] hiddenShape = hidden.getInfo().getShape();
                int dims = (int) hiddenShape[hiddenShape.length - 1];
                if (dims != dimensions) {
                    throw new LocalInferenceError("output '" + outputName + "' of " + spec.modelId() + " has "
                            + dims + " dimensions, expected " + dimensions, null);
                }
                // one flat copy of [rows, width, dims] instead of boxing it into nested arrays (getBufferRef, which
                // would avoid the copy, fails with a NullPointerException on output tensors in ONNX Runtime 1.29)
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
        float[] token = new float[dims];
        int count = 0;
        for (int t = 0; t < width; t++) {
            if (mask[row * width + t] == 0) {
                continue;
            }
            count++;
            flat.get(rowStart + t * dims, token);
            for (int d = 0; d < dims; d++) {
                sum[d] += token[d];
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
        if (workers != null) {
            workers.shutdown();
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new LocalInferenceError("cannot close ONNX session of " + spec.modelId() + ": " + e.getMessage(), e);
        } finally {
            tokenizer.close();
        }
    }
}
