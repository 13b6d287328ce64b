package dev.blazen.memory;

import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.error.UnsupportedError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.backend.MemoryBackend;
import dev.blazen.memory.backend.StoredEntry;
import dev.blazen.memory.hash.TextSimHash;
import dev.blazen.memory.hash.VectorSimHash;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;

/**
 * Blazen's {@code Memory}: texts with ids and metadata in a {@link MemoryBackend}, searched by meaning (with an
 * {@link EmbeddingModel}, full mode) or by a text SimHash (local-only mode, no embedder).
 * <p>
 * {@link #search} ranks by exact cosine similarity on the stored vectors: in {@link SearchMode#INDEXED} (the default)
 * over the candidates the backend's index proposes ({@code candidateFactor} times the limit, at least
 * {@value #MIN_CANDIDATES}), in {@link SearchMode#EXACT} over every entry; {@link SearchMode#SIMHASH} is Blazen's
 * band-candidates-by-Hamming-distance ranking, kept for comparison. {@link #searchLocal} ranks every entry by the
 * similarity of its 64-bit text SimHash to the query's. Thread-safe when the backend is.
 */
public final class Memory implements AutoCloseable {

    public static final int MIN_CANDIDATES = 64;
    public static final int DEFAULT_CANDIDATE_FACTOR = 4;

    private final EmbeddingModel embedder;
    private final MemoryBackend backend;
    private final SearchMode mode;
    private final int candidateFactor;

    private Memory(EmbeddingModel embedder, MemoryBackend backend, SearchMode mode, int candidateFactor) {
        if (backend == null) {
            throw new ValidationError("backend", "a memory needs a backend");
        }
        if (candidateFactor < 1) {
            throw new ValidationError("candidateFactor", "must be at least 1, got " + candidateFactor);
        }
        this.embedder = embedder;
        this.backend = backend;
        this.mode = mode == null ? SearchMode.INDEXED : mode;
        this.candidateFactor = candidateFactor;
    }

    /** Full mode: texts are embedded on add and queries on search. */
    public static Memory of(EmbeddingModel embedder, MemoryBackend backend) {
        return builder(backend).embedder(embedder).build();
    }

    /** Local-only mode: no embedder, only {@link #searchLocal}. */
    public static Memory local(MemoryBackend backend) {
        return builder(backend).build();
    }

    public static Builder builder(MemoryBackend backend) {
        return new Builder(backend);
    }

    public boolean isLocalOnly() {
        return embedder == null;
    }

    public SearchMode mode() {
        return mode;
    }

    public MemoryBackend backend() {
        return backend;
    }

    /** Adds or replaces one entry; returns its id (generated when {@code id} is null or blank). */
    public String add(String id, String text, Map<String, ?> metadata) {
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) metadata;
        return addAll(List.of(new MemoryEntry(id, text, values))).get(0);
    }

    /** Adds or replaces entries with one embedding call for the whole batch; returns their ids in order. */
    public List<String> addAll(List<MemoryEntry> entries) {
        if (entries == null || entries.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(entries.size());
        List<String> texts = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            MemoryEntry e = entries.get(i);
            if (e == null || e.text() == null || e.text().isBlank()) {
                throw new ValidationError("entries[" + i + "].text", "an entry needs a non-blank text");
            }
            ids.add(e.id() == null || e.id().isBlank() ? UUID.randomUUID().toString() : e.id());
            texts.add(e.text());
        }
        List<float[]> vectors = embedder == null ? null : embed(texts);
        List<StoredEntry> stored = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            float[] v = vectors == null ? null : vectors.get(i);
            stored.add(new StoredEntry(ids.get(i), texts.get(i), entries.get(i).metadata(), v,
                    TextSimHash.of(texts.get(i)), v == null ? null : VectorSimHash.of(v)));
        }
        backend.put(stored);
        return ids;
    }

    private List<float[]> embed(List<String> texts) {
        List<float[]> vectors = embedder.embed(texts).embeddings();
        if (vectors.size() != texts.size()) {
            throw new ValidationError("embeddings", "the embedder returned " + vectors.size() + " vectors for "
                    + texts.size() + " texts");
        }
        List<float[]> unit = new ArrayList<>(vectors.size());
        for (float[] v : vectors) {
            unit.add(normalised(v));
        }
        return unit;
    }

    /** The vector scaled to length 1 (a copy). */
    static float[] normalised(float[] v) {
        double sq = 0;
        for (float x : v) {
            sq += (double) x * x;
        }
        if (sq == 0) {
            throw new ValidationError("embedding", "the embedder returned a zero vector");
        }
        double norm = Math.sqrt(sq);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    public Optional<MemoryEntry> get(String id) {
        return backend.get(requireId(id)).map(StoredEntry::toEntry);
    }

    public boolean delete(String id) {
        return backend.delete(requireId(id));
    }

    public long count() {
        return backend.count();
    }

    /** Every entry, in no particular order. */
    public List<MemoryEntry> list() {
        List<MemoryEntry> out = new ArrayList<>();
        backend.forEach(e -> out.add(e.toEntry()));
        return out;
    }

    private static String requireId(String id) {
        if (id == null || id.isBlank()) {
            throw new ValidationError("id", "an entry id is required");
        }
        return id;
    }

    public List<MemoryResult> search(String query, int limit) {
        return search(query, limit, MetadataFilter.ALL, Double.NEGATIVE_INFINITY);
    }

    public List<MemoryResult> search(String query, int limit, Map<String, ?> filter) {
        return search(query, limit, MetadataFilter.of(filter), Double.NEGATIVE_INFINITY);
    }

    /**
     * The {@code limit} entries most similar to the query by meaning, among those matching {@code filter} and scoring
     * at least {@code minScore}, best first.
     *
     * @throws UnsupportedError in local-only mode (use {@link #searchLocal})
     */
    public List<MemoryResult> search(String query, int limit, MetadataFilter filter, double minScore) {
        if (embedder == null) {
            throw new UnsupportedError("this memory has no embedding model (local-only mode): use searchLocal, or "
                    + "create it with an embedder");
        }
        requireQuery(query, limit);
        MetadataFilter f = filter == null ? MetadataFilter.ALL : filter;
        float[] q = embed(List.of(query)).get(0);
        TopK top = new TopK(limit);
        switch (mode) {
            case EXACT -> backend.forEach(e -> offerCosine(top, e, q, f, minScore));
            case INDEXED -> {
                int candidates = Math.max(MIN_CANDIDATES, limit * candidateFactor);
                Optional<List<StoredEntry>> proposed = backend.nearest(q, candidates, f);
                if (proposed.isPresent()) {
                    proposed.get().forEach(e -> offerCosine(top, e, q, f, minScore));
                } else {
                    backend.forEach(e -> offerCosine(top, e, q, f, minScore));
                }
            }
            case SIMHASH -> {
                long[] qh = VectorSimHash.of(q);
                int candidates = Math.max(MIN_CANDIDATES, limit * candidateFactor);
                for (StoredEntry e : backend.searchByBands(VectorSimHash.bands(qh), candidates)) {
                    if (e.vectorSimHash() != null && f.matches(e.metadata())) {
                        double score = VectorSimHash.similarity(qh, e.vectorSimHash());
                        if (score >= minScore) {
                            top.offer(e, score);
                        }
                    }
                }
            }
        }
        return top.results();
    }

    private static void offerCosine(TopK top, StoredEntry e, float[] q, MetadataFilter filter, double minScore) {
        float[] v = e.vector();
        if (v == null || !filter.matches(e.metadata())) {
            return;
        }
        if (v.length != q.length) {
            throw new ValidationError("embedding", "entry " + e.id() + " has a " + v.length + "-dimension vector but "
                    + "the query has " + q.length + ": the store was filled with another embedding model");
        }
        double dot = 0;
        for (int i = 0; i < v.length; i++) {
            dot += v[i] * q[i];
        }
        if (dot >= minScore) {
            top.offer(e, dot);
        }
    }

    public List<MemoryResult> searchLocal(String query, int limit) {
        return searchLocal(query, limit, MetadataFilter.ALL, Double.NEGATIVE_INFINITY);
    }

    /**
     * The {@code limit} entries whose text SimHash is closest to the query's (score {@code 1 - hamming / 64}), among
     * those matching {@code filter} and scoring at least {@code minScore}, best first. Works in both modes.
     */
    public List<MemoryResult> searchLocal(String query, int limit, MetadataFilter filter, double minScore) {
        requireQuery(query, limit);
        MetadataFilter f = filter == null ? MetadataFilter.ALL : filter;
        long q = TextSimHash.of(query);
        TopK top = new TopK(limit);
        backend.forEach(e -> {
            if (f.matches(e.metadata())) {
                double score = TextSimHash.similarity(q, e.textSimHash());
                if (score >= minScore) {
                    top.offer(e, score);
                }
            }
        });
        return top.results();
    }

    private static void requireQuery(String query, int limit) {
        if (query == null || query.isBlank()) {
            throw new ValidationError("query", "a search needs a non-blank query");
        }
        if (limit < 1) {
            throw new ValidationError("limit", "must be at least 1, got " + limit);
        }
    }

    @Override
    public void close() {
        backend.close();
    }

    /** The best {@code k} entries seen, by score then id (so equal scores rank the same way on every backend). */
    private static final class TopK {
        private record Hit(StoredEntry entry, double score) {
        }

        private static final Comparator<Hit> WORST_FIRST = Comparator.comparingDouble(Hit::score)
                .thenComparing(h -> h.entry().id(), Comparator.reverseOrder());

        private final int k;
        private final PriorityQueue<Hit> heap;

        TopK(int k) {
            this.k = k;
            this.heap = new PriorityQueue<>(Math.min(k, 1024) + 1, WORST_FIRST);
        }

        synchronized void offer(StoredEntry e, double score) {
            Hit hit = new Hit(e, score);
            if (heap.size() < k) {
                heap.add(hit);
            } else if (WORST_FIRST.compare(hit, heap.peek()) > 0) {
                heap.poll();
                heap.add(hit);
            }
        }

        synchronized List<MemoryResult> results() {
            List<Hit> hits = new ArrayList<>(heap);
            hits.sort(WORST_FIRST.reversed());
            List<MemoryResult> out = new ArrayList<>(hits.size());
            for (Hit h : hits) {
                out.add(new MemoryResult(h.entry().id(), h.entry().text(), h.score(), h.entry().metadata()));
            }
            return out;
        }
    }

    /** Options of a {@link Memory}. */
    public static final class Builder {
        private final MemoryBackend backend;
        private EmbeddingModel embedder;
        private SearchMode mode = SearchMode.INDEXED;
        private int candidateFactor = DEFAULT_CANDIDATE_FACTOR;

        private Builder(MemoryBackend backend) {
            this.backend = backend;
        }

        /** The embedding model (full mode); none = local-only mode. */
        public Builder embedder(EmbeddingModel value) {
            embedder = value;
            return this;
        }

        public Builder mode(SearchMode value) {
            mode = value;
            return this;
        }

        /** Candidates asked of the index per result wanted (at least {@value #MIN_CANDIDATES} in all). */
        public Builder candidateFactor(int value) {
            candidateFactor = value;
            return this;
        }

        public Memory build() {
            return new Memory(embedder, backend, mode, candidateFactor);
        }
    }
}
