package dev.blazen.bench;

import dev.blazen.bench.ChainDriver.Completion;
import dev.blazen.bench.ChainDriver.Round;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Producer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code benchmarks/run.sh engine}: throughput of a 5-step linear workflow with many runs in flight, three ways, in
 * one CamelContext and one JVM run:
 * <ul>
 *   <li><b>blazen</b>: five {@code blazen:step:} routes, runs started through the {@code blazen:workflow:} producer
 *       (asynchronous: the caller is called back when the StopEvent arrives);</li>
 *   <li><b>seda</b>: five routes chained by {@code seda:} endpoints (Camel's own asynchronous hand-off between routes,
 *       default seda settings apart from {@code concurrentConsumers}), runs sent InOnly into the first one, the last
 *       route calls the caller back;</li>
 *   <li><b>direct</b>: five routes chained by {@code direct:} endpoints (plain synchronous calls: the limit), runs
 *       kept in flight by as many caller threads as there are runs in flight.</li>
 * </ul>
 * The blazen and seda runs are started by one driver thread that keeps exactly {@code inFlight} runs going
 * ({@link ChainDriver}: a semaphore permit per run, given back on completion). Every step does the same work
 * ({@link ChainSteps}), every run's result is checked to be 5, and a run that fails or never ends fails the benchmark.
 * <p>
 * Rounds interleave the three variants (rotating which goes first) after warm-up rounds; the figure of each variant is
 * the median of its measured rounds, in steps per second (5 × runs / seconds).
 */
public final class EngineBenchmark implements BenchSupport.Benchmark {

    static final String BLAZEN = "blazen";
    static final String SEDA = "seda";
    static final String DIRECT = "direct";
    private static final List<String> VARIANTS = List.of(BLAZEN, SEDA, DIRECT);
    private static final String CALLBACK = "benchDone";

    record Settings(int inFlight, int sedaConsumers, int warmupRounds, int rounds, double roundSeconds,
            List<String> only, Path out) {

        static Settings parse(String[] args) {
            int inFlight = 64;
            // one consumer per core and seda route: on 2 cores 1 and 2 measure the same, more only costs
            int sedaConsumers = Math.max(1, Runtime.getRuntime().availableProcessors());
            int warmupRounds = 2;
            int rounds = 9;
            double roundSeconds = 2;
            List<String> only = VARIANTS;
            Path out = Path.of("benchmarks/results/engine.json");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
                    case "--in-flight" -> inFlight = Integer.parseInt(require(arg, value));
                    case "--seda-consumers" -> sedaConsumers = Integer.parseInt(require(arg, value));
                    case "--warmup-rounds" -> warmupRounds = Integer.parseInt(require(arg, value));
                    case "--rounds" -> rounds = Integer.parseInt(require(arg, value));
                    case "--round-seconds" -> roundSeconds = Double.parseDouble(require(arg, value));
                    case "--only" -> only = List.of(require(arg, value).split(","));
                    case "--out" -> out = Path.of(require(arg, value));
                    default -> throw new IllegalArgumentException("unknown option " + arg + "; options: --in-flight N "
                            + "--seda-consumers N --warmup-rounds N --rounds N --round-seconds S "
                            + "--only blazen,seda,direct --out FILE");
                }
                i++;
            }
            if (inFlight < 1 || sedaConsumers < 1 || warmupRounds < 0 || rounds < 1 || roundSeconds <= 0) {
                throw new IllegalArgumentException("in-flight, seda-consumers and rounds must be at least 1, "
                        + "warmup-rounds at least 0, round-seconds positive");
            }
            for (String variant : only) {
                if (!VARIANTS.contains(variant)) {
                    throw new IllegalArgumentException("unknown variant " + variant + "; variants: " + VARIANTS);
                }
            }
            return new Settings(inFlight, sedaConsumers, warmupRounds, rounds, roundSeconds, only, out);
        }

        private static String require(String option, String value) {
            return BenchSupport.require(option, value);
        }
    }

    private final Settings settings;
    private final CamelContext camel;
    private AsyncProducer blazenProducer;
    private Endpoint blazenEndpoint;
    private Producer sedaProducer;
    private Endpoint sedaEndpoint;
    private Producer directProducer;
    private Endpoint directEndpoint;

    EngineBenchmark(Settings settings) {
        this.settings = settings;
        this.camel = new DefaultCamelContext();
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.launch(args, Settings::parse, EngineBenchmark::new);
    }

    @Override
    public void start() throws Exception {
        int consumers = settings.sedaConsumers();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // blazen: each route is a step; its body is the event it emits
                ChainDriver.addBlazenSteps(this, "chain", "blazen");
                for (int i = 1; i <= ChainSteps.STEPS; i++) {
                    boolean last = i == ChainSteps.STEPS;
                    // seda: the same work, handed to the next route through a seda queue
                    var seda = from("seda:s" + i + "?concurrentConsumers=" + consumers).routeId("seda-s" + i)
                            .process(ChainSteps.step(i, ChainSteps.done()));
                    if (last) {
                        seda.process(e -> e.getProperty(CALLBACK, Completion.class).done(e.getMessage().getBody(),
                                e.getException()));
                    } else {
                        seda.to("seda:s" + (i + 1));
                    }
                    // direct: the same work, the next route called synchronously
                    var direct = from("direct:d" + i).routeId("direct-d" + i)
                            .process(ChainSteps.step(i, ChainSteps.done()));
                    if (!last) {
                        direct.to("direct:d" + (i + 1));
                    }
                }
            }
        });
        camel.start();
        blazenEndpoint = camel.getEndpoint("blazen:workflow:chain");
        blazenProducer = blazenEndpoint.createAsyncProducer();
        sedaEndpoint = camel.getEndpoint("seda:s1?concurrentConsumers=" + consumers);
        sedaProducer = sedaEndpoint.createProducer();
        directEndpoint = camel.getEndpoint("direct:d1");
        directProducer = directEndpoint.createProducer();
        ServiceHelper.startService(blazenProducer, sedaProducer, directProducer);
    }

    @Override
    public void stop() {
        ServiceHelper.stopService(blazenProducer, sedaProducer, directProducer);
        camel.stop();
    }

    @Override
    public void run() throws Exception {
        Map<String, Object> environment = environment();
        System.out.printf("engine benchmark: %d-step chain, %d runs in flight, seda concurrentConsumers=%d, "
                        + "%d warm-up + %d measured rounds of %.1fs per variant, %d cores, %s%n",
                ChainSteps.STEPS, settings.inFlight(), settings.sedaConsumers(), settings.warmupRounds(),
                settings.rounds(), settings.roundSeconds(), Runtime.getRuntime().availableProcessors(),
                environment.get("jvm"));
        List<String> order = settings.only();
        Map<String, List<Round>> measured = BenchSupport.interleave(order, settings.warmupRounds(), settings.rounds(),
                (variant, index) -> round(variant), (warmUp, number, variant, round) -> {
                    if (warmUp) {
                        System.out.printf("  warm-up %d %-6s %,12.0f steps/s%n", number, variant, round.stepsPerSecond());
                    } else {
                        System.out.printf("  round %d   %-6s %,12.0f steps/s  (%d runs in %.2fs)%n", number, variant,
                                round.stepsPerSecond(), round.runs(), round.seconds());
                    }
                });
        Map<String, Double> medians = new LinkedHashMap<>();
        measured.forEach((variant, rounds) -> medians.put(variant, median(rounds)));
        medians.forEach((variant, median) -> System.out.printf("%-6s median %,12.0f steps/s%n", variant, median));

        Double blazen = medians.get(BLAZEN);
        Double seda = medians.get(SEDA);
        Double direct = medians.get(DIRECT);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "engine");
        json.put("description", ChainSteps.STEPS + "-step linear workflow, many runs in flight: blazen: steps vs a "
                + "chain of seda: routes (asynchronous hand-off) vs a chain of direct: routes (synchronous calls)");
        json.put("timestamp", Instant.now().toString());
        json.put("unit", "steps/s");
        Map<String, Object> figures = new LinkedHashMap<>();
        medians.forEach((variant, median) -> figures.put(variant, Math.round(median)));
        json.put("medianStepsPerSecond", figures);
        if (blazen != null && seda != null) {
            json.put("ratioBlazenOverSeda", round3(blazen / seda));
        }
        if (blazen != null && direct != null) {
            json.put("ratioBlazenOverDirect", round3(blazen / direct));
        }
        if (seda != null && direct != null) {
            json.put("ratioSedaOverDirect", round3(seda / direct));
        }
        Map<String, Object> rounds = new LinkedHashMap<>();
        measured.forEach((variant, list) -> rounds.put(variant, list.stream()
                .map(r -> {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("stepsPerSecond", Math.round(r.stepsPerSecond()));
                    one.put("runs", r.runs());
                    one.put("seconds", round3(r.seconds()));
                    return one;
                })
                .toList()));
        json.put("rounds", rounds);
        Map<String, Object> settingsJson = new LinkedHashMap<>();
        settingsJson.put("stepsPerRun", ChainSteps.STEPS);
        settingsJson.put("runsInFlight", settings.inFlight());
        settingsJson.put("warmupRounds", settings.warmupRounds());
        settingsJson.put("measuredRounds", settings.rounds());
        settingsJson.put("roundSeconds", settings.roundSeconds());
        settingsJson.put("figure", "median of the measured rounds; rounds interleave the variants, rotating which "
                + "goes first");
        settingsJson.put("blazen", "5 blazen:step routes (accepts=StartEvent, Num1..Num4), runs started by one "
                + "driver thread through the blazen:workflow:chain async producer with default endpoint options");
        settingsJson.put("seda", "5 seda routes chained with to(seda:...), InOnly, default seda settings except "
                + "concurrentConsumers=" + settings.sedaConsumers() + " per route; runs started by one driver thread, "
                + "the last route calls the driver back");
        settingsJson.put("direct", "5 direct routes chained with to(direct:...), " + settings.inFlight()
                + " caller threads each running one run at a time");
        json.put("settings", settingsJson);
        environment.put("loadAverageAtEnd", BenchSupport.loadAverage());
        json.put("environment", environment);
        write(json);

        if (blazen != null && seda != null) {
            String fromDirect = direct == null ? "" : String.format("; direct-chain limit %d steps/s, ours = %.2f "
                    + "of it", Math.round(direct), blazen / direct);
            System.out.printf("engine: ratio=%.2f ours=%d steps/s anchor=%d steps/s (blazen steps/s over seda-chain "
                    + "steps/s; >1 = faster%s)%n", blazen / seda, Math.round(blazen), Math.round(seda), fromDirect);
        } else {
            System.out.println("engine: partial run (" + order + "), no ratio");
        }
    }

    // ---- rounds ---------------------------------------------------------------------------------------------------

    Round round(String variant) throws Exception {
        System.gc();
        Thread.sleep(200);
        long nanos = (long) (settings.roundSeconds() * 1e9);
        return switch (variant) {
            case BLAZEN -> ChainDriver.closedLoop(variant, settings.inFlight(), nanos,
                    ChainDriver.blazen(blazenEndpoint, blazenProducer));
            case SEDA -> ChainDriver.closedLoop(variant, settings.inFlight(), nanos, this::startSeda);
            case DIRECT -> callerThreads(variant, nanos);
            default -> throw new IllegalArgumentException(variant);
        };
    }

    private void startSeda(Completion completion) throws Exception {
        Exchange exchange = sedaEndpoint.createExchange(ExchangePattern.InOnly);
        exchange.getMessage().setBody(new ChainSteps.Num0(0));
        exchange.setProperty(CALLBACK, completion);
        sedaProducer.process(exchange);
        if (exchange.getException() != null) {
            completion.done(null, exchange.getException());
        }
    }

    /** {@code inFlight} caller threads, each running one direct-chain run after the other. */
    private Round callerThreads(String variant, long nanos) throws Exception {
        int threads = settings.inFlight();
        LongAdder completed = new LongAdder();
        LongAdder wrong = new LongAdder();
        AtomicReference<Object> firstWrong = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        long[] begin = new long[1];
        for (int t = 0; t < threads; t++) {
            Thread caller = new Thread(() -> {
                try {
                    go.await();
                    long deadline = begin[0] + nanos;
                    while (System.nanoTime() < deadline) {
                        Exchange exchange = directEndpoint.createExchange(ExchangePattern.InOnly);
                        exchange.getMessage().setBody(new ChainSteps.Num0(0));
                        Throwable error = null;
                        try {
                            directProducer.process(exchange);
                        } catch (Exception e) {
                            error = e;
                        }
                        if (error == null) {
                            error = exchange.getException();
                        }
                        Object result = exchange.getMessage().getBody();
                        if (!ChainDriver.isFive(result, error)) {
                            wrong.increment();
                            firstWrong.compareAndSet(null, error != null ? error : "result " + result);
                        }
                        completed.increment();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "direct-caller-" + t);
            callers.add(caller);
            caller.start();
        }
        begin[0] = System.nanoTime();
        go.countDown();
        for (Thread caller : callers) {
            caller.join(TimeUnit.SECONDS.toMillis(60) + nanos / 1_000_000);
            if (caller.isAlive()) {
                throw new IllegalStateException(variant + ": caller " + caller.getName() + " never finished");
            }
        }
        double seconds = (System.nanoTime() - begin[0]) / 1e9;
        ChainDriver.check(variant, completed.sum(), completed.sum(), wrong.sum(), firstWrong.get());
        return new Round(variant, completed.sum(), seconds);
    }

    // ---- reporting ------------------------------------------------------------------------------------------------


    private static double median(List<Round> rounds) {
        return BenchSupport.median(rounds.stream().map(Round::stepsPerSecond).toList());
    }

    private static double round3(double value) {
        return BenchSupport.round3(value);
    }

    private Map<String, Object> environment() {
        return BenchSupport.environment(camel.getVersion());
    }

    private void write(Map<String, Object> json) throws IOException {
        BenchSupport.write(settings.out(), json);
    }
}
