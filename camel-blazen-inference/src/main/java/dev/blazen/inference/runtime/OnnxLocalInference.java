package dev.blazen.inference.runtime;

import dev.blazen.inference.embedding.EmbeddingModelSpec;
import dev.blazen.inference.embedding.ModelSource;
import dev.blazen.inference.embedding.OnnxEmbeddingModel;
import dev.blazen.inference.manager.ModelManager;
import dev.blazen.inference.session.CrossEncoder;
import dev.blazen.inference.session.Device;
import dev.blazen.inference.session.OnnxInference;
import dev.blazen.inference.session.SequenceClassifier;
import dev.blazen.inference.session.SessionConfig;
import dev.blazen.inference.session.TextTokenizer;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.local.Classification;
import dev.blazen.llm.local.InferTask;
import dev.blazen.llm.local.LocalInference;
import dev.blazen.llm.local.LocalModelDeclaration;
import dev.blazen.llm.local.ModelStatus;
import dev.blazen.llm.local.RerankScore;
import dev.blazen.llm.local.Tensor;
import dev.blazen.llm.local.TensorInfo;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link LocalInference} on ONNX Runtime: every declaration is registered with a {@link ModelManager} under its pool
 * and memory estimate, and loads on first use into the shape its task needs (an {@link OnnxEmbeddingModel}, a
 * {@link CrossEncoder}, a {@link SequenceClassifier}, or a bare {@link OnnxInference} with an optional tokenizer).
 * Calls run while the manager holds the model in use, so an eviction never closes a session under a running call.
 */
public final class OnnxLocalInference implements LocalInference {

    /** Texts or pairs per ONNX run for rerank and classify when the declaration sets none. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Tokens per text when neither the declaration nor a preset says. */
    public static final int DEFAULT_MAX_LENGTH = 512;

    private final ModelManager manager;
    private final Map<String, LocalModelDeclaration> declarations = new ConcurrentHashMap<>();

    public OnnxLocalInference(Map<String, Long> poolBudgets) {
        this.manager = new ModelManager(poolBudgets);
    }

    /** The manager behind this runtime, for status, progress listeners and explicit unloads. */
    public ModelManager manager() {
        return manager;
    }

    @Override
    public synchronized void declare(LocalModelDeclaration declaration) {
        LocalModelDeclaration known = declarations.get(declaration.name());
        if (known != null) {
            if (!known.equals(declaration)) {
                throw new ValidationError("name", "model " + declaration.name() + " is already declared differently: "
                        + known + " against " + declaration);
            }
            return;
        }
        if (declaration.task() == InferTask.EMBED && declaration.modelPath() == null) {
            EmbeddingModelSpec.preset(declaration.name()); // a ValidationError listing the presets when unknown
        }
        Device.parse(declaration.device());
        ModelSource onnx = onnxSource(declaration);
        long bytes = declaration.memoryBytes() > 0 ? declaration.memoryBytes() : 2 * onnx.size();
        manager.register(declaration.name(), declaration.effectivePool(), bytes, progress -> open(declaration, progress));
        declarations.put(declaration.name(), declaration);
    }

    @Override
    public LocalModelDeclaration declaration(String name) {
        LocalModelDeclaration d = declarations.get(name);
        if (d == null) {
            throw new ValidationError("model", "no local model declared as '" + name + "'; declared: "
                    + declarations.keySet());
        }
        return d;
    }

    private static ModelSource onnxSource(LocalModelDeclaration d) {
        return d.modelPath() == null ? EmbeddingModelSpec.preset(d.name()).onnx() : ModelSource.of(d.modelPath(), d.sha256());
    }

    private static LoadedModel open(LocalModelDeclaration d, dev.blazen.inference.manager.ModelLoader.Progress progress) {
        SessionConfig session = new SessionConfig(Device.parse(d.device()), d.threads());
        int batch = d.batchSize() > 0 ? d.batchSize() : DEFAULT_BATCH_SIZE;
        int maxLength = d.maxLength() > 0 ? d.maxLength() : DEFAULT_MAX_LENGTH;
        return switch (d.task()) {
            case EMBED -> {
                EmbeddingModelSpec spec = embeddingSpec(d);
                progress.report(0.1, "opening " + spec.onnx().describe());
                int embedBatch = d.batchSize() > 0 ? d.batchSize() : OnnxEmbeddingModel.defaultBatchSize(spec);
                // no thread count: one single-threaded run per core (the fastest measured); else one run on them all
                yield new LoadedModel.Embedder(d.threads() == 0
                        ? OnnxEmbeddingModel.load(spec, embedBatch, 1, OnnxEmbeddingModel.defaultParallelism(),
                                session.device())
                        : OnnxEmbeddingModel.load(spec, embedBatch, d.threads(), 1, session.device()));
            }
            case RERANK -> {
                TextTokenizer tokenizer = tokenizer(d, maxLength);
                progress.report(0.2, "opening " + d.modelPath());
                yield new LoadedModel.Reranker(new CrossEncoder(session(d, session, tokenizer), tokenizer), batch);
            }
            case CLASSIFY -> {
                List<String> labels = d.labels().isEmpty() ? labelsFromConfig(d) : d.labels();
                TextTokenizer tokenizer = tokenizer(d, maxLength);
                progress.report(0.2, "opening " + d.modelPath());
                yield new LoadedModel.Classifier(new SequenceClassifier(session(d, session, tokenizer), tokenizer,
                        labels), batch);
            }
            case RAW -> {
                TextTokenizer tokenizer = d.tokenizerPath() == null ? null : tokenizer(d, maxLength);
                progress.report(0.2, "opening " + d.modelPath());
                yield new LoadedModel.Raw(session(d, session, tokenizer), tokenizer);
            }
        };
    }

    /** Opens the ONNX session; closes the tokenizer already opened for it when that fails. */
    private static OnnxInference session(LocalModelDeclaration d, SessionConfig config, TextTokenizer tokenizer) {
        try {
            return OnnxInference.open(d.modelPath(), ModelSource.of(d.modelPath(), d.sha256()).readVerified(), config);
        } catch (RuntimeException e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            throw e;
        }
    }

    private static TextTokenizer tokenizer(LocalModelDeclaration d, int maxLength) {
        byte[] json = ModelSource.of(d.tokenizerPath(), null).readVerified();
        return TextTokenizer.fromStream(new ByteArrayInputStream(json), maxLength);
    }

    private static List<String> labelsFromConfig(LocalModelDeclaration d) {
        byte[] json = ModelSource.of(d.configPath(), null).readVerified();
        return SequenceClassifier.labelsFromConfig(new ByteArrayInputStream(json));
    }

    private static EmbeddingModelSpec embeddingSpec(LocalModelDeclaration d) {
        if (d.modelPath() == null) {
            EmbeddingModelSpec preset = EmbeddingModelSpec.preset(d.name());
            return d.maxLength() > 0 ? preset.withMaxLength(d.maxLength()) : preset;
        }
        ModelSource onnx = ModelSource.of(d.modelPath(), d.sha256());
        EmbeddingModelSpec.Pooling pooling = "cls".equals(d.pooling()) ? EmbeddingModelSpec.Pooling.CLS
                : EmbeddingModelSpec.Pooling.MEAN;
        // 0 dimensions: read from the model's output shape at load
        return new EmbeddingModelSpec(d.name(), onnx, ModelSource.of(d.tokenizerPath(), null), pooling, true,
                d.maxLength() > 0 ? d.maxLength() : DEFAULT_MAX_LENGTH, 0, EmbeddingModelSpec.InputNames.BERT,
                isDynamicallyQuantized(onnx));
    }

    /**
     * Whether the graph quantizes its activations per run (its batches would then change each text's vector, so it
     * embeds one text per run by default). Operator types are plain strings in the ONNX protobuf.
     */
    static boolean isDynamicallyQuantized(ModelSource onnx) {
        byte[] bytes = onnx.readVerified();
        byte[] marker = "DynamicQuantizeLinear".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i <= bytes.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (bytes[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private <T extends LoadedModel, R> R use(String model, InferTask task, Class<T> type, Function<T, R> work) {
        LocalModelDeclaration d = declaration(model);
        if (d.task() != task) {
            throw new ValidationError("task", "model " + model + " is declared for "
                    + d.task().name().toLowerCase(Locale.ROOT) + ", not " + task.name().toLowerCase(Locale.ROOT));
        }
        return manager.use(model, type, work);
    }

    @Override
    public EmbeddingResponse embed(String model, List<String> texts) {
        return use(model, InferTask.EMBED, LoadedModel.Embedder.class, m -> m.model().embed(texts));
    }

    @Override
    public List<RerankScore> rerank(String model, String query, List<String> passages) {
        if (query == null || query.isBlank()) {
            throw new ValidationError("query", "reranking needs a query");
        }
        requireTexts("passages", passages);
        return use(model, InferTask.RERANK, LoadedModel.Reranker.class, m -> {
            List<RerankScore> out = new ArrayList<>(passages.size());
            for (int from = 0; from < passages.size(); from += m.batchSize()) {
                int to = Math.min(passages.size(), from + m.batchSize());
                for (RerankScore s : m.model().rerank(query, passages.subList(from, to))) {
                    out.add(new RerankScore(s.index() + from, s.passage(), s.score()));
                }
            }
            out.sort(Comparator.comparingDouble(RerankScore::score).reversed());
            return out;
        });
    }

    @Override
    public List<Classification> classify(String model, List<String> texts) {
        requireTexts("texts", texts);
        return use(model, InferTask.CLASSIFY, LoadedModel.Classifier.class, m -> {
            List<Classification> out = new ArrayList<>(texts.size());
            for (int from = 0; from < texts.size(); from += m.batchSize()) {
                out.addAll(m.model().classify(texts.subList(from, Math.min(texts.size(), from + m.batchSize()))));
            }
            return out;
        });
    }

    @Override
    public Map<String, Tensor> run(String model, List<Tensor> inputs) {
        return use(model, InferTask.RAW, LoadedModel.Raw.class, m -> m.model().run(inputs));
    }

    @Override
    public Map<String, Tensor> runText(String model, List<String> texts) {
        requireTexts("texts", texts);
        return use(model, InferTask.RAW, LoadedModel.Raw.class, m -> {
            if (m.tokenizer() == null) {
                throw new ValidationError("tokenizerPath", "model " + model + " has no tokenizer declared, so it "
                        + "takes tensors, not text");
            }
            List<ai.djl.huggingface.tokenizers.Encoding> encodings = new ArrayList<>(texts.size());
            for (String text : texts) {
                encodings.add(m.tokenizer().encode(text));
            }
            return m.model().run(TextTokenizer.inputs(encodings, m.model()));
        });
    }

    @Override
    public List<TensorInfo> inputs(String model) {
        return use(model, InferTask.RAW, LoadedModel.Raw.class, m -> m.model().inputs());
    }

    private static void requireTexts(String field, List<String> texts) {
        if (texts == null || texts.isEmpty()) {
            throw new ValidationError(field, "at least one text is needed");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null || texts.get(i).isBlank()) {
                throw new ValidationError(field + "[" + i + "]", "empty or blank text");
            }
        }
    }

    @Override
    public void load(String model) {
        declaration(model);
        manager.load(model);
    }

    @Override
    public boolean unload(String model) {
        declaration(model);
        return manager.unload(model);
    }

    @Override
    public List<ModelStatus> status() {
        return manager.status();
    }

    @Override
    public void close() {
        manager.close();
    }
}
