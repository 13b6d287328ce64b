package dev.blazen.bench;

import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.memory.Memory;
import dev.blazen.memory.MemoryEntry;
import dev.blazen.memory.MemoryResult;
import dev.blazen.memory.SearchMode;
import dev.blazen.memory.backend.StoredEntry;
import dev.blazen.memory.inmemory.InMemoryBackend;
import dev.blazen.memory.lucene.LuceneBackend;
import dev.blazen.memory.lucene.VectorEncoding;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code benchmarks/run.sh memory}: top-10 semantic search over 100,000 entries of 384 dimensions through the
 * {@link Memory} API, three ways in one JVM run, with an embedding model stub that hands back precomputed vectors (so
 * embedding costs nothing and only search is measured):
 * <ul>
 *   <li><b>exact</b>: {@link SearchMode#EXACT} on an {@link InMemoryBackend}: exact cosine against every entry, the
 *       brute-force anchor and the ground truth of recall;</li>
 *   <li><b>indexed</b>: {@link SearchMode#INDEXED} on a {@link LuceneBackend} (our default index): the HNSW graph
 *       proposes candidates, Memory ranks them by exact cosine;</li>
 *   <li><b>simhash</b>: {@link SearchMode#SIMHASH} on an {@link InMemoryBackend}: Blazen's ranking, candidates sharing
 *       an LSH band of the 128-bit vector SimHash, ranked by Hamming distance.</li>
 * </ul>
 * Data: {@link SyntheticEmbeddings}, a fixed-seed clustered set calibrated on real sentence embeddings; the queries
 * are fresh draws from the same mixture. Measured rounds interleave the variants (rotating which goes first); round
 * r of a variant starts at query {@code r * queries / rounds} and runs at least that many queries and at least
 * {@code --min-round-seconds}, one query after the other on one thread. A variant's figure is the median of its
 * rounds in queries per second; recall@10 is over all queries, against exact's results.
 */
public final class MemoryBenchmark implements BenchSupport.Benchmark {

    static final long DEFAULT_SEED = 20240611L;
    static final String EXACT = "exact";
    static final String INDEXED = "indexed";
    static final String SIMHASH = "simhash";
    private static final List<String> VARIANTS = List.of(EXACT, INDEXED, SIMHASH);

    record Settings(int entries, int dims, int queries, int top, long seed, int maxConn, int beamWidth,
            int candidateFactor, VectorEncoding encoding, int warmupQueries, int rounds, double minRoundSeconds,
            List<String> only, Path indexDir, Path out) {

        static Settings parse(String[] args) {
            int entries = 100_000;
            int dims = 384;
            int queries = 1000;
            int top = 10;
            long seed = DEFAULT_SEED;
            int maxConn = LuceneBackend.DEFAULT_MAX_CONN;
            int beamWidth = LuceneBackend.DEFAULT_BEAM_WIDTH;
            int candidateFactor = Memory.DEFAULT_CANDIDATE_FACTOR;
            VectorEncoding encoding = VectorEncoding.FLOAT32;
            int warmupQueries = 100;
            int rounds = 5;
            double minRoundSeconds = 1.0;
            List<String> only = VARIANTS;
            Path indexDir = null;
            Path out = Path.of("benchmarks/results/memory.json");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
                    case "--entries" -> entries = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--dims" -> dims = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--queries" -> queries = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--top" -> top = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--seed" -> seed = Long.parseLong(BenchSupport.require(arg, value));
                    case "--max-conn" -> maxConn = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--beam-width" -> beamWidth = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--candidate-factor" -> candidateFactor = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--encoding" -> encoding = VectorEncoding.valueOf(
                            BenchSupport.require(arg, value).toUpperCase(Locale.ROOT));
                    case "--warmup-queries" -> warmupQueries = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--rounds" -> rounds = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--min-round-seconds" -> minRoundSeconds = Double.parseDouble(
                            BenchSupport.require(arg, value));
                    case "--only" -> only = List.of(BenchSupport.require(arg, value).split(","));
                    case "--index-dir" -> indexDir = Path.of(BenchSupport.require(arg, value));
                    case "--out" -> out = Path.of(BenchSupport.require(arg, value));
                    default -> throw new IllegalArgumentException("unknown option " + arg + "; options: --entries N "
                            + "--dims N --queries N --top N --seed N --max-conn N --beam-width N --candidate-factor N "
                            + "--encoding float32|int8 --warmup-queries N --rounds N --min-round-seconds X "
                            + "--only exact,indexed,simhash --index-dir DIR --out FILE");
                }
                i++;
            }
            if (entries < 2000 || dims < 8 || queries < 1 || top < 1 || rounds < 1 || queries < rounds
                    || warmupQueries < 0 || candidateFactor < 1 || minRoundSeconds < 0) {
                throw new IllegalArgumentException("entries must be at least 2000, dims at least 8, queries at least "
                        + "rounds, top, rounds and candidate-factor at least 1, warmup-queries and "
                        + "min-round-seconds at least 0");
            }
            for (String variant : only) {
                if (!VARIANTS.contains(variant)) {
                    throw new IllegalArgumentException("unknown variant " + variant + "; variants: " + VARIANTS);
                }
            }
            if (!only.contains(EXACT)) {
                throw new IllegalArgumentException("exact is the ground truth of recall: --only must include it");
            }
            return new Settings(entries, dims, queries, top, seed, maxConn, beamWidth, candidateFactor, encoding,
                    warmupQueries, rounds, minRoundSeconds, only, indexDir, out);
        }
    }

    /** One round of one variant: how many queries in how long. */
    record Round(String variant, int firstQuery, int queries, double seconds) {
        double queriesPerSecond() {
            return queries / seconds;
        }
    }

    private final Settings settings;
    private SyntheticEmbeddings generator;
    private float[][] queryVectors;
    private float[][] warmupVectors;
    private InMemoryBackend plain;
    private LuceneBackend lucene;
    private Path indexDir;
    private boolean deleteIndex;
    private final Map<String, Memory> memories = new LinkedHashMap<>();
    private final Map<String, Object> dataset = new LinkedHashMap<>();
    private final Map<String, Object> build = new LinkedHashMap<>();

    MemoryBenchmark(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.launch(args, Settings::parse, MemoryBenchmark::new);
    }

    @Override
    public void start() throws Exception {
        long t0 = System.nanoTime();
        generator = new SyntheticEmbeddings(SyntheticEmbeddings.Shape.defaults(settings.dims()), settings.seed());
        float[][] data = generator.sample(settings.entries(), settings.seed() + 1);
        queryVectors = generator.sample(settings.queries(), settings.seed() + 2);
        warmupVectors = generator.sample(Math.max(1, settings.warmupQueries()), settings.seed() + 3);
        dataset.put("generator", "SyntheticEmbeddings: " + generator.shape().describe());
        dataset.put("seed", settings.seed());
        dataset.put("generateSeconds", BenchSupport.round3(seconds(t0)));
        System.out.printf("generated %d + %d + %d vectors in %.1fs%n", data.length, queryVectors.length,
                warmupVectors.length, seconds(t0));
        dataset.put("sampleStats", NeighbourStats.of(java.util.Arrays.copyOf(data, 2000)));

        // the plain backend, through Memory (which normalises and adds the SimHashes), shared by exact and simhash
        Lookup embedder = new Lookup(Map.of("d", data, "q", queryVectors, "w", warmupVectors));
        plain = new InMemoryBackend();
        Memory filler = Memory.builder(plain).embedder(embedder).mode(SearchMode.EXACT).build();
        long t1 = System.nanoTime();
        for (int from = 0; from < data.length; from += 5000) {
            List<MemoryEntry> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(data.length, from + 5000); i++) {
                chunk.add(new MemoryEntry("e" + i, "d:" + i, Map.of("part", i % 16)));
            }
            filler.addAll(chunk);
        }
        build.put("inMemoryFillSeconds", BenchSupport.round3(seconds(t1)));
        System.out.printf("filled the in-memory backend through Memory.addAll in %.1fs%n", seconds(t1));

        // the index gets the very same stored entries in one batch: the build time is Lucene's alone
        if (settings.only().contains(INDEXED)) {
            List<StoredEntry> entries = new ArrayList<>(data.length);
            plain.forEach(entries::add);
            entries.sort(Comparator.comparingInt(e -> Integer.parseInt(e.id().substring(1))));
            deleteIndex = settings.indexDir() == null;
            indexDir = deleteIndex ? Files.createTempDirectory("blazen-memory-bench") : settings.indexDir();
            lucene = LuceneBackend.builder(indexDir).encoding(settings.encoding()).maxConn(settings.maxConn())
                    .beamWidth(settings.beamWidth()).build();
            long t2 = System.nanoTime();
            lucene.put(entries);
            lucene.commit();
            double buildSeconds = seconds(t2);
            build.put("luceneBuildSeconds", BenchSupport.round3(buildSeconds));
            build.put("luceneEntriesPerSecond", Math.round(entries.size() / buildSeconds));
            build.put("luceneIndexingThreads", Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
            try (FSDirectory dir = FSDirectory.open(indexDir); DirectoryReader reader = DirectoryReader.open(dir)) {
                build.put("luceneSegments", reader.leaves().size());
            }
            build.put("luceneIndexMiB", BenchSupport.round3(directoryBytes(indexDir) / (1024.0 * 1024.0)));
            System.out.printf("built the Lucene index (%s, M=%d, beamWidth=%d) in %.1fs: %s%n", settings.encoding(),
                    settings.maxConn(), settings.beamWidth(), buildSeconds, build);
        }
        data = null; // the backends hold their own copies
        embedder.drop("d");

        for (String variant : settings.only()) {
            Memory.Builder b = switch (variant) {
                case EXACT -> Memory.builder(plain).mode(SearchMode.EXACT);
                case INDEXED -> Memory.builder(lucene).mode(SearchMode.INDEXED);
                case SIMHASH -> Memory.builder(plain).mode(SearchMode.SIMHASH);
                default -> throw new IllegalStateException(variant);
            };
            memories.put(variant, b.embedder(embedder).candidateFactor(settings.candidateFactor()).build());
        }
    }

    private static double directoryBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : files.toList()) {
                total += Files.size(f);
            }
            return total;
        }
    }

    @Override
    public void stop() {
        if (lucene != null) {
            lucene.close();
        }
        if (deleteIndex && indexDir != null) {
            try (Stream<Path> files = Files.walk(indexDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.err.println("could not delete " + indexDir + ": " + e);
            }
        }
    }

    @Override
    public void run() throws Exception {
        Map<String, Object> environment = BenchSupport.environment(
                new org.apache.camel.impl.DefaultCamelContext().getVersion());
        int candidates = Math.max(Memory.MIN_CANDIDATES, settings.top() * settings.candidateFactor());
        System.out.printf("memory benchmark: %d entries x %d dims, %d queries, top %d, %d candidates, %d warm-up "
                        + "queries + %d measured rounds, %d cores, %s%n", settings.entries(), settings.dims(),
                settings.queries(), settings.top(), candidates, settings.warmupQueries(), settings.rounds(),
                Runtime.getRuntime().availableProcessors(), environment.get("jvm"));

        Map<String, List<List<MemoryResult>>> results = new LinkedHashMap<>();
        for (String variant : memories.keySet()) {
            List<List<MemoryResult>> perQuery = new ArrayList<>();
            for (int q = 0; q < settings.queries(); q++) {
                perQuery.add(null);
            }
            results.put(variant, perQuery);
        }
        int slice = settings.queries() / settings.rounds();
        int warmupRounds = settings.warmupQueries() > 0 ? 1 : 0;
        Map<String, List<Round>> measured = BenchSupport.interleave(new ArrayList<>(memories.keySet()), warmupRounds,
                settings.rounds(), (variant, index) -> index < warmupRounds
                        ? warmUp(variant)
                        : round(variant, (index - warmupRounds) * slice, slice, results.get(variant)),
                (warmUp, number, variant, round) -> System.out.printf("  %s %d %-8s %9.1f queries/s  (%d queries "
                                + "from %d in %.2fs)%n", warmUp ? "warm-up" : "round  ", number, variant,
                        round.queriesPerSecond(), round.queries(), round.firstQuery(), round.seconds()));

        // every query has results from every variant: round r covered at least its slice, and the last round the rest
        for (Map.Entry<String, List<List<MemoryResult>>> e : results.entrySet()) {
            for (int q = 0; q < settings.queries(); q++) {
                if (e.getValue().get(q) == null) {
                    e.getValue().set(q, memories.get(e.getKey()).search("q:" + q, settings.top()));
                }
            }
        }
        List<List<MemoryResult>> truth = results.get(EXACT);
        Map<String, Object> variants = new LinkedHashMap<>();
        Map<String, Double> qps = new LinkedHashMap<>();
        Map<String, Double> recall = new LinkedHashMap<>();
        for (String variant : memories.keySet()) {
            double median = BenchSupport.median(measured.get(variant).stream().map(Round::queriesPerSecond).toList());
            qps.put(variant, median);
            double r = recall(results.get(variant), truth);
            recall.put(variant, r);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("medianQueriesPerSecond", BenchSupport.round3(median));
            v.put("recallAt" + settings.top(), BenchSupport.round3(r));
            v.put("queriesWithTheExactTopList", sameLists(results.get(variant), truth));
            v.put("what", describe(variant, candidates));
            v.put("rounds", measured.get(variant).stream().map(round -> Map.of("firstQuery", round.firstQuery(),
                    "queries", round.queries(), "seconds", BenchSupport.round3(round.seconds()),
                    "queriesPerSecond", BenchSupport.round3(round.queriesPerSecond()))).toList());
            variants.put(variant, v);
        }
        double meanTop1 = 0;
        double meanTopK = 0;
        for (List<MemoryResult> exact : truth) {
            meanTop1 += exact.get(0).score();
            meanTopK += exact.get(exact.size() - 1).score();
        }
        dataset.put("meanQueryTop1Cosine", BenchSupport.round3(meanTop1 / settings.queries()));
        dataset.put("meanQueryTop" + settings.top() + "Cosine", BenchSupport.round3(meanTopK / settings.queries()));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "memory");
        out.put("variants", variants);
        Map<String, Object> ratios = new LinkedHashMap<>();
        if (qps.containsKey(INDEXED)) {
            ratios.put("indexedOverExact", BenchSupport.round3(qps.get(INDEXED) / qps.get(EXACT)));
            ratios.put("indexedMedianOfPerRoundRatios", perRoundRatio(measured, INDEXED));
        }
        if (qps.containsKey(SIMHASH)) {
            ratios.put("simhashOverExact", BenchSupport.round3(qps.get(SIMHASH) / qps.get(EXACT)));
        }
        out.put("ratios", ratios);
        out.put("targets", "indexed recall@10 >= 0.95 at indexedOverExact >= 5");
        out.put("build", build);
        out.put("dataset", dataset);
        Map<String, Object> settingsJson = new LinkedHashMap<>();
        settingsJson.put("entries", settings.entries());
        settingsJson.put("dims", settings.dims());
        settingsJson.put("queries", settings.queries());
        settingsJson.put("top", settings.top());
        settingsJson.put("candidates", candidates);
        settingsJson.put("candidateFactor", settings.candidateFactor());
        settingsJson.put("encoding", settings.encoding().name());
        settingsJson.put("maxConn", settings.maxConn());
        settingsJson.put("beamWidth", settings.beamWidth());
        settingsJson.put("luceneCommitInterval", LuceneBackend.DEFAULT_COMMIT_INTERVAL.toString());
        settingsJson.put("warmupQueries", settings.warmupQueries());
        settingsJson.put("measuredRounds", settings.rounds());
        settingsJson.put("minRoundSeconds", settings.minRoundSeconds());
        settingsJson.put("figure", "median over the measured rounds of queries/seconds, one query after the other on "
                + "one thread through Memory.search(query, " + settings.top() + "); the embedding model is a stub "
                + "returning precomputed vectors; recall@" + settings.top() + " = mean over all queries of "
                + "|results ∩ exact results| / " + settings.top());
        out.put("settings", settingsJson);
        environment.put("loadAverageAtEnd", BenchSupport.loadAverage());
        out.put("environment", environment);
        BenchSupport.write(settings.out(), out);

        if (qps.containsKey(INDEXED) && qps.containsKey(SIMHASH)) {
            System.out.printf(Locale.ROOT, "memory: ratio=%.2f ours=%.1f queries/s anchor=%.1f queries/s (indexed "
                            + "Lucene HNSW over exact brute force, top %d of %d x %d; recall@%d indexed %.3f, SimHash "
                            + "%.3f at %.1f queries/s; index build %.1f s; targets recall >= 0.95 at ratio >= 5)%n",
                    qps.get(INDEXED) / qps.get(EXACT), qps.get(INDEXED), qps.get(EXACT), settings.top(),
                    settings.entries(), settings.dims(), settings.top(), recall.get(INDEXED), recall.get(SIMHASH),
                    qps.get(SIMHASH), build.get("luceneBuildSeconds"));
        } else {
            System.out.println("memory: partial run (" + memories.keySet() + "), no ratio");
        }
    }

    private Round warmUp(String variant) {
        Memory memory = memories.get(variant);
        long t0 = System.nanoTime();
        int n = 0;
        do {
            memory.search("w:" + (n % warmupVectors.length), settings.top());
            n++;
        } while (n < settings.warmupQueries() || seconds(t0) < settings.minRoundSeconds());
        return new Round(variant, 0, n, seconds(t0));
    }

    private Round round(String variant, int first, int slice, List<List<MemoryResult>> results) {
        Memory memory = memories.get(variant);
        int queries = settings.queries();
        long t0 = System.nanoTime();
        int n = 0;
        do {
            int q = (first + n) % queries;
            List<MemoryResult> hits = memory.search("q:" + q, settings.top());
            if (results.get(q) == null) {
                results.set(q, hits);
            }
            n++;
        } while (n < slice || seconds(t0) < settings.minRoundSeconds());
        return new Round(variant, first, n, seconds(t0));
    }

    private static List<String> ids(List<MemoryResult> hits) {
        return hits.stream().map(MemoryResult::id).toList();
    }

    private static double recall(List<List<MemoryResult>> got, List<List<MemoryResult>> truth) {
        double sum = 0;
        for (int q = 0; q < truth.size(); q++) {
            Set<String> want = new HashSet<>(ids(truth.get(q)));
            long found = got.get(q).stream().map(MemoryResult::id).filter(want::contains).count();
            sum += want.isEmpty() ? 1 : (double) found / want.size();
        }
        return sum / truth.size();
    }

    private static int sameLists(List<List<MemoryResult>> got, List<List<MemoryResult>> truth) {
        int same = 0;
        for (int q = 0; q < truth.size(); q++) {
            if (ids(got.get(q)).equals(ids(truth.get(q)))) {
                same++;
            }
        }
        return same;
    }

    private static double perRoundRatio(Map<String, List<Round>> measured, String variant) {
        List<Round> a = measured.get(variant);
        List<Round> b = measured.get(EXACT);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add(a.get(i).queriesPerSecond() / b.get(i).queriesPerSecond());
        }
        return BenchSupport.round3(BenchSupport.median(ratios));
    }

    private String describe(String variant, int candidates) {
        return switch (variant) {
            case EXACT -> "Memory SearchMode.EXACT on InMemoryBackend: cosine against every entry (brute force)";
            case INDEXED -> "Memory SearchMode.INDEXED on LuceneBackend (" + settings.encoding() + " HNSW, M="
                    + settings.maxConn() + ", beamWidth=" + settings.beamWidth() + "): " + candidates
                    + " candidates from the graph, ranked by exact cosine on their float32 vectors";
            case SIMHASH -> "Memory SearchMode.SIMHASH on InMemoryBackend: up to " + candidates + " candidates "
                    + "sharing a 16-bit LSH band of the 128-bit vector SimHash, ranked by Hamming distance";
            default -> variant;
        };
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** The embedding stub: the text {@code "<table>:<i>"} embeds as row i of that table. */
    static final class Lookup implements EmbeddingModel {
        private final Map<String, float[][]> tables;

        Lookup(Map<String, float[][]> tables) {
            this.tables = new java.util.concurrent.ConcurrentHashMap<>(tables);
        }

        void drop(String table) {
            tables.remove(table);
        }

        @Override
        public String modelId() {
            return "precomputed";
        }

        @Override
        public int dimensions() {
            return tables.get("q")[0].length;
        }

        @Override
        public EmbeddingResponse embed(List<String> texts) {
            List<float[]> out = new ArrayList<>(texts.size());
            for (String text : texts) {
                int colon = text.indexOf(':');
                out.add(tables.get(text.substring(0, colon))[Integer.parseInt(text.substring(colon + 1))]);
            }
            return new EmbeddingResponse(out, modelId(), TokenUsage.of(texts.size(), 0), 0.0, RequestTiming.total(0),
                    null);
        }
    }
}
