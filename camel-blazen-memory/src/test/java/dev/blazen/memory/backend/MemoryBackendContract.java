package dev.blazen.memory.backend;

import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.Memory;
import dev.blazen.memory.MemoryEntry;
import dev.blazen.memory.MemoryResult;
import dev.blazen.memory.MetadataFilter;
import dev.blazen.memory.SearchMode;
import dev.blazen.memory.WordEmbedder;
import dev.blazen.memory.hash.TextSimHash;
import dev.blazen.memory.hash.VectorSimHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The behaviour every {@link MemoryBackend} shares, run against each one by a subclass: storage operations, Blazen's
 * band lookup, the index contract, and every {@link Memory} operation on top of the backend. Persistent backends also
 * get the restart tests.
 */
public abstract class MemoryBackendContract {

    @TempDir
    protected Path dir;
    protected MemoryBackend backend;

    /** A backend storing under {@code dir} (ignored by in-memory backends); opening it again sees the same data. */
    protected abstract MemoryBackend open(Path dir);

    /** Whether entries survive closing the backend and opening it again on the same directory. */
    protected abstract boolean persistent();

    @BeforeEach
    void openBackend() {
        backend = open(dir);
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    protected MemoryBackend reopen() {
        backend.close();
        backend = open(dir);
        return backend;
    }

    static StoredEntry entry(String id, String text, Map<String, Object> metadata) {
        float[] v = unit(WordEmbedder.vector(text));
        return new StoredEntry(id, text, metadata, v, TextSimHash.of(text), VectorSimHash.of(v));
    }

    static float[] unit(float[] v) {
        double sq = 0;
        for (float x : v) {
            sq += x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(sq));
        }
        return out;
    }

    static Map<String, Object> nested() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("lang", "en");
        inner.put("score", 0.5);
        inner.put("tags", List.of("a", "b"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("category", "geo");
        m.put("year", 2024);
        m.put("public", true);
        m.put("nothing", null);
        m.put("source", inner);
        return m;
    }

    // ---- storage --------------------------------------------------------------------------------------------------

    @Test
    void putThenGetReturnsTheEntryWithItsMetadataAndVector() {
        StoredEntry paris = entry("paris", "Paris is the capital of France.", nested());
        backend.put(List.of(paris));

        StoredEntry got = backend.get("paris").orElseThrow();
        assertThat(got.id()).isEqualTo("paris");
        assertThat(got.text()).isEqualTo(paris.text());
        assertThat(got.vector()).containsExactly(paris.vector());
        assertThat(got.textSimHash()).isEqualTo(paris.textSimHash());
        assertThat(got.vectorSimHash()).containsExactly(paris.vectorSimHash());
        assertThat(got.metadata()).containsEntry("category", "geo").containsEntry("public", true)
                .containsEntry("nothing", null).containsKey("year").containsKey("source");
        assertThat(((Number) got.metadata().get("year")).intValue()).isEqualTo(2024);
        assertThat(MetadataFilter.of(nested()).matches(got.metadata())).isTrue();
        assertThat(backend.get("nope")).isEmpty();
    }

    @Test
    void anEntryWithoutAVectorRoundTrips() {
        StoredEntry local = new StoredEntry("l", "just text", Map.of("k", "v"), null, TextSimHash.of("just text"), null);
        backend.put(List.of(local));
        StoredEntry got = backend.get("l").orElseThrow();
        assertThat(got.vector()).isNull();
        assertThat(got.vectorSimHash()).isNull();
        assertThat(got.textSimHash()).isEqualTo(local.textSimHash());
        assertThat(got.bands()).isEmpty();
    }

    @Test
    void putReplacesTheWholeEntryAndCountsItOnce() {
        backend.put(List.of(entry("a", "first text", Map.of("v", 1, "old", "x"))));
        backend.put(List.of(entry("a", "second text", Map.of("v", 2))));

        StoredEntry got = backend.get("a").orElseThrow();
        assertThat(got.text()).isEqualTo("second text");
        assertThat(got.metadata()).containsOnlyKeys("v");
        assertThat(backend.count()).isEqualTo(1);
    }

    @Test
    void deleteSaysWhetherTheEntryWasThere() {
        backend.put(List.of(entry("a", "alpha", Map.of()), entry("b", "beta", Map.of())));
        assertThat(backend.delete("a")).isTrue();
        assertThat(backend.delete("a")).isFalse();
        assertThat(backend.get("a")).isEmpty();
        assertThat(backend.count()).isEqualTo(1);
    }

    @Test
    void forEachVisitsEveryEntryOnce() {
        List<StoredEntry> batch = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            batch.add(entry("e" + i, "entry number " + i, Map.of("i", i)));
        }
        backend.put(batch);
        List<String> seen = new ArrayList<>();
        backend.forEach(e -> seen.add(e.id()));
        assertThat(seen).hasSize(150).doesNotHaveDuplicates();
        assertThat(backend.count()).isEqualTo(150);
    }

    @Test
    void searchByBandsMatchesABandOnlyAtItsPosition() {
        long[] h1 = {0x1234L, 0L};            // band 0 = 0x1234, every other band 0
        long[] h2 = {0x1234L << 16, -1L};     // band 1 = 0x1234, bands 4..7 = 0xffff
        backend.put(List.of(withHash("one", h1), withHash("two", h2)));

        List<StoredEntry> atBand0 = backend.searchByBands(new long[] {VectorSimHash.bands(h1)[0]}, 10);
        assertThat(atBand0).extracting(StoredEntry::id).containsExactly("one");
        List<StoredEntry> atBand1 = backend.searchByBands(new long[] {VectorSimHash.bands(h2)[1]}, 10);
        assertThat(atBand1).extracting(StoredEntry::id).containsExactly("two");
        assertThat(backend.searchByBands(VectorSimHash.bands(h2), 1)).hasSize(1);
    }

    @Test
    void replacingOrDeletingAnEntryDropsItsStaleBands() {
        long[] before = {0x1111L, 0x2222L};
        long[] after = {-1L, -1L};
        backend.put(List.of(withHash("x", before)));
        backend.put(List.of(withHash("x", after)));
        assertThat(backend.searchByBands(VectorSimHash.bands(before), 10)).isEmpty();
        assertThat(backend.searchByBands(VectorSimHash.bands(after), 10)).extracting(StoredEntry::id)
                .containsExactly("x");
        backend.delete("x");
        assertThat(backend.searchByBands(VectorSimHash.bands(after), 10)).isEmpty();
    }

    private static StoredEntry withHash(String id, long[] hash) {
        float[] v = unit(WordEmbedder.vector(id));
        return new StoredEntry(id, id, Map.of(), v, TextSimHash.of(id), hash);
    }

    @Test
    void theIndexProposesMatchingEntriesWithTheirVectors() {
        List<StoredEntry> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            batch.add(entry("e" + i, "topic" + (i % 30) + " words about thing" + i, Map.of("shard", i % 3)));
        }
        backend.put(batch);
        float[] query = unit(WordEmbedder.vector("topic7 words about thing7"));
        Optional<List<StoredEntry>> proposed = backend.nearest(query, 20, MetadataFilter.of(Map.of("shard", 1)));
        if (proposed.isEmpty()) {
            return; // no index: searches are exact scans, covered by the Memory tests below
        }
        assertThat(proposed.get()).isNotEmpty().hasSizeLessThanOrEqualTo(20)
                .allSatisfy(e -> {
                    assertThat(e.vector()).isNotNull();
                    assertThat(((Number) e.metadata().get("shard")).intValue()).isEqualTo(1);
                });
        assertThat(proposed.get()).extracting(StoredEntry::id).contains("e7");
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        backend.put(List.of(entry("t" + thread + "-" + i, "thread " + thread + " item " + i, Map.of())));
                    }
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(backend.count()).isEqualTo(200);
    }

    @Test
    void entriesSurviveARestart() {
        if (!persistent()) {
            return;
        }
        backend.put(List.of(entry("keep", "kept text", nested()), entry("drop", "dropped text", Map.of()),
                entry("change", "old text", Map.of())));
        backend.delete("drop");
        backend.put(List.of(entry("change", "new text", Map.of("v", 2))));

        MemoryBackend again = reopen();

        assertThat(again.count()).isEqualTo(2);
        assertThat(again.get("drop")).isEmpty();
        assertThat(again.get("change").orElseThrow().text()).isEqualTo("new text");
        StoredEntry kept = again.get("keep").orElseThrow();
        assertThat(kept.vector()).containsExactly(entry("keep", "kept text", Map.of()).vector());
        assertThat(MetadataFilter.of(nested()).matches(kept.metadata())).isTrue();
        assertThat(again.searchByBands(kept.bands(), 10)).extracting(StoredEntry::id).contains("keep");
    }

    // ---- Memory on this backend ----------------------------------------------------------------------------------

    protected Memory memory(SearchMode mode, WordEmbedder embedder) {
        return Memory.builder(backend).embedder(embedder).mode(mode).build();
    }

    private void addCities(Memory memory) {
        memory.addAll(List.of(
                new MemoryEntry("paris", "Paris is the capital of France", Map.of("category", "geo", "eu", true)),
                new MemoryEntry("rome", "Rome is the capital of Italy", Map.of("category", "geo", "eu", true)),
                new MemoryEntry("tokyo", "Tokyo is the capital of Japan", Map.of("category", "geo", "eu", false)),
                new MemoryEntry("python", "Python is a programming language", Map.of("category", "tech"))));
    }

    @Test
    void memoryAddsInOneEmbeddingCallAndSearchesBestFirst() {
        WordEmbedder embedder = new WordEmbedder();
        Memory memory = memory(SearchMode.INDEXED, embedder);
        addCities(memory);
        assertThat(embedder.calls).hasValue(1);
        assertThat(memory.count()).isEqualTo(4);

        List<MemoryResult> hits = memory.search("capital of Italy", 2);

        assertThat(hits).extracting(MemoryResult::id).containsExactly("rome", hits.get(1).id());
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        assertThat(hits.get(0).text()).isEqualTo("Rome is the capital of Italy");
        assertThat(hits.get(0).metadata()).containsEntry("category", "geo");
    }

    @Test
    void everySearchModeAgreesOnTheBestHitAndExactScoresAreCosines() {
        WordEmbedder embedder = new WordEmbedder();
        addCities(memory(SearchMode.EXACT, embedder));
        for (SearchMode mode : SearchMode.values()) {
            List<MemoryResult> hits = memory(mode, embedder).search("Tokyo is the capital of Japan", 3);
            assertThat(hits).as(mode.name()).isNotEmpty();
            assertThat(hits.get(0).id()).as(mode.name()).isEqualTo("tokyo");
            assertThat(hits.get(0).score()).as(mode.name()).isCloseTo(1.0, within(1e-5));
        }
        List<MemoryResult> exact = memory(SearchMode.EXACT, embedder).search("capital", 4);
        List<MemoryResult> indexed = memory(SearchMode.INDEXED, embedder).search("capital", 4);
        assertThat(indexed).extracting(MemoryResult::id).containsExactlyElementsOf(
                exact.stream().map(MemoryResult::id).toList());
        float[] q = unit(WordEmbedder.vector("capital"));
        float[] rome = unit(WordEmbedder.vector("Rome is the capital of Italy"));
        double cosine = 0;
        for (int i = 0; i < q.length; i++) {
            cosine += q[i] * rome[i];
        }
        double expected = cosine;
        assertThat(exact).filteredOn(r -> r.id().equals("rome")).singleElement()
                .satisfies(r -> assertThat(r.score()).isCloseTo(expected, within(1e-5)));
    }

    @Test
    void searchFiltersOnNestedMetadataAndHonoursLimitAndMinScore() {
        Memory memory = memory(SearchMode.INDEXED, new WordEmbedder());
        addCities(memory);
        memory.add("berlin", "Berlin is the capital of Germany",
                Map.of("category", "geo", "eu", true, "source", Map.of("lang", "de", "year", 2024)));

        assertThat(memory.search("capital", 10, Map.of("eu", true))).extracting(MemoryResult::id)
                .containsExactlyInAnyOrder("paris", "rome", "berlin");
        assertThat(memory.search("capital", 10, Map.of("source", Map.of("lang", "de")))).extracting(MemoryResult::id)
                .containsExactly("berlin");
        assertThat(memory.search("capital", 10, Map.of("source", Map.of("year", 2024.0)))).extracting(MemoryResult::id)
                .containsExactly("berlin");
        assertThat(memory.search("capital", 10, Map.of("category", "food"))).isEmpty();
        assertThat(memory.search("capital", 1)).hasSize(1);
        assertThat(memory.search("capital of France", 10, MetadataFilter.ALL, 0.99)).isEmpty();
        assertThat(memory.search("Paris is the capital of France", 10, MetadataFilter.ALL, 0.99))
                .extracting(MemoryResult::id).containsExactly("paris");
    }

    @Test
    void memoryCrudGeneratesIdsAndListsEverything() {
        Memory memory = memory(SearchMode.INDEXED, new WordEmbedder());
        String id = memory.add(null, "an entry without an id", Map.of());
        assertThat(id).isNotBlank();
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("reviewed", null);
        memory.add("n", "metadata with a null value", withNull);
        assertThat(memory.get("n").orElseThrow().metadata()).containsEntry("reviewed", null);
        memory.delete("n");
        assertThat(memory.get(id)).map(MemoryEntry::text).contains("an entry without an id");
        memory.add("x", "another", null);
        assertThat(memory.list()).extracting(MemoryEntry::id).containsExactlyInAnyOrder(id, "x");
        assertThat(memory.delete(id)).isTrue();
        assertThat(memory.get(id)).isEmpty();
        assertThat(memory.count()).isEqualTo(1);
    }

    @Test
    void localOnlyMemorySearchesBySimHashAndRefusesSemanticSearch() {
        Memory local = Memory.local(backend);
        local.add("greeting", "Hello world!", Map.of("lang", "en"));
        local.add("farewell", "Goodbye, see you tomorrow", Map.of("lang", "en"));
        local.add("gruss", "Hallo Welt!", Map.of("lang", "de"));

        List<MemoryResult> hits = local.searchLocal("hello world", 3);

        assertThat(hits.get(0).id()).isEqualTo("greeting");
        assertThat(hits.get(0).score()).isEqualTo(TextSimHash.similarity(TextSimHash.of("hello world"),
                TextSimHash.of("Hello world!")));
        assertThat(local.searchLocal("hello world", 3, MetadataFilter.of(Map.of("lang", "de")), 0))
                .extracting(MemoryResult::id).containsExactly("gruss");
        assertThatThrownBy(() -> local.search("hello", 3)).isInstanceOf(UnsupportedError.class)
                .hasMessageContaining("searchLocal");
    }

    @Test
    void badInputIsATypedErrorAndStoresNothing() {
        Memory memory = memory(SearchMode.INDEXED, new WordEmbedder());
        assertThatThrownBy(() -> memory.addAll(List.of(new MemoryEntry("ok", "fine", null),
                new MemoryEntry("bad", " ", null))))
                .isInstanceOf(ValidationError.class).hasMessageContaining("entries[1].text");
        assertThat(memory.count()).isZero();
        assertThatThrownBy(() -> memory.search("", 3)).isInstanceOf(ValidationError.class)
                .hasMessageContaining("query");
        assertThatThrownBy(() -> memory.search("x", 0)).isInstanceOf(ValidationError.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> memory.get(" ")).isInstanceOf(ValidationError.class).hasMessageContaining("id");
    }

    @Test
    void idsAreUniqueUnderConcurrentGeneration() {
        Memory memory = memory(SearchMode.INDEXED, new WordEmbedder());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(memory.add(null, "text " + i, Map.of()));
        }
        assertThat(ids).hasSize(50);
        assertThat(memory.count()).isEqualTo(50);
    }
}
