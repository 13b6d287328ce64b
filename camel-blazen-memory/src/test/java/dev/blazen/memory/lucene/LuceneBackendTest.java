package dev.blazen.memory.lucene;

import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.Memory;
import dev.blazen.memory.MemoryEntry;
import dev.blazen.memory.MemoryResult;
import dev.blazen.memory.MetadataFilter;
import dev.blazen.memory.SearchMode;
import dev.blazen.memory.backend.MemoryBackend;
import dev.blazen.memory.backend.MemoryBackendContract;
import dev.blazen.memory.backend.StoredEntry;
import dev.blazen.memory.inmemory.InMemoryBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backend contract on the default (float32) index, and what only the Lucene backend does. */
class LuceneBackendTest extends MemoryBackendContract {

    @Override
    protected MemoryBackend open(Path dir) {
        return LuceneBackend.open(dir.resolve("index"));
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    private static List<StoredEntry> sharded(float[][] vectors) {
        List<StoredEntry> batch = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("shard", i % 10);
            meta.put("doc", Map.of("kind", i % 2 == 0 ? "even" : "odd", "tags", List.of("t" + (i % 3), "x")));
            if (i % 250 == 7) {
                meta.put("rare", true);
            }
            batch.add(ClusteredVectors.entry("e" + i, vectors[i], meta));
        }
        return batch;
    }

    @Test
    void theFilteredGraphSearchReturnsOnlyMatchingEntriesAndFillsTheCandidates() {
        float[][] vectors = ClusteredVectors.generate(3000, 32, 20, 1);
        backend.put(sharded(vectors));
        float[] q = vectors[42];

        List<StoredEntry> shard3 = backend.nearest(q, 50, MetadataFilter.of(Map.of("shard", 3))).orElseThrow();
        assertThat(shard3).hasSize(50).allSatisfy(e ->
                assertThat(((Number) e.metadata().get("shard")).intValue()).isEqualTo(3));
        // numbers compare by value: 3.0 is the same filter
        assertThat(backend.nearest(q, 50, MetadataFilter.of(Map.of("shard", 3.0))).orElseThrow())
                .extracting(StoredEntry::id).containsExactlyElementsOf(shard3.stream().map(StoredEntry::id).toList());

        // nested superset and whole-list matches
        List<StoredEntry> nested = backend.nearest(q, 40, MetadataFilter.of(Map.of("shard", 4,
                "doc", Map.of("kind", "even", "tags", List.of("t1", "x"))))).orElseThrow();
        assertThat(nested).isNotEmpty().allSatisfy(e -> {
            int i = Integer.parseInt(e.id().substring(1));
            assertThat(i % 10).isEqualTo(4);
            assertThat(i % 3).isEqualTo(1);
        });
        assertThat(backend.nearest(q, 40, MetadataFilter.of(Map.of("doc", Map.of("tags", List.of("t1"))))).orElseThrow())
                .isEmpty();

        // a filter only 12 entries pass: all of them come back, whatever the graph would have proposed
        List<StoredEntry> rare = backend.nearest(q, 50, MetadataFilter.of(Map.of("rare", true))).orElseThrow();
        assertThat(rare).hasSize(12).allSatisfy(e -> assertThat(e.metadata()).containsEntry("rare", true));
    }

    @Test
    void theFilterQueryFindsExactlyWhatTheMetadataFilterMatches() {
        float[][] vectors = ClusteredVectors.generate(40, 16, 4, 2);
        List<Map<String, Object>> metadata = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", i % 4 == 0 ? (Object) 1 : i % 4 == 1 ? (Object) 1.5 : (Object) 10L);
            m.put("s", i % 2 == 0 ? "a\0b" : "a\"b");
            m.put("flag", i % 3 == 0);
            m.put("maybe", i % 5 == 0 ? null : "set");
            m.put("list", i % 2 == 0 ? List.of(1, Map.of("k", "v", "extra", 2)) : List.of(1));
            m.put("obj", i % 7 == 0 ? Map.of() : Map.of("deep", Map.of("x", i % 2)));
            m.put("long", "z".repeat(5000 + (i % 2)));
            metadata.add(m);
        }
        List<StoredEntry> batch = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            batch.add(ClusteredVectors.entry("e" + i, vectors[i], metadata.get(i)));
        }
        backend.put(batch);
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("maybe", null);
        List<Map<String, Object>> filters = List.of(Map.of("n", 1.0), Map.of("n", 10), Map.of("n", 1.50),
                Map.of("s", "a\0b"), Map.of("flag", false), withNull, Map.of("list", List.of(1, Map.of("k", "v"))),
                Map.of("list", List.of(1)), Map.of("list", List.of()), Map.of("obj", Map.of()),
                Map.of("obj", Map.of("deep", Map.of("x", 1))), Map.of("long", "z".repeat(5001)),
                Map.of("missing", "x"), Map.of("n", 1, "flag", true));
        for (Map<String, Object> filter : filters) {
            MetadataFilter f = MetadataFilter.of(filter);
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < vectors.length; i++) {
                if (f.matches(metadata.get(i))) {
                    expected.add("e" + i);
                }
            }
            assertThat(backend.nearest(vectors[0], vectors.length, f).orElseThrow()).as(filter.toString())
                    .extracting(StoredEntry::id).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void aReopenedIndexFindsTheSameNeighboursAndTakesNewWrites() {
        float[][] vectors = ClusteredVectors.generate(2000, 48, 16, 3);
        backend.put(sharded(vectors));
        List<String> before = ids(backend.nearest(vectors[7], 20, MetadataFilter.ALL).orElseThrow());

        MemoryBackend again = reopen();

        assertThat(again.count()).isEqualTo(2000);
        assertThat(ids(again.nearest(vectors[7], 20, MetadataFilter.ALL).orElseThrow())).isEqualTo(before);
        assertThat(again.get("e7").orElseThrow().vector()).containsExactly(vectors[7]);
        again.put(List.of(ClusteredVectors.entry("new", vectors[7], Map.of("shard", 99))));
        assertThat(ids(again.nearest(vectors[7], 5, MetadataFilter.of(Map.of("shard", 99))).orElseThrow()))
                .containsExactly("new");
        // the dimension of the index is known after a restart too
        assertThatThrownBy(() -> again.nearest(new float[] {1, 0}, 5, MetadataFilter.ALL))
                .isInstanceOf(ValidationError.class).hasMessageContaining("48-dimension");
        assertThatThrownBy(() -> again.put(List.of(ClusteredVectors.entry("bad", new float[] {1, 0}, Map.of()))))
                .isInstanceOf(ValidationError.class).hasMessageContaining("48-dimension");
    }

    private static List<String> ids(List<StoredEntry> entries) {
        return entries.stream().map(StoredEntry::id).toList();
    }

    @ParameterizedTest
    @EnumSource(VectorEncoding.class)
    void indexedSearchAgreesWithExactSearchOnAtLeast95PercentOfQueries(VectorEncoding encoding) throws IOException {
        int n = 5000;
        int queries = 200;
        float[][] all = ClusteredVectors.generate(n + queries, 64, 50, 4);
        float[][] data = java.util.Arrays.copyOfRange(all, 0, n);
        float[][] query = java.util.Arrays.copyOfRange(all, n, n + queries);
        ClusteredVectors.LookupEmbedder embedder = new ClusteredVectors.LookupEmbedder(Map.of("v", data, "q", query));
        List<MemoryEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new MemoryEntry("e" + i, "v:" + i, Map.of()));
        }
        try (LuceneBackend lucene = LuceneBackend.builder(dir.resolve("recall-" + encoding)).encoding(encoding)
                .build()) {
            InMemoryBackend plain = new InMemoryBackend();
            Memory indexed = Memory.builder(lucene).embedder(embedder).mode(SearchMode.INDEXED).build();
            Memory exact = Memory.builder(plain).embedder(embedder).mode(SearchMode.EXACT).build();
            indexed.addAll(entries);
            exact.addAll(entries);

            int agree = 0;
            for (int j = 0; j < queries; j++) {
                List<String> got = indexed.search("q:" + j, 10).stream().map(MemoryResult::id).toList();
                List<String> want = exact.search("q:" + j, 10).stream().map(MemoryResult::id).toList();
                if (got.equals(want)) {
                    agree++;
                }
            }
            assertThat(agree).as(encoding + ": queries whose indexed top 10 is the exact top 10")
                    .isGreaterThanOrEqualTo(queries * 95 / 100);
        }
    }

    @Test
    void withACommitIntervalACrashLosesOnlyWhatWasNotCommitted() throws IOException {
        float[][] vectors = ClusteredVectors.generate(3, 8, 1, 5);
        Path lazyDir = dir.resolve("lazy");
        try (LuceneBackend lazy = LuceneBackend.builder(lazyDir).commitInterval(Duration.ofHours(1)).build()) {
            lazy.put(List.of(ClusteredVectors.entry("a", vectors[0], Map.of())));
            lazy.commit();
            lazy.put(List.of(ClusteredVectors.entry("b", vectors[1], Map.of())));
            assertThat(lazy.count()).isEqualTo(2); // readers see it at once

            try (LuceneBackend crashed = LuceneBackend.open(crashImage(lazyDir, dir.resolve("lazy-crash")))) {
                assertThat(crashed.count()).isEqualTo(1);
                assertThat(crashed.get("a")).isPresent();
                assertThat(crashed.get("b")).isEmpty();
            }
        }
        // an interval of zero commits every write before it returns
        try (LuceneBackend eager = LuceneBackend.builder(dir.resolve("eager")).commitInterval(Duration.ZERO).build()) {
            eager.put(List.of(ClusteredVectors.entry("c", vectors[2], Map.of("k", "v"))));
            eager.delete("nothing");
            try (LuceneBackend crashed = LuceneBackend.open(crashImage(dir.resolve("eager"), dir.resolve("eager-crash")))) {
                assertThat(crashed.get("c").orElseThrow().metadata()).containsEntry("k", "v");
            }
        }
    }

    @Test
    void periodicCommitsMakeWritesDurableWithoutAnExplicitCommit() throws Exception {
        float[][] vectors = ClusteredVectors.generate(1, 8, 1, 8);
        Path periodicDir = dir.resolve("periodic");
        try (LuceneBackend periodic = LuceneBackend.builder(periodicDir).commitInterval(Duration.ofMillis(50))
                .build()) {
            periodic.put(List.of(ClusteredVectors.entry("p", vectors[0], Map.of())));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (int attempt = 0; ; attempt++) {
                try (LuceneBackend crashed = LuceneBackend.open(crashImage(periodicDir, dir.resolve("p" + attempt)))) {
                    if (crashed.get("p").isPresent()) {
                        break;
                    }
                } catch (IOException | RuntimeException copiedMidCommit) {
                    // a file went away while it was copied: take another image
                }
                assertThat(System.nanoTime()).as("committed within 10 s").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    /** What a crash now would leave: the directory's files as they are, without the lock of the open writer. */
    private static Path crashImage(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().equals("write.lock")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    @Test
    void oneBackendPerDirectory() {
        assertThatThrownBy(() -> LuceneBackend.open(dir.resolve("index")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
    }

    @Test
    void vectorsMustBeUnitLengthAndOfOneDimension() {
        assertThatThrownBy(() -> backend.put(List.of(ClusteredVectors.entry("long", new float[] {3, 4}, Map.of()))))
                .isInstanceOf(ValidationError.class).hasMessageContaining("unit length");
        assertThatThrownBy(() -> backend.put(List.of(
                ClusteredVectors.entry("two", new float[] {1, 0}, Map.of()),
                ClusteredVectors.entry("three", new float[] {1, 0, 0}, Map.of()))))
                .isInstanceOf(ValidationError.class).hasMessageContaining("same batch");
        assertThat(backend.count()).isZero();
    }

    @Test
    void embeddingsWiderThanLucenesDefaultLimitAreIndexed() {
        float[][] wide = ClusteredVectors.generate(20, 1536, 2, 6);
        List<StoredEntry> batch = new ArrayList<>();
        for (int i = 0; i < wide.length; i++) {
            batch.add(ClusteredVectors.entry("w" + i, wide[i], Map.of()));
        }
        backend.put(batch);
        assertThat(backend.nearest(wide[3], 1, MetadataFilter.ALL).orElseThrow()).extracting(StoredEntry::id)
                .containsExactly("w3");
        assertThat(reopen().get("w3").orElseThrow().vector()).containsExactly(wide[3]);
    }

    @Test
    void aLargeBatchIsIndexedInParallelAndTheLastEntryOfAnIdWins() {
        float[][] vectors = ClusteredVectors.generate(3000, 16, 8, 7);
        List<StoredEntry> batch = new ArrayList<>();
        for (int i = 0; i < vectors.length; i++) {
            batch.add(ClusteredVectors.entry("e" + (i % 2500), vectors[i], Map.of("i", i)));
        }
        backend.put(batch);
        assertThat(backend.count()).isEqualTo(2500);
        assertThat(backend.get("e10").orElseThrow().metadata()).containsEntry("i", 2510);
        assertThat(backend.get("e2499").orElseThrow().metadata()).containsEntry("i", 2499);
    }
}
