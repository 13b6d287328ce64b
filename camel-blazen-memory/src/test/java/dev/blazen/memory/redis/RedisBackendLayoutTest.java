package dev.blazen.memory.redis;

import dev.blazen.llm.error.RequestError;
import dev.blazen.memory.MetadataFilter;
import dev.blazen.memory.WordEmbedder;
import dev.blazen.memory.backend.StoredEntry;
import dev.blazen.memory.hash.TextSimHash;
import dev.blazen.memory.hash.VectorSimHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the Redis backend writes, read back with a raw client: key layout, band hygiene, store isolation. */
@ExtendWith(RedisServerExtension.class)
class RedisBackendLayoutTest {

    private final RedisServer server;
    private final String store = "layout-" + UUID.randomUUID();
    private RedisBackend backend;
    private Jedis raw;

    RedisBackendLayoutTest(RedisServer server) {
        this.server = server;
    }

    @BeforeEach
    void open() {
        backend = RedisBackend.connect(server.uri(), store);
        raw = new Jedis("127.0.0.1", server.port());
    }

    @AfterEach
    void close() {
        backend.close();
        raw.close();
    }

    private static float[] unit(String text) {
        float[] v = WordEmbedder.vector(text);
        double sq = 0;
        for (float x : v) {
            sq += x * x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / Math.sqrt(sq));
        }
        return v;
    }

    private static StoredEntry entry(String id, String text, Map<String, Object> metadata) {
        float[] v = unit(text);
        return new StoredEntry(id, text, metadata, v, TextSimHash.of(text), VectorSimHash.of(v));
    }

    /** An entry whose stored SimHash is {@code hash} (the backend indexes what it is given). */
    private static StoredEntry withHash(String id, long[] hash, Map<String, Object> metadata) {
        return new StoredEntry(id, "text of " + id, metadata, unit(id), TextSimHash.of(id), hash);
    }

    private Set<String> keys() {
        return new TreeSet<>(raw.keys(backend.keyPrefix() + "*"));
    }

    /** The band keys (without the prefix) whose sets hold {@code id}. */
    private Set<String> bandsHolding(String id) {
        Set<String> out = new TreeSet<>();
        for (String key : raw.keys(backend.keyPrefix() + "b:*")) {
            if (raw.sismember(key, id)) {
                out.add(key.substring(backend.keyPrefix().length()));
            }
        }
        return out;
    }

    private static Set<String> bandNames(long[] hash) {
        Set<String> out = new TreeSet<>();
        for (long band : VectorSimHash.bands(hash)) {
            out.add("b:" + RedisBackend.bandName(band));
        }
        return out;
    }

    @Test
    void anEntryIsAHashAnIdAndOneBandSetPerPositionEvenWhenTheBandValuesAreEqual() {
        long[] hash = {0x0001000100010001L, 0x0001000100010001L}; // every band holds the value 0x0001
        StoredEntry e = withHash("x", hash, Map.of("k", List.of(1, "two")));
        backend.put(List.of(e));

        String p = backend.keyPrefix();
        assertThat(p).isEqualTo("blazen:memory:" + store + ":");
        assertThat(keys()).containsExactlyInAnyOrder(p + "e:x", p + "ids", p + "b:0:0001", p + "b:1:0001",
                p + "b:2:0001", p + "b:3:0001", p + "b:4:0001", p + "b:5:0001", p + "b:6:0001", p + "b:7:0001");
        assertThat(raw.smembers(p + "ids")).containsExactly("x");
        for (int position = 0; position < 8; position++) {
            assertThat(raw.smembers(p + "b:" + position + ":0001")).containsExactly("x");
        }

        byte[] key = (p + "e:x").getBytes(StandardCharsets.UTF_8);
        Map<String, String> fields = raw.hgetAll(p + "e:x");
        assertThat(fields).containsOnlyKeys("text", "metadata", "textSimHash", "vector", "vectorSimHash", "bands");
        assertThat(fields.get("text")).isEqualTo("text of x");
        assertThat(fields.get("metadata")).isEqualTo("{\"k\":[1,\"two\"]}");
        assertThat(fields.get("textSimHash")).isEqualTo(String.format("%016x", e.textSimHash()));
        assertThat(fields.get("vectorSimHash")).isEqualTo("00010001000100010001000100010001");
        assertThat(fields.get("bands")).isEqualTo("0:0001 1:0001 2:0001 3:0001 4:0001 5:0001 6:0001 7:0001");
        // compact: 4 little-endian bytes per dimension
        byte[] vector = raw.hget(key, "vector".getBytes(StandardCharsets.US_ASCII));
        assertThat(vector).hasSize(4 * WordEmbedder.DIMENSIONS);
        ByteBuffer le = ByteBuffer.wrap(vector).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < WordEmbedder.DIMENSIONS; i++) {
            assertThat(le.getFloat()).isEqualTo(e.vector()[i]);
        }
    }

    @Test
    void bandKeysNameTheirPositionSoEqualValuesAtDifferentPositionsDoNotMatch() {
        long[] one = {0x1234L, 0L};        // band 0 = 0x1234
        long[] two = {0x1234L << 16, 0L};  // band 1 = 0x1234
        backend.put(List.of(withHash("one", one, Map.of()), withHash("two", two, Map.of())));

        assertThat(bandsHolding("one")).contains("b:0:1234").doesNotContain("b:1:1234");
        assertThat(bandsHolding("two")).contains("b:1:1234").doesNotContain("b:0:1234");
        assertThat(bandsHolding("one")).isEqualTo(bandNames(one));
        assertThat(bandsHolding("two")).isEqualTo(bandNames(two));
        assertThat(backend.searchByBands(new long[] {VectorSimHash.bands(one)[0]}, 10))
                .extracting(StoredEntry::id).containsExactly("one");
    }

    @Test
    void anUpdateRemovesTheStaleBandMembershipsAndKeepsTheOthersEntries() {
        long[] before = {0x1111111111111111L, 0x2222222222222222L}; // bands 0-3 = 1111, 4-7 = 2222
        long[] after = {0x1111111111111111L, 0x3333333333333333L};  // bands 0-3 kept, 4-7 = 3333
        backend.put(List.of(withHash("x", before, Map.of()), withHash("y", before, Map.of())));
        backend.put(List.of(withHash("x", after, Map.of())));

        assertThat(bandsHolding("x")).isEqualTo(bandNames(after));
        assertThat(bandsHolding("y")).isEqualTo(bandNames(before));
        assertThat(raw.smembers(backend.keyPrefix() + "b:4:2222")).containsExactly("y");
        assertThat(raw.smembers(backend.keyPrefix() + "b:0:1111")).containsExactlyInAnyOrder("x", "y");

        // an update without a vector leaves no band membership at all
        backend.put(List.of(new StoredEntry("x", "no vector now", Map.of(), null, 7L, null)));
        assertThat(bandsHolding("x")).isEmpty();
        assertThat(raw.hkeys(backend.keyPrefix() + "e:x")).containsExactlyInAnyOrder("text", "metadata",
                "textSimHash");
        assertThat(bandsHolding("y")).isEqualTo(bandNames(before));

        backend.delete("y");
        assertThat(keys()).containsExactlyInAnyOrder(backend.keyPrefix() + "e:x", backend.keyPrefix() + "ids");
    }

    @Test
    void deleteRemovesEveryKeyOfTheEntry() {
        backend.put(List.of(entry("gone", "to be deleted", Map.of("a", 1))));
        assertThat(keys()).hasSize(2 + VectorSimHash.BANDS);

        assertThat(backend.delete("gone")).isTrue();

        assertThat(keys()).isEmpty();
        assertThat(backend.delete("gone")).isFalse();
        assertThat(backend.count()).isZero();
    }

    @Test
    void twoStoresOnOneServerDoNotSeeEachOther() {
        try (RedisBackend other = RedisBackend.connect(server.uri(), store + "-other")) {
            StoredEntry mine = entry("shared-id", "the same words in both stores", Map.of("store", "mine"));
            StoredEntry theirs = entry("shared-id", "the same words in both stores", Map.of("store", "theirs"));
            backend.put(List.of(mine, entry("only-mine", "only in the first store", Map.of())));
            other.put(List.of(theirs));

            assertThat(backend.count()).isEqualTo(2);
            assertThat(other.count()).isEqualTo(1);
            assertThat(other.get("only-mine")).isEmpty();
            assertThat(other.get("shared-id").orElseThrow().metadata()).containsEntry("store", "theirs");
            List<String> seen = new ArrayList<>();
            other.forEach(e -> seen.add(e.id() + "/" + e.metadata().get("store")));
            assertThat(seen).containsExactly("shared-id/theirs");
            assertThat(other.searchByBands(mine.bands(), 10)).extracting(e -> e.metadata().get("store"))
                    .containsExactly("theirs");

            assertThat(other.delete("shared-id")).isTrue();
            assertThat(backend.get("shared-id")).isPresent();
            assertThat(backend.searchByBands(mine.bands(), 10)).extracting(StoredEntry::id).contains("shared-id");
            assertThat(raw.keys(other.keyPrefix() + "*")).isEmpty();
            assertThat(keys()).allMatch(k -> k.startsWith(backend.keyPrefix()));
        }
    }

    @Test
    void concurrentUpdatesOfOneIdLeaveExactlyTheLastEntrysBands() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                writers.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int i = 0; i < 50; i++) {
                        long[] hash = {random.nextLong(), random.nextLong()};
                        backend.put(List.of(withHash("hot", hash, Map.of("i", i)), withHash("cold" + seed + "-" + i,
                                hash, Map.of())));
                    }
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        StoredEntry last = backend.get("hot").orElseThrow();
        assertThat(bandsHolding("hot")).isEqualTo(bandNames(last.vectorSimHash()));
        assertThat(backend.count()).isEqualTo(1 + 4 * 50);
    }

    @Test
    void nearestProposesEntriesSharingMostBandsThenClosestSimHashFiltered() {
        float[] query = unit("what the query says");
        long[] q = VectorSimHash.of(query);
        long lowBands = 0xffffffffffff0000L; // bits of bands 1-3 in the first long
        List<StoredEntry> batch = new ArrayList<>(List.of(
                withHash("all8", q.clone(), Map.of("kind", "a")),
                withHash("four-far", new long[] {q[0], ~q[1]}, Map.of("kind", "a")),
                withHash("four-near", new long[] {q[0], q[1] ^ 0x0001000100010001L}, Map.of("kind", "b")),
                withHash("one", new long[] {q[0] ^ lowBands, ~q[1]}, Map.of("kind", "a"))));
        for (int i = 0; i < 6; i++) {
            batch.add(withHash("none" + i, new long[] {~q[0], ~q[1]}, Map.of("kind", "a")));
        }
        backend.put(batch);

        assertThat(backend.nearest(query, 2, MetadataFilter.ALL).orElseThrow()).extracting(StoredEntry::id)
                .containsExactly("all8", "four-near");
        assertThat(backend.nearest(query, 4, MetadataFilter.ALL).orElseThrow()).extracting(StoredEntry::id)
                .containsExactly("all8", "four-near", "four-far", "one");
        // only band-sharing entries, however many candidates are asked for (below the store's size)
        assertThat(backend.nearest(query, 9, MetadataFilter.ALL).orElseThrow()).extracting(StoredEntry::id)
                .containsExactly("all8", "four-near", "four-far", "one");
        assertThat(backend.nearest(query, 3, MetadataFilter.of(Map.of("kind", "a"))).orElseThrow())
                .extracting(StoredEntry::id).containsExactly("all8", "four-far", "one");
        assertThat(backend.nearest(query, 3, MetadataFilter.ALL).orElseThrow())
                .allSatisfy(e -> assertThat(e.vector()).isNotNull().hasSize(WordEmbedder.DIMENSIONS));
        // a store no bigger than the candidates asked for is scanned whole
        assertThat(backend.nearest(query, 10, MetadataFilter.ALL).orElseThrow()).hasSize(10);
        assertThat(backend.searchByBands(VectorSimHash.bands(q), 1)).extracting(StoredEntry::id)
                .containsExactly("all8");
    }

    @Test
    void largeBatchesArePipelinedAndForEachPagesThroughEveryEntryOnce() {
        List<StoredEntry> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add(entry("n" + i, "entry " + i + " about topic" + (i % 17), Map.of("i", i)));
        }
        backend.put(batch);
        assertThat(backend.count()).isEqualTo(1000);
        Set<String> seen = new HashSet<>();
        List<String> visits = new ArrayList<>();
        backend.forEach(e -> {
            visits.add(e.id());
            seen.add(e.id());
            assertThat(e.metadata().get("i")).isEqualTo(Integer.parseInt(e.id().substring(1)));
        });
        assertThat(visits).hasSize(1000);
        assertThat(seen).hasSize(1000);
    }

    @Test
    void writesGoOnAfterTheServerForgetsTheScripts() {
        backend.put(List.of(entry("a", "before the flush", Map.of())));
        raw.scriptFlush();
        backend.put(List.of(entry("a", "after the flush", Map.of()), entry("b", "another", Map.of())));
        assertThat(backend.get("a").orElseThrow().text()).isEqualTo("after the flush");
        raw.scriptFlush();
        assertThat(backend.delete("b")).isTrue();
        assertThat(backend.count()).isEqualTo(1);
    }

    @Test
    void anUnreachableServerIsARetryableRequestErrorAndAClosedBackendRefusesCalls() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> RedisBackend.builder("redis://127.0.0.1:" + port, "x")
                .timeout(Duration.ofSeconds(2)).build())
                .isInstanceOf(RequestError.class).hasMessageContaining("127.0.0.1:" + port)
                .satisfies(e -> assertThat(((RequestError) e).isRetryable()).isTrue());

        backend.close();
        assertThatThrownBy(() -> backend.count()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        backend.close(); // twice is fine
    }
}
