package dev.blazen.llm.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A local HTTP server for provider wire-format tests: it records every request (method, path, query, headers, body)
 * and answers with the scripted responses in order, as JSON, as server-sent events (optionally cut off mid-event), or
 * as an error with headers such as Retry-After. Loopback only.
 */
public final class WireServer implements AutoCloseable {

    /** A request as the server saw it; header names are lower-case. */
    public record Recorded(String method, String path, String query, Map<String, String> headers, String body) {
        public JsonNode json() {
            try {
                return HttpTransport.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("request body is not JSON: " + body, e);
            }
        }
    }

    /** A scripted answer. For SSE, {@code events} are raw event blocks ("data: {...}") written one by one. */
    public record Reply(int status, Map<String, String> headers, String body, List<String> events, boolean truncate,
            long stallMillis) {

        public Reply(int status, Map<String, String> headers, String body, List<String> events, boolean truncate) {
            this(status, headers, body, events, truncate, 0);
        }

        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, null, false);
        }

        public static Reply json(String body) {
            return json(200, body);
        }

        public static Reply error(int status, String body, Map<String, String> headers) {
            Map<String, String> all = new TreeMap<>(headers);
            all.put("Content-Type", "application/json");
            return new Reply(status, all, body, null, false);
        }

        /** Each element is one event block, for example {@code "event: x\ndata: {...}"}; a blank line follows each. */
        public static Reply sse(List<String> events) {
            return new Reply(200, Map.of("Content-Type", "text/event-stream"), null, events, false);
        }

        /** Sends the blocks, then keeps the connection open and silent for {@code stallMillis} before closing. */
        public static Reply stalledSse(List<String> events, long stallMillis) {
            return new Reply(200, Map.of("Content-Type", "text/event-stream"), null, events, false, stallMillis);
        }

        /** Like {@link #sse} but the last block is sent without its terminating blank line, then the connection closes. */
        public static Reply truncatedSse(List<String> events) {
            return new Reply(200, Map.of("Content-Type", "text/event-stream"), null, events, true);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Recorded> requests = new ConcurrentLinkedQueue<>();

    public WireServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** http://127.0.0.1:port (no trailing slash). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    public WireServer reply(Reply reply) {
        replies.add(reply);
        return this;
    }

    public List<Recorded> requests() {
        return new ArrayList<>(requests);
    }

    public Recorded lastRequest() {
        List<Recorded> all = requests();
        if (all.isEmpty()) {
            throw new AssertionError("no request reached the server");
        }
        return all.get(all.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers, body));
        Reply reply = replies.poll();
        if (reply == null) {
            reply = Reply.json(500, "{\"error\":{\"message\":\"WireServer: no reply scripted\"}}");
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        try (OutputStream out = exchange.getResponseBody()) {
            if (reply.events() == null) {
                byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                out.write(bytes);
                return;
            }
            exchange.sendResponseHeaders(reply.status(), 0);
            List<String> events = reply.events();
            for (int i = 0; i < events.size(); i++) {
                boolean last = i == events.size() - 1;
                out.write((events.get(i) + (last && reply.truncate() ? "" : "\n\n")).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (reply.stallMillis() > 0) {
                try {
                    Thread.sleep(reply.stallMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
