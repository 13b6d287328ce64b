package dev.blazen.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.llm.batch.BatchItem;
import dev.blazen.llm.batch.BatchResult;
import dev.blazen.llm.batch.BatchRunner;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.provider.openai.OpenAiCompatConfig;
import dev.blazen.llm.provider.openai.OpenAiCompatProvider;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code benchmarks/run.sh batch}: {@code requests} chat completions at {@code concurrency} in flight against a local
 * OpenAI-compatible server ({@link LocalLlmServer}) that answers each one {@code latency} ms after reading it. The
 * anchor is the ideal bound {@code ceil(requests / concurrency) × latency}: what a client with zero overhead would take.
 * Three clients, rounds interleaved:
 * <ul>
 *   <li><b>endpoint</b>: one exchange to {@code blazen:batch?model=compat:...&concurrency=N} with the List of prompts
 *       as body (what a user runs; the headline figure);</li>
 *   <li><b>runner</b>: {@link BatchRunner#runAsync} on an {@link OpenAiCompatProvider} directly (the same work without
 *       Camel);</li>
 *   <li><b>jdk</b>: the bare JDK HttpClient, {@code concurrency} requests in flight, each answer sending the next
 *       (how close the loopback server and the JVM let any client come to the bound).</li>
 * </ul>
 * Every answer is checked to be the server's echo of its own prompt.
 */
public final class BatchBenchmark implements BenchSupport.Benchmark {

    static final String ENDPOINT = "endpoint";
    static final String RUNNER = "runner";
    static final String JDK = "jdk";
    private static final List<String> VARIANTS = List.of(ENDPOINT, RUNNER, JDK);

    record Settings(int requests, int concurrency, long latencyMillis, int warmupRounds, int rounds,
            List<String> only, Path out) {

        static Settings parse(String[] args) {
            int requests = 1000;
            int concurrency = 64;
            long latencyMillis = 50;
            int warmupRounds = 3;
            int rounds = 9;
            List<String> only = VARIANTS;
            Path out = Path.of("benchmarks/results/batch.json");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
                    case "--requests" -> requests = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--concurrency" -> concurrency = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--latency-ms" -> latencyMillis = Long.parseLong(BenchSupport.require(arg, value));
                    case "--warmup-rounds" -> warmupRounds = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--rounds" -> rounds = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--only" -> only = List.of(BenchSupport.require(arg, value).split(","));
                    case "--out" -> out = Path.of(BenchSupport.require(arg, value));
                    default -> throw new IllegalArgumentException("unknown option " + arg + "; options: --requests N "
                            + "--concurrency N --latency-ms MS --warmup-rounds N --rounds N "
                            + "--only endpoint,runner,jdk --out FILE");
                }
                i++;
            }
            if (requests < 1 || concurrency < 1 || latencyMillis < 1 || warmupRounds < 0 || rounds < 1) {
                throw new IllegalArgumentException("requests, concurrency, latency-ms and rounds must be at least 1, "
                        + "warmup-rounds at least 0");
            }
            for (String variant : only) {
                if (!VARIANTS.contains(variant)) {
                    throw new IllegalArgumentException("unknown variant " + variant + "; variants: " + VARIANTS);
                }
            }
            return new Settings(requests, concurrency, latencyMillis, warmupRounds, rounds, only, out);
        }

        /** With no overhead at all: full waves of {@code concurrency}, each taking exactly the latency. */
        double idealMillis() {
            return Math.ceil((double) requests / concurrency) * latencyMillis;
        }
    }

    /**
     * One round of one variant: its wall time, the per-request times the client saw (send to answer, waiting for a
     * slot excluded), and how late the server's scheduled replies went out.
     */
    record Round(String variant, double millis, double requestMedianMillis, double requestMaxMillis,
            double serverMaxLateMillis, double serverMeanLateMillis) {
    }

    private final Settings settings;
    private final CamelContext camel = new DefaultCamelContext();
    private final ObjectMapper json = new ObjectMapper();
    private LocalLlmServer server;
    private Endpoint batchEndpoint;
    private AsyncProducer batchProducer;
    private OpenAiCompatProvider provider;
    private HttpClient jdkClient;
    private List<String> prompts;

    BatchBenchmark(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.launch(args, Settings::parse, BatchBenchmark::new);
    }

    @Override
    public void start() throws Exception {
        server = LocalLlmServer.completions(settings.latencyMillis());
        camel.start();
        batchEndpoint = camel.getEndpoint("blazen:batch?model=compat:" + LocalLlmServer.MODEL + "&baseUrl="
                + server.baseUrl() + "&concurrency=" + settings.concurrency());
        batchProducer = batchEndpoint.createAsyncProducer();
        ServiceHelper.startService(batchProducer);
        provider = OpenAiCompatProvider.openaiCompat("compat",
                OpenAiCompatConfig.of(server.baseUrl(), null, LocalLlmServer.MODEL));
        // HTTP/1.1 like blazen's transport: the server speaks nothing else, and an h2c upgrade attempt would only
        // add bytes to the anchor's requests
        jdkClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        prompts = new ArrayList<>(settings.requests());
        for (int i = 0; i < settings.requests(); i++) {
            prompts.add("prompt " + i);
        }
    }

    @Override
    public void stop() {
        ServiceHelper.stopService(batchProducer);
        camel.stop();
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void run() throws Exception {
        Map<String, Object> environment = BenchSupport.environment(camel.getVersion());
        double ideal = settings.idealMillis();
        System.out.printf("batch benchmark: %d requests, concurrency %d, server latency %d ms, ideal bound %.0f ms, "
                        + "%d warm-up + %d measured rounds per variant, %d cores, %s%n",
                settings.requests(), settings.concurrency(), settings.latencyMillis(), ideal,
                settings.warmupRounds(), settings.rounds(), Runtime.getRuntime().availableProcessors(),
                environment.get("jvm"));
        List<String> order = settings.only();
        Map<String, List<Round>> measured = BenchSupport.interleave(order, settings.warmupRounds(), settings.rounds(),
                (variant, index) -> round(variant), (warmUp, number, variant, round) -> {
                    if (warmUp) {
                        System.out.printf("  warm-up %d %-8s %7.1f ms%n", number, variant, round.millis());
                    } else {
                        System.out.printf("  round %d   %-8s %7.1f ms  (x%.3f of the bound; per request median %.1f ms, "
                                        + "max %.1f ms; server replies late by max %.1f ms)%n", number, variant,
                                round.millis(), round.millis() / ideal, round.requestMedianMillis(),
                                round.requestMaxMillis(), round.serverMaxLateMillis());
                    }
                });
        Map<String, Double> medians = new LinkedHashMap<>();
        measured.forEach((variant, rounds) -> medians.put(variant,
                BenchSupport.median(rounds.stream().map(Round::millis).toList())));
        medians.forEach((variant, median) -> System.out.printf("%-8s median %7.1f ms  (x%.3f of the %.0f ms bound)%n",
                variant, median, median / ideal, ideal));
        System.out.printf("ideal bound ceil(%d/%d) x %d ms = %.0f ms%n", settings.requests(), settings.concurrency(),
                settings.latencyMillis(), ideal);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "batch");
        out.put("description", settings.requests() + " chat completions at concurrency " + settings.concurrency()
                + " against a local OpenAI-compatible server answering after " + settings.latencyMillis() + " ms; wall "
                + "time against the ideal bound ceil(requests/concurrency) x latency");
        out.put("timestamp", Instant.now().toString());
        out.put("unit", "ms");
        out.put("idealBoundMillis", ideal);
        Map<String, Object> figures = new LinkedHashMap<>();
        medians.forEach((variant, median) -> figures.put(variant, BenchSupport.round3(median)));
        out.put("medianWallMillis", figures);
        Map<String, Object> ratios = new LinkedHashMap<>();
        medians.forEach((variant, median) -> ratios.put(variant, BenchSupport.round3(median / ideal)));
        out.put("ratioOverIdealBound", ratios);
        out.put("target", "endpoint ratio <= 1.15");
        Map<String, Object> rounds = new LinkedHashMap<>();
        measured.forEach((variant, list) -> rounds.put(variant, list.stream().map(r -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("wallMillis", BenchSupport.round3(r.millis()));
            one.put("requestMedianMillis", BenchSupport.round3(r.requestMedianMillis()));
            one.put("requestMaxMillis", BenchSupport.round3(r.requestMaxMillis()));
            one.put("serverMaxLateMillis", BenchSupport.round3(r.serverMaxLateMillis()));
            one.put("serverMeanLateMillis", BenchSupport.round3(r.serverMeanLateMillis()));
            return one;
        }).toList()));
        out.put("rounds", rounds);
        Map<String, Object> settingsJson = new LinkedHashMap<>();
        settingsJson.put("requests", settings.requests());
        settingsJson.put("concurrency", settings.concurrency());
        settingsJson.put("serverLatencyMillis", settings.latencyMillis());
        settingsJson.put("warmupRounds", settings.warmupRounds());
        settingsJson.put("measuredRounds", settings.rounds());
        settingsJson.put("figure", "median wall time of the measured rounds, from handing the batch over to the "
                + "last answer; rounds interleave the variants, rotating which goes first");
        settingsJson.put("server", "com.sun.net.httpserver.HttpServer on 127.0.0.1 (TCP_NODELAY), 4 threads "
                + "parsing requests, replies scheduled on 2 threads latency ms after the request was read; "
                + "keep-alive connections");
        settingsJson.put(ENDPOINT, "one InOut exchange to blazen:batch?model=compat:" + LocalLlmServer.MODEL
                + "&baseUrl=...&concurrency=" + settings.concurrency() + " through its async producer, body a List "
                + "of " + settings.requests() + " prompt Strings, result the BatchResult");
        settingsJson.put(RUNNER, "BatchRunner.runAsync(OpenAiCompatProvider, requests, " + settings.concurrency()
                + ", no pricing)");
        settingsJson.put(JDK, "bare java.net.http.HttpClient (HTTP/1.1) sendAsync with a prepared JSON body, "
                + settings.concurrency() + " in flight, each answer (parsed with Jackson) sending the next");
        out.put("settings", settingsJson);
        environment.put("loadAverageAtEnd", BenchSupport.loadAverage());
        out.put("environment", environment);
        BenchSupport.write(settings.out(), out);

        Double ours = medians.get(ENDPOINT);
        if (ours != null) {
            System.out.printf("batch: ratio=%.3f ours=%.1f ms anchor=%.1f ms (wall time over the ideal bound; target "
                    + "<= 1.15)%n", ours / ideal, ours, ideal);
        } else {
            System.out.println("batch: partial run (" + order + "), no ratio");
        }
    }

    // ---- rounds ---------------------------------------------------------------------------------------------------

    Round round(String variant) throws Exception {
        System.gc();
        Thread.sleep(200);
        server.resetCounts();
        long begin = System.nanoTime();
        List<Double> requestMillis = switch (variant) {
            case ENDPOINT -> check(variant, viaEndpoint());
            case RUNNER -> check(variant, BatchRunner.runAsync(provider, requests(), settings.concurrency(), null)
                    .get(60, TimeUnit.SECONDS));
            case JDK -> viaJdk();
            default -> throw new IllegalArgumentException(variant);
        };
        double millis = (System.nanoTime() - begin) / 1e6;
        if (server.requests() != settings.requests() || server.failures() != 0) {
            throw new IllegalStateException(variant + ": the server saw " + server.requests() + " good requests and "
                    + server.failures() + " failures, expected " + settings.requests() + " and none");
        }
        double[] late = server.takeLateness();
        return new Round(variant, millis, BenchSupport.median(requestMillis),
                BenchSupport.percentile(requestMillis, 100), late[0], late[1]);
    }

    private BatchResult viaEndpoint() throws Exception {
        Exchange exchange = batchEndpoint.createExchange(ExchangePattern.InOut);
        exchange.getMessage().setBody(prompts);
        CompletableFuture<Void> done = new CompletableFuture<>();
        batchProducer.process(exchange, doneSync -> done.complete(null));
        done.get(60, TimeUnit.SECONDS);
        if (exchange.getException() != null) {
            throw new IllegalStateException("blazen:batch failed", exchange.getException());
        }
        if (!(exchange.getMessage().getBody() instanceof BatchResult result)) {
            throw new IllegalStateException("blazen:batch left " + exchange.getMessage().getBody());
        }
        return result;
    }

    private List<CompletionRequest> requests() {
        List<CompletionRequest> requests = new ArrayList<>(prompts.size());
        prompts.forEach(p -> requests.add(CompletionRequest.of(ChatMessage.user(p))));
        return requests;
    }

    /** Every item answered, in input order, with the echo of its own prompt; returns the per-request times. */
    private List<Double> check(String variant, BatchResult result) {
        if (result.size() != prompts.size() || result.succeeded() != prompts.size() || result.failed() != 0) {
            Object first = result.failures().isEmpty() ? "none" : result.failures().get(0).error();
            throw new IllegalStateException(variant + ": " + result.succeeded() + " of " + prompts.size()
                    + " succeeded; first failure: " + first);
        }
        List<Double> millis = new ArrayList<>(result.size());
        for (BatchItem item : result.items()) {
            String expected = "echo: " + prompts.get(item.index());
            if (!expected.equals(item.response().content())) {
                throw new IllegalStateException(variant + ": item " + item.index() + " answered '"
                        + item.response().content() + "', expected '" + expected + "'");
            }
            millis.add(item.elapsed().toNanos() / 1e6);
        }
        return millis;
    }

    /** The bare client: the first {@code concurrency} requests go out at once, each answer sends the next. */
    private List<Double> viaJdk() throws Exception {
        URI uri = URI.create(server.chatUrl());
        int n = prompts.size();
        double[] millis = new double[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        Runnable[] send = new Runnable[1];
        send[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= n) {
                return;
            }
            String body = "{\"model\":\"" + LocalLlmServer.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                    + prompts.get(i) + "\"}],\"stream\":false}";
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            long sent = System.nanoTime();
            jdkClient.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                try {
                    if (error != null) {
                        throw new IllegalStateException("request " + i + " failed", error);
                    }
                    JsonNode answer = json.readTree(response.body());
                    String content = answer.path("choices").path(0).path("message").path("content").asText();
                    if (response.statusCode() != 200 || !content.equals("echo: " + prompts.get(i))) {
                        throw new IllegalStateException("request " + i + " answered " + response.statusCode() + " "
                                + response.body());
                    }
                    millis[i] = (System.nanoTime() - sent) / 1e6;
                } catch (Exception e) {
                    all.completeExceptionally(e);
                    return;
                }
                if (finished.incrementAndGet() == n) {
                    all.complete(null);
                } else {
                    send[0].run();
                }
            });
        };
        for (int i = 0; i < Math.min(settings.concurrency(), n); i++) {
            send[0].run();
        }
        all.get(60, TimeUnit.SECONDS);
        List<Double> list = new ArrayList<>(n);
        for (double m : millis) {
            list.add(m);
        }
        return list;
    }

}
