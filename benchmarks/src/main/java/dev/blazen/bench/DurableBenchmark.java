package dev.blazen.bench;

import dev.blazen.bench.ChainDriver.Round;
import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.workflow.WorkflowEngine;
import dev.blazen.camel.workflow.checkpoint.file.FileCheckpointStore;
import dev.blazen.camel.workflow.checkpoint.redis.RedisCheckpointStore;
import dev.blazen.camel.workflow.snapshot.RunSnapshot;
import dev.blazen.memory.file.FsyncPolicy;
import dev.blazen.memory.redis.RedisServer;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code benchmarks/run.sh durable}: what checkpointing costs. The 5-step chain of the engine benchmark
 * ({@link ChainSteps}, driven by {@link ChainDriver}: a fixed number of runs in flight, every result checked), run with
 * each checkpoint store, every variant in its own CamelContext (its own blazen component, engine and store), started
 * once, rounds interleaved:
 * <ul>
 *   <li><b>memory</b> (the anchor): the component's defaults, in-memory store, runs not durable: the engine as it runs
 *       unless a persistent store is configured;</li>
 *   <li><b>memory-durable</b>: the in-memory store, {@code durable=true}: every step builds, encodes and stores a
 *       snapshot, but the store is a map: the cost of the snapshots themselves;</li>
 *   <li><b>file-always</b>: {@link FileCheckpointStore} with {@link FsyncPolicy#ALWAYS} (its default: a commit returns
 *       once it is on disk; concurrent commits share an fsync);</li>
 *   <li><b>file-interval</b>, <b>file-never</b>: the same journal fsynced once a second in the background, or only at
 *       compaction and close;</li>
 *   <li><b>redis</b>: {@link RedisCheckpointStore} on a real redis-server this benchmark starts on a free loopback
 *       port (no persistence: the cost is the round trip and the server's work).</li>
 * </ul>
 * With a persistent store the component makes runs durable by default, so the file and redis variants use the plain
 * {@code blazen:workflow:chain} endpoint, as a user would. Every store is wrapped in a {@link CountingCheckpointStore}
 * (the in-memory ones after the context started, with {@link WorkflowEngine#useCheckpointStore} and durable-by-default
 * off, as the component set them), and every round must show, for a durable variant, at least one commit per step
 * that has a successor and one record deletion per run, for the anchor no write at all, and no run record left.
 */
public final class DurableBenchmark implements BenchSupport.Benchmark {

    static final String MEMORY = "memory";
    static final String MEMORY_DURABLE = "memory-durable";
    static final String FILE_ALWAYS = "file-always";
    static final String FILE_INTERVAL = "file-interval";
    static final String FILE_NEVER = "file-never";
    static final String REDIS = "redis";
    private static final List<String> VARIANTS = List.of(MEMORY, MEMORY_DURABLE, FILE_ALWAYS, FILE_INTERVAL,
            FILE_NEVER, REDIS);
    private static final String RUN_PREFIX = RunSnapshot.key("");

    record Settings(int inFlight, int workerThreads, int warmupRounds, int rounds, double roundSeconds,
            List<String> only, Path dir, long compactMinDead, Path out) {

        static Settings parse(String[] args) {
            int inFlight = 64;
            int workerThreads = 0;
            int warmupRounds = 2;
            int rounds = 5;
            double roundSeconds = 2;
            List<String> only = VARIANTS;
            Path dir = Path.of("benchmarks/target");
            long compactMinDead = 0;
            Path out = Path.of("benchmarks/results/durable.json");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
                    case "--in-flight" -> inFlight = Integer.parseInt(require(arg, value));
                    case "--worker-threads" -> workerThreads = Integer.parseInt(require(arg, value));
                    case "--warmup-rounds" -> warmupRounds = Integer.parseInt(require(arg, value));
                    case "--rounds" -> rounds = Integer.parseInt(require(arg, value));
                    case "--round-seconds" -> roundSeconds = Double.parseDouble(require(arg, value));
                    case "--only" -> only = List.of(require(arg, value).split(","));
                    case "--dir" -> dir = Path.of(require(arg, value));
                    case "--compact-min-dead" -> compactMinDead = Long.parseLong(require(arg, value));
                    case "--out" -> out = Path.of(require(arg, value));
                    default -> throw new IllegalArgumentException("unknown option " + arg + "; options: --in-flight N "
                            + "--worker-threads N --warmup-rounds N --rounds N --round-seconds S --only "
                            + String.join(",", VARIANTS) + " --dir DIR --compact-min-dead N --out FILE");
                }
                i++;
            }
            if (inFlight < 1 || workerThreads < 0 || warmupRounds < 0 || rounds < 1 || roundSeconds <= 0
                    || compactMinDead < 0) {
                throw new IllegalArgumentException("in-flight and rounds must be at least 1, worker-threads, "
                        + "warmup-rounds and compact-min-dead at least 0 (0: the component's or store's default), "
                        + "round-seconds positive");
            }
            for (String variant : only) {
                if (!VARIANTS.contains(variant)) {
                    throw new IllegalArgumentException("unknown variant " + variant + "; variants: " + VARIANTS);
                }
            }
            return new Settings(inFlight, workerThreads, warmupRounds, rounds, roundSeconds, only, dir, compactMinDead,
                    out);
        }

        private static String require(String option, String value) {
            return BenchSupport.require(option, value);
        }
    }

    /** One variant: its own CamelContext, component, engine and store. */
    private static final class Variant {
        final String name;
        final String description;
        final boolean durable;
        final CountingCheckpointStore persistent; // the store given to the component; null for the in-memory ones
        CountingCheckpointStore counted; // what the engine writes to
        final CamelContext camel = new DefaultCamelContext();
        final BlazenComponent component = new BlazenComponent();
        Endpoint endpoint;
        AsyncProducer producer;
        final List<Map<String, Object>> storeRounds = new ArrayList<>();

        Variant(String name, String description, boolean durable, CountingCheckpointStore persistent) {
            this.name = name;
            this.description = description;
            this.durable = durable;
            this.persistent = persistent;
        }
    }

    private final Settings settings;
    private final Map<String, Variant> variants = new LinkedHashMap<>();
    private Path storeDir;
    private RedisServer redis;

    DurableBenchmark(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.launch(args, Settings::parse, DurableBenchmark::new);
    }

    @Override
    public void start() throws Exception {
        if (settings.only().stream().anyMatch(v -> v.startsWith("file-"))) {
            Files.createDirectories(settings.dir());
            storeDir = Files.createTempDirectory(settings.dir().toAbsolutePath(), "durable-store-");
        }
        for (String name : settings.only()) {
            Variant variant = switch (name) {
                case MEMORY -> new Variant(name, "in-memory store (the component's default), runs not durable: "
                        + "blazen:workflow:chain", false, null);
                case MEMORY_DURABLE -> new Variant(name, "in-memory store, blazen:workflow:chain?durable=true: "
                        + "a snapshot built, JSON-encoded and put in a map per step", true, null);
                case FILE_ALWAYS -> fileVariant(name, FsyncPolicy.ALWAYS);
                case FILE_INTERVAL -> fileVariant(name, FsyncPolicy.INTERVAL);
                case FILE_NEVER -> fileVariant(name, FsyncPolicy.NEVER);
                case REDIS -> {
                    redis = RedisServer.start();
                    yield new Variant(name, "RedisCheckpointStore on a redis-server started by the benchmark on "
                            + redis.uri() + " (no persistence), store name 'bench'; runs durable by default", true,
                            new CountingCheckpointStore(RedisCheckpointStore.connect(redis.uri(), "bench")));
                }
                default -> throw new IllegalArgumentException(name);
            };
            variants.put(name, variant);
            startVariant(variant);
        }
    }

    private Variant fileVariant(String name, FsyncPolicy fsync) {
        FileCheckpointStore.Builder builder = FileCheckpointStore.inDirectory(storeDir.resolve(name)).fsync(fsync);
        if (settings.compactMinDead() > 0) {
            builder.compactWhen(settings.compactMinDead(), 0.5);
        }
        FileCheckpointStore store = builder.open();
        return new Variant(name, "FileCheckpointStore (journal " + store.file() + "), fsync " + fsync
                + (settings.compactMinDead() > 0 ? ", compaction at " + settings.compactMinDead() + " dead records"
                : "") + "; runs durable by default", true, new CountingCheckpointStore(store));
    }

    private void startVariant(Variant variant) throws Exception {
        variant.camel.getCamelContextExtension().setName("durable-" + variant.name);
        if (variant.persistent != null) {
            variant.component.setCheckpointStore(variant.persistent);
        }
        if (settings.workerThreads() > 0) {
            variant.component.setWorkerThreads(settings.workerThreads());
        }
        variant.camel.addComponent("blazen", variant.component);
        variant.camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                ChainDriver.addBlazenSteps(this, "chain", variant.name);
            }
        });
        variant.camel.start();
        WorkflowEngine engine = variant.component.getEngine();
        if (variant.persistent != null) {
            variant.counted = variant.persistent;
        } else {
            // the component's own in-memory store, counted; durable by default stays off, as the component set it
            variant.counted = new CountingCheckpointStore(engine.store());
            engine.useCheckpointStore(variant.counted, false);
        }
        variant.endpoint = variant.camel.getEndpoint("blazen:workflow:chain"
                + (MEMORY_DURABLE.equals(variant.name) ? "?durable=true" : ""));
        variant.producer = variant.endpoint.createAsyncProducer();
        ServiceHelper.startService(variant.producer);
    }

    @Override
    public void stop() {
        for (Variant variant : variants.values()) {
            try {
                ServiceHelper.stopService(variant.producer);
                variant.camel.stop();
            } catch (RuntimeException e) {
                System.err.println(variant.name + ": stopping its CamelContext failed: " + e);
            }
            if (variant.persistent != null) {
                try {
                    variant.persistent.close(); // the component does not own a store it was given
                } catch (RuntimeException e) {
                    System.err.println(variant.name + ": closing its store failed: " + e);
                }
            }
        }
        if (redis != null) {
            redis.close();
        }
        if (storeDir != null) {
            deleteTree(storeDir);
        }
    }

    @Override
    public void run() throws Exception {
        Map<String, Object> environment = BenchSupport.environment(
                variants.values().iterator().next().camel.getVersion());
        if (storeDir != null) {
            environment.put("fileStoreDirectory", storeDir.toString());
            environment.put("fileStoreFilesystem", filesystemOf(storeDir));
        }
        if (redis != null) {
            environment.put("redisServer", redisVersion());
        }
        System.out.printf("durable benchmark: %d-step chain, %d runs in flight, worker threads %s, %d warm-up + %d "
                        + "measured rounds of %.1fs per variant, %d cores, %s%n",
                ChainSteps.STEPS, settings.inFlight(), settings.workerThreads() == 0 ? "default"
                        : String.valueOf(settings.workerThreads()), settings.warmupRounds(), settings.rounds(),
                settings.roundSeconds(), Runtime.getRuntime().availableProcessors(), environment.get("jvm"));
        variants.values().forEach(v -> System.out.printf("  %-14s %s%n", v.name, v.description));
        Map<String, List<Round>> measured = BenchSupport.interleave(settings.only(), settings.warmupRounds(),
                settings.rounds(), (variant, index) -> round(variants.get(variant), index >= settings.warmupRounds()),
                (warmUp, number, variant, round) -> {
                    if (warmUp) {
                        System.out.printf("  warm-up %d %-14s %,10.0f steps/s%n", number, variant,
                                round.stepsPerSecond());
                    } else {
                        System.out.printf("  round %d   %-14s %,10.0f steps/s  (%d runs in %.2fs)%n", number, variant,
                                round.stepsPerSecond(), round.runs(), round.seconds());
                    }
                });
        Map<String, Double> medians = new LinkedHashMap<>();
        measured.forEach((variant, rounds) -> medians.put(variant,
                BenchSupport.median(rounds.stream().map(Round::stepsPerSecond).toList())));
        Double anchor = medians.get(MEMORY);
        // round r of a variant against round r of the anchor: the two ran seconds apart, so a machine that speeds up or
        // slows down between rounds moves both
        Map<String, Double> pairedRatios = new LinkedHashMap<>();
        if (anchor != null) {
            List<Round> anchorRounds = measured.get(MEMORY);
            measured.forEach((variant, rounds) -> {
                List<Double> ratios = new ArrayList<>();
                for (int r = 0; r < rounds.size(); r++) {
                    ratios.add(rounds.get(r).stepsPerSecond() / anchorRounds.get(r).stepsPerSecond());
                }
                pairedRatios.put(variant, BenchSupport.median(ratios));
            });
        }
        medians.forEach((variant, median) -> System.out.printf("%-14s median %,10.0f steps/s%s%n", variant, median,
                anchor == null ? "" : String.format("  %.3f of memory (median of per-round ratios %.3f)",
                        median / anchor, pairedRatios.get(variant))));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "durable");
        json.put("description", ChainSteps.STEPS + "-step linear workflow, many runs in flight, checkpointed after "
                + "every step into each checkpoint store, against the same workflow not durable with the in-memory "
                + "store");
        json.put("timestamp", Instant.now().toString());
        json.put("unit", "steps/s");
        Map<String, Object> figures = new LinkedHashMap<>();
        medians.forEach((variant, median) -> figures.put(variant, Math.round(median)));
        json.put("medianStepsPerSecond", figures);
        if (anchor != null) {
            Map<String, Object> ratios = new LinkedHashMap<>();
            medians.forEach((variant, median) -> ratios.put(variant, BenchSupport.round3(median / anchor)));
            json.put("ratioOverMemory", ratios);
            Map<String, Object> paired = new LinkedHashMap<>();
            pairedRatios.forEach((variant, ratio) -> paired.put(variant, BenchSupport.round3(ratio)));
            json.put("medianOfPerRoundRatiosOverMemory", paired);
            Map<String, Object> perStep = new LinkedHashMap<>();
            medians.forEach((variant, median) -> perStep.put(variant,
                    BenchSupport.round3(1e6 / median - 1e6 / anchor)));
            json.put("addedMicrosPerStepOverMemory", perStep);
        }
        Map<String, Object> stores = new LinkedHashMap<>();
        for (Variant variant : variants.values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("description", variant.description);
            one.put("durable", variant.durable);
            long puts = 0;
            long bytes = 0;
            long deletes = 0;
            long runs = 0;
            for (Map<String, Object> r : variant.storeRounds) {
                puts += (Long) r.get("puts");
                bytes += (Long) r.get("putBytes");
                deletes += (Long) r.get("deletes");
                runs += (Long) r.get("runs");
            }
            one.put("runRecordPutsPerRun", BenchSupport.round3((double) puts / runs));
            one.put("runRecordDeletesPerRun", BenchSupport.round3((double) deletes / runs));
            one.put("meanSnapshotBytes", puts == 0 ? 0 : Math.round((double) bytes / puts));
            stores.put(variant.name, one);
        }
        json.put("variants", stores);
        Map<String, Object> rounds = new LinkedHashMap<>();
        measured.forEach((variant, list) -> rounds.put(variant, list.stream()
                .map(r -> {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("stepsPerSecond", Math.round(r.stepsPerSecond()));
                    one.put("runs", r.runs());
                    one.put("seconds", BenchSupport.round3(r.seconds()));
                    return one;
                })
                .toList()));
        json.put("rounds", rounds);
        Map<String, Object> settingsJson = new LinkedHashMap<>();
        settingsJson.put("stepsPerRun", ChainSteps.STEPS);
        settingsJson.put("runsInFlight", settings.inFlight());
        settingsJson.put("workerThreads", settings.workerThreads() == 0
                ? "component default (max(2, cores))" : settings.workerThreads());
        settingsJson.put("fileCompactionMinDeadRecords", settings.compactMinDead() == 0
                ? "store default (" + FileCheckpointStore.DEFAULT_COMPACTION.minDeadRecords() + ", dead fraction 0.5)" : settings.compactMinDead());
        settingsJson.put("warmupRounds", settings.warmupRounds());
        settingsJson.put("measuredRounds", settings.rounds());
        settingsJson.put("roundSeconds", settings.roundSeconds());
        settingsJson.put("figure", "median of the measured rounds; rounds interleave the variants, rotating which "
                + "goes first; every variant in its own CamelContext with its own blazen component and store");
        settingsJson.put("driver", "one driver thread keeps runsInFlight runs going through the "
                + "blazen:workflow:chain async producer; every run's result is checked to be 5");
        json.put("settings", settingsJson);
        environment.put("loadAverageAtEnd", BenchSupport.loadAverage());
        json.put("environment", environment);
        BenchSupport.write(settings.out(), json);

        if (anchor == null) {
            System.out.println("durable: partial run (" + settings.only() + "), no ratio");
            return;
        }
        List<String> others = new ArrayList<>();
        for (String variant : List.of(REDIS, MEMORY_DURABLE, FILE_INTERVAL, FILE_NEVER)) {
            if (medians.containsKey(variant)) {
                others.add(String.format("%s/memory=%.3f (%d steps/s)", variant, medians.get(variant) / anchor,
                        Math.round(medians.get(variant))));
            }
        }
        System.out.println("durable summary: " + String.join(" ", others) + " (steps/s over in-memory not durable, "
                + Math.round(anchor) + " steps/s)");
        Double fileAlways = medians.get(FILE_ALWAYS);
        if (fileAlways != null) {
            System.out.printf("durable: ratio=%.3f ours=%d steps/s anchor=%d steps/s (file store, fsync always, "
                            + "steps/s over in-memory not-durable steps/s; <1 = slower%s)%n", fileAlways / anchor,
                    Math.round(fileAlways), Math.round(anchor), medians.containsKey(REDIS)
                            ? String.format("; redis/memory %.3f", medians.get(REDIS) / anchor) : "");
        } else {
            System.out.println("durable: partial run (" + settings.only() + "), no file-always ratio");
        }
    }

    // ---- rounds ---------------------------------------------------------------------------------------------------

    private Round round(Variant variant, boolean measured) throws Exception {
        System.gc();
        Thread.sleep(200);
        long nanos = (long) (settings.roundSeconds() * 1e9);
        CountingCheckpointStore.Counts before = variant.counted.counts();
        Round round = ChainDriver.closedLoop(variant.name, settings.inFlight(), nanos,
                ChainDriver.blazen(variant.endpoint, variant.producer));
        checkStore(variant, round, variant.counted.counts().minus(before), measured);
        return round;
    }

    /**
     * The store must have seen what a durable run does, a commit after every step that has a successor and the record
     * deleted when the run ends, and from the anchor no write at all; no run may leave its record behind.
     */
    private static void checkStore(Variant variant, Round round, CountingCheckpointStore.Counts done,
            boolean measured) {
        if (variant.durable) {
            long minimumPuts = (ChainSteps.STEPS - 1) * round.runs();
            if (done.puts() < minimumPuts || done.deletes() != round.runs()) {
                throw new IllegalStateException(variant.name + ": " + round.runs() + " runs wrote " + done.puts()
                        + " run records and deleted " + done.deletes() + "; a durable run of " + ChainSteps.STEPS
                        + " steps commits at least " + (ChainSteps.STEPS - 1) + " times and deletes its record once");
            }
        } else if (done.puts() != 0 || done.deletes() != 0) {
            throw new IllegalStateException(variant.name + ": " + done.puts() + " run records written and "
                    + done.deletes() + " deleted by runs that should not be checkpointed");
        }
        List<String> left = variant.counted.keys(RUN_PREFIX);
        if (!left.isEmpty()) {
            throw new IllegalStateException(variant.name + ": " + left.size() + " run records left in the store after "
                    + "every run ended, e.g. " + left.get(0));
        }
        if (measured) {
            Map<String, Object> storeRound = new LinkedHashMap<>();
            storeRound.put("runs", round.runs());
            storeRound.put("puts", done.puts());
            storeRound.put("putBytes", done.putBytes());
            storeRound.put("deletes", done.deletes());
            variant.storeRounds.add(storeRound);
        }
    }

    // ---- environment ----------------------------------------------------------------------------------------------

    /** The mount that holds {@code dir} (from /proc/mounts): device, mount point, type, options. */
    private static String filesystemOf(Path dir) {
        try {
            Path real = dir.toRealPath();
            String best = null;
            int bestLength = -1;
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] f = line.split(" ");
                if (f.length >= 4 && real.startsWith(f[1]) && f[1].length() > bestLength) {
                    best = f[0] + " on " + f[1] + " type " + f[2] + " (" + f[3] + ")";
                    bestLength = f[1].length();
                }
            }
            return best == null ? "unknown" : best;
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String redisVersion() {
        try {
            Process process = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            process.waitFor(5, TimeUnit.SECONDS);
            return text;
        } catch (IOException | RuntimeException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not delete the file store directory " + dir + ": " + e);
        }
    }
}
