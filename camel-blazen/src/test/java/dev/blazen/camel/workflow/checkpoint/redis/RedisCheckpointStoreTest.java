package dev.blazen.camel.workflow.checkpoint.redis;

import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreContract;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreException;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.redis.RedisServer;
import dev.blazen.memory.redis.RedisServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ABSENT;
import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ANY_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The store contract against a real redis-server (one for the whole test run), each test with its own store name;
 * reopening is a new store on the same server and name. Then the layout, isolation, script-cache loss and errors.
 */
@ExtendWith(RedisServerExtension.class)
class RedisCheckpointStoreTest extends CheckpointStoreContract {

    private final RedisServer server;
    private final String name = "contract-" + UUID.randomUUID();

    RedisCheckpointStoreTest(RedisServer server) {
        this.server = server;
    }

    @Override
    protected CheckpointStore open() {
        return RedisCheckpointStore.connect(server.uri(), name);
    }

    @Override
    protected CheckpointStore reopen(CheckpointStore closed) {
        return RedisCheckpointStore.connect(server.uri(), name);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything an exception shows: its class, message and stack trace, with every cause. */
    private static String shown(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void theLayoutIsAHashPerRecordAndASortedSetOfKeys() {
        String prefix = "blazen:checkpoint:" + name + ":";
        assertThat(((RedisCheckpointStore) store).keyPrefix()).isEqualTo(prefix);
        store.put("run:1", new byte[] {0, (byte) 0xff, 10}, ABSENT);
        store.put("run:1", new byte[] {1, 2}, 1);
        try (Jedis raw = new Jedis("127.0.0.1", server.port())) {
            Map<byte[], byte[]> hash = raw.hgetAll(bytes(prefix + "r:run:1"));
            assertThat(hash).hasSize(2);
            assertThat(raw.hget(prefix + "r:run:1", "version")).isEqualTo("2");
            assertThat(raw.hget(bytes(prefix + "r:run:1"), bytes("data"))).containsExactly(1, 2);
            assertThat(raw.zrangeWithScores(prefix + "keys", 0, -1))
                    .singleElement().satisfies(t -> {
                        assertThat(t.getElement()).isEqualTo("run:1");
                        assertThat(t.getScore()).isZero();
                    });
            store.delete("run:1", 2);
            assertThat(raw.keys(prefix + "*")).isEmpty();
        }
    }

    @Test
    void keysArePagedAndRangesStopAtThePrefix() {
        int n = RedisCheckpointStore.KEYS_PAGE * 2 + 7;
        try (Jedis raw = new Jedis("127.0.0.1", server.port())) {
            // the key set alone is what keys() reads: fill it directly rather than with thousands of puts
            String keySet = "blazen:checkpoint:" + name + ":keys";
            for (int i = 0; i < n; i++) {
                raw.zadd(keySet, 0, "run:" + i);
            }
            raw.zadd(keySet, 0, "run");
            raw.zadd(keySet, 0, "rum:9");
            raw.zadd(keySet, 0, "ruo");
        }
        assertThat(store.keys("run:")).hasSize(n).doesNotHaveDuplicates();
        assertThat(store.keys("run")).hasSize(n + 1);
        assertThat(store.keys("")).hasSize(n + 3);
        assertThat(store.keys("run:100")).containsExactlyInAnyOrder("run:100", "run:1000", "run:1001", "run:1002",
                "run:1003", "run:1004", "run:1005", "run:1006", "run:1007", "run:1008", "run:1009");
    }

    @Test
    void twoStoresOnOneServerAreIsolated() {
        try (CheckpointStore other = RedisCheckpointStore.connect(server.uri(), name + "-other");
             CheckpointStore custom = RedisCheckpointStore.builder(server.uri(), "unused")
                     .keyPrefix("app:{" + name + "}:").build()) {
            store.put("run:1", bytes("mine"), ABSENT);
            other.put("run:1", bytes("theirs"), ABSENT);
            other.put("run:2", bytes("theirs"), ABSENT);
            custom.put("run:1", bytes("custom"), ABSENT);
            assertThat(store.get("run:1").orElseThrow().data()).isEqualTo(bytes("mine"));
            assertThat(other.get("run:1").orElseThrow().data()).isEqualTo(bytes("theirs"));
            assertThat(custom.get("run:1").orElseThrow().data()).isEqualTo(bytes("custom"));
            assertThat(store.keys("")).containsExactly("run:1");
            assertThat(other.keys("run:")).containsExactlyInAnyOrder("run:1", "run:2");
            assertThat(custom.keys("")).containsExactly("run:1");
            assertThat(other.delete("run:1", 1)).isTrue();
            assertThat(store.get("run:1")).isPresent();
            assertThat(custom.get("run:1")).isPresent();
        }
    }

    @Test
    void aScriptFlushOnTheServerIsSurvived() {
        store.put("k", bytes("1"), ABSENT);
        try (Jedis raw = new Jedis("127.0.0.1", server.port())) {
            raw.scriptFlush();
            assertThat(store.put("k", bytes("2"), 1)).isEqualTo(2);
            raw.scriptFlush();
            assertThatThrownBy(() -> store.put("k", bytes("stale"), 1))
                    .isInstanceOf(CheckpointConflictException.class);
            raw.scriptFlush();
            assertThat(store.delete("k", 2)).isTrue();
            raw.scriptFlush();
            assertThat(store.put("k", bytes("again"), ANY_VERSION)).isEqualTo(1);
        }
        assertThat(store.get("k").orElseThrow().data()).isEqualTo(bytes("again"));
    }

    @Test
    void aWrongPasswordIsAClearErrorThatShowsNoPassword() {
        String right = "right-Pa55word";
        String wrong = "wrong-Pa55word";
        try (RedisServer secured = RedisServer.start("--requirepass", right)) {
            String address = "127.0.0.1:" + secured.port();
            Throwable inUri = catchThrowable(() -> RedisCheckpointStore.connect("redis://:" + wrong + "@" + address,
                    "secure"));
            Throwable inBuilder = catchThrowable(() -> RedisCheckpointStore.builder(secured.uri(), "secure")
                    .password(wrong).build());
            for (Throwable error : new Throwable[] {inUri, inBuilder}) {
                assertThat(error).isInstanceOf(CheckpointStoreException.class)
                        .hasMessageContaining(address).hasMessageContaining("refused the credentials")
                        .hasMessageContaining("****");
                assertThat(shown(error)).doesNotContain(wrong).doesNotContain(right);
            }
            assertThat(catchThrowable(() -> RedisCheckpointStore.connect(secured.uri(), "secure")))
                    .isInstanceOf(CheckpointStoreException.class).hasMessageContaining("NOAUTH");

            try (RedisCheckpointStore ok = RedisCheckpointStore.builder(secured.uri() + "/2", "secure")
                    .password(right).build()) {
                assertThat(ok.put("k", bytes("x"), ABSENT)).isEqualTo(1);
                assertThat(ok.toString()).doesNotContain(right)
                        .isEqualTo("RedisCheckpointStore[redis://:****@" + address + "/2, prefix "
                                + "blazen:checkpoint:secure:]");
            }
            assertThat(secured.log()).doesNotContain(right).doesNotContain(wrong);
        }
    }

    @Test
    void anUnreachableServerIsAStoreErrorNamingHostAndPort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        int closedPort = port;
        assertThatThrownBy(() -> RedisCheckpointStore.builder("redis://:hunter2hunter2@127.0.0.1:" + closedPort, "x")
                .timeout(Duration.ofSeconds(2)).build())
                .isInstanceOf(CheckpointStoreException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .satisfies(e -> assertThat(shown(e)).doesNotContain("hunter2"));
        store.close();
        assertThatThrownBy(() -> store.get("k")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void badNamesAndPrefixesAreValidationErrors() {
        for (String bad : new String[] {null, "", "a:b", "with space", "x".repeat(201)}) {
            assertThatThrownBy(() -> RedisCheckpointStore.builder(server.uri(), bad))
                    .isInstanceOf(ValidationError.class)
                    .satisfies(e -> assertThat(((ValidationError) e).field()).contains("name"));
        }
        for (String bad : new String[] {null, "", "a\nb", "x".repeat(201)}) {
            assertThatThrownBy(() -> RedisCheckpointStore.builder(server.uri(), "ok").keyPrefix(bad))
                    .isInstanceOf(ValidationError.class)
                    .satisfies(e -> assertThat(((ValidationError) e).field()).contains("keyPrefix"));
        }
        assertThatThrownBy(() -> RedisCheckpointStore.connect("http://:hunter2hunter2@127.0.0.1:1", "ok"))
                .isInstanceOf(ValidationError.class).satisfies(e -> assertThat(shown(e)).doesNotContain("hunter2"));
    }
}
