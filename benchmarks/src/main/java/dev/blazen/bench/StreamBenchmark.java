package dev.blazen.bench;

import dev.blazen.camel.BlazenConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Producer;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.service.ServiceHelper;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
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

/**
 * {@code benchmarks/run.sh stream}: time to the first chunk of a streamed chat completion from a local SSE server
 * ({@link LocalLlmServer#sse}) that sends the first chunk as soon as it has read the request and the others a few ms
 * apart. Two clients, one call after the other on the same thread, alternating which goes first:
 * <ul>
 *   <li><b>blazen</b>: an exchange to {@code blazen:stream?model=compat:...&chunkUri=direct:chunks}; the clock stops
 *       when the {@code direct:chunks} route receives chunk 0 (the arrival a user's route sees);</li>
 *   <li><b>jdk</b> (the anchor): the bare JDK HttpClient posting the same kind of request and reading the response
 *       as an InputStream line by line; the clock stops when the first {@code data:} line has been read.</li>
 * </ul>
 * Both clocks start before anything of the call is built. Both calls then read the stream to its end, and each is
 * checked: blazen's answer and the chunks its route saw must be the streamed text, the bare read must end with
 * {@code [DONE]}.
 */
public final class StreamBenchmark implements BenchSupport.Benchmark {

    static final String BLAZEN = "blazen";
    static final String JDK = "jdk";
    private static final String CHUNKS = "direct:bench-chunks";
    private static final String PROMPT = "Say hello as a stream.";

    record Settings(int iterations, int warmupIterations, long gapMillis, Path out) {

        static Settings parse(String[] args) {
            int iterations = 1000;
            int warmupIterations = 500;
            long gapMillis = 2;
            Path out = Path.of("benchmarks/results/stream.json");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
                    case "--iterations" -> iterations = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--warmup-iterations" -> warmupIterations = Integer.parseInt(BenchSupport.require(arg, value));
                    case "--gap-ms" -> gapMillis = Long.parseLong(BenchSupport.require(arg, value));
                    case "--out" -> out = Path.of(BenchSupport.require(arg, value));
                    default -> throw new IllegalArgumentException("unknown option " + arg + "; options: --iterations N "
                            + "--warmup-iterations N --gap-ms MS --out FILE");
                }
                i++;
            }
            if (iterations < 1 || warmupIterations < 0 || gapMillis < 0) {
                throw new IllegalArgumentException("iterations must be at least 1, warmup-iterations and gap-ms at "
                        + "least 0");
            }
            return new Settings(iterations, warmupIterations, gapMillis, out);
        }
    }

    /** One call: time to the first chunk and to the end of the stream, in ms. */
    record Sample(double firstChunkMillis, double totalMillis) {
    }

    private final Settings settings;
    private final CamelContext camel = new DefaultCamelContext();
    private LocalLlmServer server;
    private Endpoint streamEndpoint;
    private Producer streamProducer;
    private HttpClient jdkClient;
    private String jdkBody;

    // written by the chunk route, which runs on the calling thread (blazen:stream hands chunks over as it reads)
    private long firstChunkAt;
    private final StringBuilder routeText = new StringBuilder();

    StreamBenchmark(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        BenchSupport.launch(args, Settings::parse, StreamBenchmark::new);
    }

    @Override
    public void start() throws Exception {
        server = LocalLlmServer.sse(settings.gapMillis());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(CHUNKS).routeId("bench-chunks").process(e -> {
                    if (e.getMessage().getHeader(BlazenConstants.CHUNK_INDEX, Integer.class) == 0) {
                        firstChunkAt = System.nanoTime();
                    }
                    routeText.append(e.getMessage().getBody(String.class));
                });
            }
        });
        camel.start();
        streamEndpoint = camel.getEndpoint("blazen:stream?model=compat:" + LocalLlmServer.MODEL + "&baseUrl="
                + server.baseUrl() + "&chunkUri=" + CHUNKS);
        streamProducer = streamEndpoint.createProducer();
        ServiceHelper.startService(streamProducer);
        // HTTP/1.1 like blazen's transport, so both read the same bytes over the same kind of connection
        jdkClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        jdkBody = "{\"model\":\"" + LocalLlmServer.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + PROMPT + "\"}],\"stream\":true}";
    }

    @Override
    public void stop() {
        ServiceHelper.stopService(streamProducer);
        camel.stop();
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void run() throws Exception {
        Map<String, Object> environment = BenchSupport.environment(camel.getVersion());
        int pieces = LocalLlmServer.STREAM_PIECES.size();
        System.out.printf("stream benchmark: time to first chunk, %d warm-up + %d measured calls per client, "
                        + "alternating; server streams %d content chunks %d ms apart, %d cores, %s%n",
                settings.warmupIterations(), settings.iterations(), pieces, settings.gapMillis(),
                Runtime.getRuntime().availableProcessors(), environment.get("jvm"));
        for (int i = 0; i < settings.warmupIterations(); i++) {
            pair(i);
        }
        System.out.println("  warm-up done");
        List<Sample> ours = new ArrayList<>(settings.iterations());
        List<Sample> anchor = new ArrayList<>(settings.iterations());
        server.resetCounts();
        for (int i = 0; i < settings.iterations(); i++) {
            Sample[] pair = pair(i);
            ours.add(pair[0]);
            anchor.add(pair[1]);
        }
        if (server.requests() != 2L * settings.iterations() || server.failures() != 0) {
            throw new IllegalStateException("the server saw " + server.requests() + " good requests and "
                    + server.failures() + " failures, expected " + 2 * settings.iterations() + " and none");
        }

        Map<String, Double> oursStats = stats(ours);
        Map<String, Double> anchorStats = stats(anchor);
        double addedMedian = oursStats.get("firstChunkMedianMillis") - anchorStats.get("firstChunkMedianMillis");
        double addedP99 = oursStats.get("firstChunkP99Millis") - anchorStats.get("firstChunkP99Millis");
        print(BLAZEN, oursStats);
        print(JDK, anchorStats);
        System.out.printf("added by blazen:stream: median %.3f ms, p99 %.3f ms%n", addedMedian, addedP99);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("benchmark", "stream");
        out.put("description", "time to first chunk of a streamed chat completion from a local SSE server: "
                + "blazen:stream (chunkUri route receives chunk 0) vs the bare JDK HttpClient (first data: line read)");
        out.put("timestamp", Instant.now().toString());
        out.put("unit", "ms");
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put(BLAZEN, rounded(oursStats));
        figures.put(JDK, rounded(anchorStats));
        out.put("figures", figures);
        out.put("addedFirstChunkMedianMillis", BenchSupport.round3(addedMedian));
        out.put("addedFirstChunkP99Millis", BenchSupport.round3(addedP99));
        out.put("ratioFirstChunkMedian", BenchSupport.round3(oursStats.get("firstChunkMedianMillis")
                / anchorStats.get("firstChunkMedianMillis")));
        out.put("target", "at most 2 ms added (median and p99)");
        Map<String, Object> settingsJson = new LinkedHashMap<>();
        settingsJson.put("measuredCallsPerClient", settings.iterations());
        settingsJson.put("warmupCallsPerClient", settings.warmupIterations());
        settingsJson.put("contentChunks", pieces);
        settingsJson.put("chunkGapMillis", settings.gapMillis());
        settingsJson.put("order", "one blazen and one jdk call per iteration on the main thread, alternating which "
                + "goes first");
        settingsJson.put("percentiles", "nearest rank");
        settingsJson.put("server", "com.sun.net.httpserver.HttpServer on 127.0.0.1 (TCP_NODELAY): headers, then "
                + "chunk 0 at once on the thread that read the request, then the other chunks, a finish chunk with "
                + "usage and [DONE] " + settings.gapMillis() + " ms apart; keep-alive connections");
        settingsJson.put(BLAZEN, "InOut exchange (body: the prompt String) to blazen:stream?model=compat:"
                + LocalLlmServer.MODEL + "&baseUrl=...&chunkUri=" + CHUNKS + " through its producer; clock from "
                + "before the exchange is created to chunk 0 reaching the " + CHUNKS + " route");
        settingsJson.put(JDK, "java.net.http.HttpClient (HTTP/1.1), BodyHandlers.ofInputStream read with a "
                + "BufferedReader; clock from before the HttpRequest is built to the first line starting with data:");
        out.put("settings", settingsJson);
        environment.put("loadAverageAtEnd", BenchSupport.loadAverage());
        out.put("environment", environment);
        BenchSupport.write(settings.out(), out);

        double oursMedian = oursStats.get("firstChunkMedianMillis");
        double anchorMedian = anchorStats.get("firstChunkMedianMillis");
        System.out.printf("stream: ratio=%.2f ours=%.3f ms anchor=%.3f ms (time to first chunk; added median %.3f ms, "
                + "p99 %.3f ms; target <= 2 ms added)%n", oursMedian / anchorMedian, oursMedian, anchorMedian,
                addedMedian, addedP99);
    }

    /** One call of each client, the order alternating with {@code i}: [blazen, jdk]. */
    private Sample[] pair(int i) throws Exception {
        Sample ours;
        Sample anchor;
        if (i % 2 == 0) {
            ours = viaBlazen();
            anchor = viaJdk();
        } else {
            anchor = viaJdk();
            ours = viaBlazen();
        }
        return new Sample[] {ours, anchor};
    }

    private Sample viaBlazen() throws Exception {
        firstChunkAt = 0;
        routeText.setLength(0);
        long begin = System.nanoTime();
        Exchange exchange = streamEndpoint.createExchange(ExchangePattern.InOut);
        exchange.getMessage().setBody(PROMPT);
        streamProducer.process(exchange);
        long end = System.nanoTime();
        if (exchange.getException() != null) {
            throw new IllegalStateException("blazen:stream failed", exchange.getException());
        }
        String expected = LocalLlmServer.streamedText();
        Object answer = exchange.getMessage().getBody();
        if (firstChunkAt == 0 || !expected.equals(answer) || !expected.contentEquals(routeText)) {
            throw new IllegalStateException("blazen:stream answered '" + answer + "', its chunk route saw '"
                    + routeText + "', expected '" + expected + "'");
        }
        return new Sample((firstChunkAt - begin) / 1e6, (end - begin) / 1e6);
    }

    private Sample viaJdk() throws Exception {
        long begin = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.chatUrl()))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(jdkBody, StandardCharsets.UTF_8)).build();
        HttpResponse<InputStream> response = jdkClient.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long first = 0;
        boolean done = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    if (first == 0) {
                        first = System.nanoTime();
                    }
                    done |= line.equals("data: [DONE]");
                }
            }
        }
        long end = System.nanoTime();
        if (response.statusCode() != 200 || first == 0 || !done) {
            throw new IllegalStateException("the bare read got HTTP " + response.statusCode() + ", data seen: "
                    + (first != 0) + ", [DONE] seen: " + done);
        }
        return new Sample((first - begin) / 1e6, (end - begin) / 1e6);
    }

    // ---- reporting ------------------------------------------------------------------------------------------------

    private static Map<String, Double> stats(List<Sample> samples) {
        List<Double> first = samples.stream().map(Sample::firstChunkMillis).toList();
        List<Double> total = samples.stream().map(Sample::totalMillis).toList();
        Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("firstChunkMedianMillis", BenchSupport.median(first));
        stats.put("firstChunkP90Millis", BenchSupport.percentile(first, 90));
        stats.put("firstChunkP99Millis", BenchSupport.percentile(first, 99));
        stats.put("firstChunkMinMillis", BenchSupport.percentile(first, 0));
        stats.put("firstChunkMaxMillis", BenchSupport.percentile(first, 100));
        stats.put("wholeStreamMedianMillis", BenchSupport.median(total));
        return stats;
    }

    private static Map<String, Object> rounded(Map<String, Double> stats) {
        Map<String, Object> rounded = new LinkedHashMap<>();
        stats.forEach((k, v) -> rounded.put(k, BenchSupport.round3(v)));
        return rounded;
    }

    private static void print(String client, Map<String, Double> stats) {
        System.out.printf("%-6s first chunk median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; whole stream "
                        + "median %.3f ms%n", client, stats.get("firstChunkMedianMillis"),
                stats.get("firstChunkP90Millis"), stats.get("firstChunkP99Millis"), stats.get("firstChunkMaxMillis"),
                stats.get("wholeStreamMedianMillis"));
    }
}
