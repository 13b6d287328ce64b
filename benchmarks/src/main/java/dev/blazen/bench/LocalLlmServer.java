package dev.blazen.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * An OpenAI-compatible chat-completions server on the loopback interface, in the benchmark's JVM. It answers
 * {@code POST /v1/chat/completions} in one of two ways:
 * <ul>
 *   <li>{@link #completions}: a {@code chat.completion} whose content is {@code "echo: " + the last message}, sent
 *       {@code latency} after the request was read. The reply is scheduled, so no thread waits out the latency and 64
 *       or more requests can be pending on a handful of threads;</li>
 *   <li>{@link #sse}: a {@code text/event-stream} of {@code chat.completion.chunk}s: the first one at once, the others
 *       {@code gap} apart, then a finish chunk and {@code [DONE]}. The streamed text is {@link #streamedText}.</li>
 * </ul>
 * Every request is parsed (a broken one is answered 400), so a client cannot be credited for requests it never sent
 * properly.
 */
final class LocalLlmServer implements AutoCloseable {

    static final String MODEL = "bench-model";
    static final String PATH = "/v1/chat/completions";

    /** The pieces of the streamed answer, in order. */
    static final List<String> STREAM_PIECES = List.of("Hello", ", ", "this ", "is ", "a ", "stream.");

    static {
        // the reply headers and the first chunk are separate small writes: without TCP_NODELAY the second can wait
        // for the client's delayed ACK (tens of ms) and the stream benchmark would time Nagle, not the client
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService readers;
    private final ScheduledExecutorService replies;
    private final long latencyNanos;
    private final long gapNanos;
    private final boolean stream;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** How much later than asked the scheduled replies went out: the server's own share of any overhead. */
    private final LongAccumulator maxLateNanos = new LongAccumulator(Math::max, 0);
    private final AtomicLong sumLateNanos = new AtomicLong();
    private final AtomicInteger ids = new AtomicInteger();

    private LocalLlmServer(boolean stream, long latencyNanos, long gapNanos, int readerThreads) throws IOException {
        this.stream = stream;
        this.latencyNanos = latencyNanos;
        this.gapNanos = gapNanos;
        this.readers = Executors.newFixedThreadPool(readerThreads, daemon("llm-server-read"));
        this.replies = Executors.newScheduledThreadPool(2, daemon("llm-server-reply"));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(readers);
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** Answers every completion after {@code latencyMillis}. */
    static LocalLlmServer completions(long latencyMillis) throws IOException {
        // the reading threads only parse the request and schedule the reply, so a few serve any concurrency
        return new LocalLlmServer(false, TimeUnit.MILLISECONDS.toNanos(latencyMillis), 0, 4);
    }

    /** Streams every answer: first chunk at once, the next ones {@code gapMillis} apart. */
    static LocalLlmServer sse(long gapMillis) throws IOException {
        return new LocalLlmServer(true, 0, TimeUnit.MILLISECONDS.toNanos(gapMillis), 2);
    }

    static String streamedText() {
        return String.join("", STREAM_PIECES);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    String chatUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    long requests() {
        return requests.get();
    }

    long failures() {
        return failures.get();
    }

    /** The latest and the mean lateness of scheduled replies since the last call, in ms; then starts over. */
    double[] takeLateness() {
        long count = Math.max(1, requests.get());
        double[] late = {maxLateNanos.getThenReset() / 1e6, sumLateNanos.getAndSet(0) / 1e6 / count};
        return late;
    }

    void resetCounts() {
        requests.set(0);
        failures.set(0);
        maxLateNanos.reset();
        sumLateNanos.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
        replies.shutdownNow();
        readers.shutdownNow();
    }

    // ---- handling -------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String prompt;
        try (InputStream in = exchange.getRequestBody()) {
            JsonNode request = json.readTree(in);
            JsonNode messages = request.path("messages");
            if (!"POST".equals(exchange.getRequestMethod()) || !messages.isArray() || messages.isEmpty()
                    || request.path("stream").asBoolean(false) != stream) {
                throw new IllegalArgumentException("not a " + (stream ? "streamed " : "") + "chat completion request");
            }
            prompt = messages.get(messages.size() - 1).path("content").asText();
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            byte[] error = ("{\"error\":{\"message\":\"" + e.getClass().getSimpleName() + "\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, error.length);
            exchange.getResponseBody().write(error);
            exchange.close();
            return;
        }
        requests.incrementAndGet();
        if (stream) {
            startStream(exchange);
        } else {
            byte[] reply = completion(prompt);
            long due = arrived + latencyNanos;
            replies.schedule(() -> reply(exchange, reply, due), due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    private void reply(HttpExchange exchange, byte[] body, long due) {
        long late = System.nanoTime() - due;
        maxLateNanos.accumulate(late);
        sumLateNanos.addAndGet(late);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            failures.incrementAndGet();
            exchange.close();
        }
    }

    private byte[] completion(String prompt) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("id", "chatcmpl-bench-" + ids.incrementAndGet());
        root.put("object", "chat.completion");
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", MODEL);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", "echo: " + prompt);
        choice.put("finish_reason", "stop");
        root.putObject("usage").put("prompt_tokens", 8).put("completion_tokens", 4).put("total_tokens", 12);
        return json.writeValueAsBytes(root);
    }

    // ---- streaming ------------------------------------------------------------------------------------------------

    private void startStream(HttpExchange exchange) throws IOException {
        String id = "chatcmpl-bench-" + ids.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        // the first chunk goes out on the reading thread, right behind the headers
        if (sendChunk(exchange, out, id, 0)) {
            replies.schedule(() -> nextChunk(exchange, out, id, 1), gapNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void nextChunk(HttpExchange exchange, OutputStream out, String id, int index) {
        if (!sendChunk(exchange, out, id, index)) {
            return;
        }
        if (index <= STREAM_PIECES.size()) {
            replies.schedule(() -> nextChunk(exchange, out, id, index + 1), gapNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Chunk {@code index} &lt; pieces is a content delta, {@code index == pieces} the finish chunk with usage, and
     * {@code pieces + 1} is {@code [DONE]}, after which the response ends. False when the client went away.
     */
    private boolean sendChunk(HttpExchange exchange, OutputStream out, String id, int index) {
        try {
            String data;
            if (index > STREAM_PIECES.size()) {
                data = "[DONE]";
            } else {
                ObjectNode chunk = json.createObjectNode();
                chunk.put("id", id);
                chunk.put("object", "chat.completion.chunk");
                chunk.put("created", System.currentTimeMillis() / 1000);
                chunk.put("model", MODEL);
                ObjectNode choice = chunk.putArray("choices").addObject();
                choice.put("index", 0);
                ObjectNode delta = choice.putObject("delta");
                if (index < STREAM_PIECES.size()) {
                    if (index == 0) {
                        delta.put("role", "assistant");
                    }
                    delta.put("content", STREAM_PIECES.get(index));
                    choice.putNull("finish_reason");
                } else {
                    choice.put("finish_reason", "stop");
                    chunk.putObject("usage").put("prompt_tokens", 8).put("completion_tokens", STREAM_PIECES.size())
                            .put("total_tokens", 8 + STREAM_PIECES.size());
                }
                data = json.writeValueAsString(chunk);
            }
            out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (index > STREAM_PIECES.size()) {
                out.close();
            }
            return true;
        } catch (IOException e) {
            failures.incrementAndGet();
            exchange.close();
            return false;
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
