package dev.blazen.llm.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.BlazenError;
import dev.blazen.llm.error.ContentPolicyError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.error.RequestError;
import dev.blazen.llm.error.SerializationError;
import dev.blazen.llm.error.TimeoutError;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * JSON and server-sent-event calls over the JDK HTTP client, with every HTTP failure mapped to its typed
 * {@link BlazenError}: 401/403 auth, 429 rate limit with Retry-After, content-policy refusals, other statuses as
 * provider errors, time-outs and broken connections. Header values sent (keys) are masked out of error messages.
 */
public final class HttpTransport {

    /** The engine-wide JSON mapper of the model layer. */
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** One daemon thread checks every open stream for silence. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "blazen-sse-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final String provider;
    private final Duration timeout;
    private final HttpClient client;

    public HttpTransport(String provider, Duration timeout) {
        this.provider = provider;
        this.timeout = timeout;
        // HTTP/1.1: local OpenAI-compatible servers rarely speak h2c, and streaming works the same
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    public String provider() {
        return provider;
    }

    /** POSTs JSON and reads a JSON answer without holding a thread while waiting. */
    public CompletableFuture<JsonNode> postJsonAsync(URI uri, Map<String, String> headers, JsonNode body) {
        long start = System.nanoTime();
        HttpRequest request = jsonRequest(uri, headers, body, "application/json");
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, error) -> {
                    if (error != null) {
                        throw failure(error, start, headers);
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw errorFor(response.statusCode(), response.headers(), response.body(), headers);
                    }
                    return parse(response.body());
                });
    }

    public JsonNode postJson(URI uri, Map<String, String> headers, JsonNode body) {
        return join(postJsonAsync(uri, headers, body));
    }

    /**
     * POSTs JSON and reads the answer as server-sent events, handing each to {@code consumer} as it arrives. Returns
     * true when the stream ended cleanly, false when it broke off inside an event.
     */
    public boolean postSse(URI uri, Map<String, String> headers, JsonNode body, Consumer<SseEvent> consumer) {
        long start = System.nanoTime();
        HttpRequest request = jsonRequest(uri, headers, body, "text/event-stream");
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw failure(e, start, headers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestError("interrupted", e);
        }
        IdleWatch watch = new IdleWatch(response.body());
        try (InputStream in = watch.stream()) {
            if (response.statusCode() / 100 != 2) {
                throw errorFor(response.statusCode(), response.headers(),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8), headers);
            }
            return SseReader.read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), consumer);
        } catch (IOException e) {
            if (watch.fired()) {
                throw new TimeoutError((System.nanoTime() - start) / 1_000_000);
            }
            throw failure(e, start, headers);
        } finally {
            watch.cancel();
        }
    }

    /**
     * The request timeout covers only the wait for the response to start; a stream that goes silent afterwards is
     * closed once nothing arrived for that long, and the reader ends with a TimeoutError.
     */
    private final class IdleWatch {
        private final InputStream raw;
        private final ScheduledFuture<?> check;
        private volatile long lastRead = System.nanoTime();
        private volatile boolean fired;

        IdleWatch(InputStream raw) {
            this.raw = raw;
            long period = Math.max(10, timeout.toMillis() / 4);
            this.check = WATCHDOG.scheduleWithFixedDelay(this::closeIfIdle, period, period, TimeUnit.MILLISECONDS);
        }

        InputStream stream() {
            return new FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    lastRead = System.nanoTime();
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    lastRead = System.nanoTime();
                    return n;
                }
            };
        }

        private void closeIfIdle() {
            if (System.nanoTime() - lastRead > timeout.toNanos()) {
                fired = true;
                check.cancel(false);
                try {
                    raw.close();
                } catch (IOException ignored) {
                    // closing is the point; the reader sees the failure
                }
            }
        }

        boolean fired() {
            return fired;
        }

        void cancel() {
            check.cancel(false);
        }
    }

    private HttpRequest jsonRequest(URI uri, Map<String, String> headers, JsonNode body, String accept) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", accept);
        headers.forEach(builder::header);
        try {
            return builder.POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        } catch (JsonProcessingException e) {
            throw new SerializationError("cannot write the " + provider + " request", e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProviderError(provider, "answer is not JSON: " + abbreviate(body), null);
        }
    }

    private BlazenError failure(Throwable error, long startNanos, Map<String, String> headers) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof BlazenError blazen) {
            return blazen;
        }
        if (cause instanceof HttpTimeoutException) {
            return new TimeoutError((System.nanoTime() - startNanos) / 1_000_000);
        }
        return new RequestError(provider + ": " + mask(String.valueOf(cause.getMessage()), headers), cause);
    }

    /** The typed error for a non-2xx answer. */
    BlazenError errorFor(int status, HttpHeaders responseHeaders, String body, Map<String, String> sentHeaders) {
        String message = mask(errorMessage(body), sentHeaders);
        if (status == 401 || status == 403) {
            return new AuthError(provider + " answered HTTP " + status + ": " + message);
        }
        if (status == 429) {
            Duration wait = retryAfter(responseHeaders);
            return new RateLimitError(provider + ": " + message, wait != null ? wait : retryInfoDelay(body));
        }
        if (status == 400 && isContentPolicy(body)) {
            return new ContentPolicyError(provider + ": " + message);
        }
        return new ProviderError(provider, message, status);
    }

    /** The message of the usual error bodies: {"error":{"message":...}}, {"error":"..."}, {"message":...}. */
    static String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode error = node.path("error");
            if (error.isObject() && error.path("message").isTextual()) {
                return error.path("message").asText();
            }
            if (error.isTextual()) {
                return error.asText();
            }
            if (node.path("message").isTextual()) {
                return node.path("message").asText();
            }
        } catch (JsonProcessingException | RuntimeException e) {
            // not JSON: fall through to the raw text
        }
        return abbreviate(body.strip());
    }

    private static boolean isContentPolicy(String body) {
        String lower = body == null ? "" : body.toLowerCase();
        return lower.contains("content_policy") || lower.contains("content_filter") || lower.contains("safety");
    }

    /** Retry-After in seconds or as an HTTP date, or OpenAI's retry-after-ms. */
    static Duration retryAfter(HttpHeaders headers) {
        var millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(millis.get().trim()));
            } catch (NumberFormatException e) {
                // fall back to Retry-After
            }
        }
        var value = headers.firstValue("retry-after");
        if (value.isEmpty()) {
            return null;
        }
        String text = value.get().trim();
        try {
            return Duration.ofMillis((long) (Double.parseDouble(text) * 1000));
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    /** Google's way: {"error":{"details":[{"@type":"...google.rpc.RetryInfo","retryDelay":"12s"}]}}. */
    static Duration retryInfoDelay(String body) {
        try {
            for (JsonNode detail : JSON.readTree(body).path("error").path("details")) {
                String delay = detail.path("retryDelay").asText("");
                if (detail.path("@type").asText("").endsWith("google.rpc.RetryInfo") && delay.endsWith("s")) {
                    return Duration.ofMillis((long) (Double.parseDouble(delay.substring(0, delay.length() - 1)) * 1000));
                }
            }
        } catch (JsonProcessingException | NumberFormatException | NullPointerException e) {
            // no usable RetryInfo: the caller falls back to its own backoff
        }
        return null;
    }

    /** Replaces every header value we sent (and a bearer token's key) that the text repeats. */
    private static String mask(String text, Map<String, String> sentHeaders) {
        String masked = text;
        for (String value : sentHeaders.values()) {
            String secret = value.startsWith("Bearer ") ? value.substring(7) : value;
            if (secret.length() >= 8 && masked.contains(secret)) {
                masked = masked.replace(secret, "****");
            }
        }
        return masked;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }

    /** Waits for an async call, rethrowing its typed error as it is. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
