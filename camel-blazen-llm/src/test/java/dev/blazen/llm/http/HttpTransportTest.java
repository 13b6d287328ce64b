package dev.blazen.llm.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RateLimitError;
import dev.blazen.llm.error.RequestError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpTransportTest {

    final WireServer server = new WireServer();
    final HttpTransport transport = new HttpTransport("acme", Duration.ofSeconds(5));
    final Map<String, String> auth = Map.of("Authorization", "Bearer sk-secret-12345678");
    final ObjectNode body = HttpTransport.JSON.createObjectNode().put("q", 1);

    HttpTransportTest() throws Exception {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void postsJsonAndReadsJson() {
        server.reply(WireServer.Reply.json("{\"ok\":true}"));
        assertThat(transport.postJson(server.uri("/v1/x"), auth, body).path("ok").asBoolean()).isTrue();
        WireServer.Recorded request = server.lastRequest();
        assertThat(request.path()).isEqualTo("/v1/x");
        assertThat(request.headers()).containsEntry("content-type", "application/json");
        assertThat(request.json().path("q").asInt()).isEqualTo(1);
    }

    @Test
    void mapsStatusesToTypedErrorsWithoutLeakingTheKey() {
        server.reply(WireServer.Reply.error(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-secret-12345678\"}}", Map.of()));
        assertThatThrownBy(() -> transport.postJson(server.uri("/"), auth, body))
                .isInstanceOf(AuthError.class).hasMessageContaining("****").hasMessageNotContaining("sk-secret-12345678");

        server.reply(WireServer.Reply.error(429, "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "7")));
        assertThatThrownBy(() -> transport.postJson(server.uri("/"), auth, body))
                .isInstanceOfSatisfying(RateLimitError.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                    assertThat(e.isRetryable()).isTrue();
                });

        server.reply(WireServer.Reply.error(429, "{\"error\":{\"code\":429,\"message\":\"quota\",\"status\":\"RESOURCE_EXHAUSTED\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"12.5s\"}]}}", Map.of()));
        assertThatThrownBy(() -> transport.postJson(server.uri("/"), auth, body))
                .isInstanceOfSatisfying(RateLimitError.class, e -> assertThat(e.retryAfter()).contains(Duration.ofMillis(12_500)));

        server.reply(WireServer.Reply.error(500, "{\"error\":{\"message\":\"boom\"}}", Map.of()));
        assertThatThrownBy(() -> transport.postJson(server.uri("/"), auth, body))
                .isInstanceOfSatisfying(ProviderError.class, e -> {
                    assertThat(e.statusCode()).hasValue(500);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e).hasMessageContaining("boom");
                });

        server.reply(WireServer.Reply.error(400, "{\"error\":{\"message\":\"bad field\"}}", Map.of()));
        assertThatThrownBy(() -> transport.postJson(server.uri("/"), auth, body))
                .isInstanceOfSatisfying(ProviderError.class, e -> assertThat(e.isRetryable()).isFalse());
    }

    @Test
    void connectionFailuresAreRetryableRequestErrors() {
        assertThatThrownBy(() -> transport.postJson(URI.create("http://127.0.0.1:1/"), auth, body))
                .isInstanceOfSatisfying(RequestError.class, e -> assertThat(e.isRetryable()).isTrue());
    }

    @Test
    void readsServerSentEventsAndNoticesATruncatedStream() {
        List<SseEvent> events = new ArrayList<>();
        server.reply(WireServer.Reply.sse(List.of(": comment", "event: a\ndata: {\"n\":1}", "data: line1\ndata: line2")));
        assertThat(transport.postSse(server.uri("/"), auth, body, events::add)).isTrue();
        assertThat(events).containsExactly(new SseEvent("a", "{\"n\":1}", null), new SseEvent(null, "line1\nline2", null));

        events.clear();
        server.reply(WireServer.Reply.truncatedSse(List.of("data: {\"n\":1}", "data: {\"n\":")));
        assertThat(transport.postSse(server.uri("/"), auth, body, events::add)).isFalse();
        assertThat(events).containsExactly(new SseEvent(null, "{\"n\":1}", null));
    }

    @Test
    void aStreamThatGoesSilentTimesOut() {
        HttpTransport quick = new HttpTransport("acme", Duration.ofMillis(300));
        List<SseEvent> events = new ArrayList<>();
        server.reply(WireServer.Reply.stalledSse(List.of("data: {\"n\":1}"), 5_000));
        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.postSse(server.uri("/"), auth, body, events::add))
                .isInstanceOf(dev.blazen.llm.error.TimeoutError.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(events).containsExactly(new SseEvent(null, "{\"n\":1}", null));
    }

    @Test
    void apiKeysNeverShowThemselves() {
        ApiKey key = ApiKey.of("sk-very-secret");
        assertThat(key.toString()).doesNotContain("sk-very-secret");
        assertThat(String.valueOf(key)).isEqualTo("ApiKey[****]");
        assertThat(ApiKey.resolve(null, "BLAZEN_TEST_UNSET_VARIABLE")).isNull();
        assertThat(ApiKey.resolve("explicit", "PATH").reveal()).isEqualTo("explicit");
    }
}
