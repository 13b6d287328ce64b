package dev.blazen.memory.redis;

import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.backend.StoredEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Addresses, credentials and their masking; the password tests run their own server with --requirepass. */
class RedisConnectionTest {

    private static final String RIGHT = "right-Pa55word";
    private static final String WRONG = "wrong-Pa55word";

    /** Everything an exception shows: its class, message and stack trace, with every cause. */
    private static String shown(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void aWrongOrMissingPasswordIsAnAuthErrorThatShowsNoPassword() {
        try (RedisServer server = RedisServer.start("--requirepass", RIGHT)) {
            for (String uri : List.of("redis://:" + WRONG + "@127.0.0.1:" + server.port(),
                    "redis://default:" + WRONG + "@127.0.0.1:" + server.port())) {
                Throwable error = catchThrowable(() -> RedisBackend.connect(uri, "secure"));
                assertThat(error).isInstanceOf(AuthError.class).hasMessageContaining("127.0.0.1:" + server.port())
                        .hasMessageContaining("****");
                assertThat(shown(error)).doesNotContain(WRONG).doesNotContain(RIGHT);
            }
            Throwable missing = catchThrowable(() -> RedisBackend.connect(server.uri(), "secure"));
            assertThat(missing).isInstanceOf(AuthError.class).hasMessageContaining("NOAUTH");

            String uri = "redis://:" + RIGHT + "@127.0.0.1:" + server.port() + "/3";
            try (RedisBackend backend = RedisBackend.connect(uri, "secure")) {
                backend.put(List.of(new StoredEntry("a", "text", Map.of(), null, 1L, null)));
                assertThat(backend.count()).isEqualTo(1);
                assertThat(backend.toString()).doesNotContain(RIGHT)
                        .isEqualTo("RedisBackend[redis://:****@127.0.0.1:" + server.port() + "/3, store secure]");
            }
            assertThat(server.log()).doesNotContain(RIGHT).doesNotContain(WRONG);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://:hunter2hunter2@localhost:6379",
            "redis://:hunter2hunter2@localhost:99999",
            "redis://:hunter2hunter2@localhost:6379/zero",
            "redis://:hunter2hunter2@localhost:6379?timeout=1",
            "redis://:hunter2hunter2@:6379",
            "redis://hunter2hunter2@localhost:6379",
            "redis://us er:hunter2hunter2@localhost:6379",
            "redis://:hunter2 hunter2@localhost:6379",
            "localhost:6379",
            "   "})
    void aBadAddressIsAValidationErrorThatShowsNoPassword(String uri) {
        Throwable error = catchThrowable(() -> RedisBackend.connect(uri, "store"));
        assertThat(error).isInstanceOf(ValidationError.class);
        assertThat(((ValidationError) error).field()).contains("uri");
        assertThat(shown(error)).doesNotContain("hunter2");
    }

    @Test
    void aNullAddressOrABadStoreNameIsAValidationError() {
        assertThatThrownBy(() -> RedisBackend.connect(null, "store")).isInstanceOf(ValidationError.class)
                .hasMessageContaining("uri");
        for (String store : new String[] {null, "", "a:b", "with space", "x".repeat(201)}) {
            assertThatThrownBy(() -> RedisBackend.connect("redis://127.0.0.1:1", store))
                    .isInstanceOf(ValidationError.class)
                    .satisfies(e -> assertThat(((ValidationError) e).field()).contains("store"));
        }
    }
}
