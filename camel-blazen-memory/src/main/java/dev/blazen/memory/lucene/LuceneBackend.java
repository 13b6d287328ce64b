package dev.blazen.memory.lucene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.llm.error.SerializationError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.MetadataFilter;
import dev.blazen.memory.backend.MemoryBackend;
import dev.blazen.memory.backend.StoredEntry;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The persistent embedded backend: entries in an Apache Lucene index in a directory, their vectors in an HNSW graph
 * that proposes nearest-neighbour candidates ({@link #nearest}), which {@link dev.blazen.memory.Memory} ranks by exact
 * cosine similarity on the stored float32 vectors.
 * <p>
 * <b>What is stored.</b> One Lucene document per entry: the id (indexed), the text, the metadata as JSON, the text
 * SimHash and vector SimHash (stored), the LSH band keys (indexed, for {@link #searchByBands}), every metadata node as
 * a term (see {@link MetadataTerms}, so a {@link MetadataFilter} becomes a Lucene filter that the HNSW search applies
 * while it walks the graph; results are also checked with {@link MetadataFilter#matches}), and the vector as a
 * {@link KnnFloatVectorField} with dot-product similarity (vectors are unit length, so that is cosine), held in the
 * graph as float32 or as int8 ({@link VectorEncoding}) and always kept as float32 for rescoring.
 * <p>
 * <b>Writes.</b> {@link #put} replaces each entry by id with one {@code updateDocument} (atomic per entry: a reader
 * sees the old entry or the new one, never a mix); the entries of a large batch are indexed by several threads.
 * {@link #delete} is one {@code deleteDocuments}. Reads see every write that returned (near-real-time readers from a
 * {@link SearcherManager}, reopened on the first read after a write).
 * <p>
 * <b>Durability.</b> By default changes are committed (flushed and fsynced) once a second when there are any
 * ({@link #DEFAULT_COMMIT_INTERVAL}), on {@link #commit()} and on {@link #close()}. A Lucene commit is atomic: after a
 * crash the index opens at its last commit, with every write of that commit and none after it, so a crash loses the
 * writes of at most the last interval, never part of an entry and never an older write. While a batch of
 * {@value #PARALLEL_BATCH} entries or more is being written, periodic commits wait for it to finish (a commit writes
 * out every in-memory segment, and would cut a bulk load into many small graphs), so such a batch becomes durable
 * within one interval after {@code put} returns.
 * {@link Builder#commitInterval commitInterval(Duration.ZERO)} commits every {@code put} and {@code delete} before it
 * returns (concurrent writers share commits), so nothing acknowledged is lost; a commit costs several fsyncs (about
 * 100 ms per write on a virtual disk), which is why it is not the default.
 * <p>
 * One backend per directory: a second one (in this process or another) fails to open it while the first is open.
 * Thread-safe.
 */
public final class LuceneBackend implements MemoryBackend {

    /**
     * HNSW neighbours per node: twice Lucene's default of 16. On 100,000 sentence-embedding-like vectors of 384
     * dimensions (benchmarks/README.md, {@code memory}) M=16 left the graph's top-10 recall at 0.80-0.92 whatever
     * the number of candidates; M=32 lifts it above 0.95.
     */
    public static final int DEFAULT_MAX_CONN = 32;
    /**
     * Candidates considered per insertion into the HNSW graph: twice Lucene's default of 100. With M=32 it takes
     * recall@10 at Memory's default 64 candidates from 0.93 to 0.97 on the benchmark set, for about twice the
     * indexing time.
     */
    public static final int DEFAULT_BEAM_WIDTH = 200;
    /** Heap Lucene may buffer documents in before it writes a segment. */
    public static final double DEFAULT_RAM_BUFFER_MB = 256;
    /** How often changes are committed by default. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
    /** Batches at least this large are indexed by {@link Builder#indexingThreads} threads. */
    public static final int PARALLEL_BATCH = 1024;

    static final String ID = "id";
    static final String TEXT = "text";
    static final String METADATA_JSON = "metadata";
    static final String TEXT_SIMHASH = "text_simhash";
    static final String VECTOR_SIMHASH = "vector_simhash";
    static final String BAND = "band";
    static final String VECTOR = "vector";

    private static final Logger LOG = LoggerFactory.getLogger(LuceneBackend.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };
    /** How far the squared length of a vector may be from 1. */
    private static final double UNIT_TOLERANCE = 1e-3;

    private final Path path;
    private final VectorEncoding encoding;
    private final int maxConn;
    private final int beamWidth;
    private final Duration commitInterval;
    private final int indexingThreads;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ExecutorService indexers;
    private final ScheduledExecutorService committer;
    /** Completed writes, and how many of them the current reader shows. */
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong refreshedWrites = new AtomicLong();
    private final Object commitMonitor = new Object();
    private long committedSeqNo = -1;
    private final ReentrantLock deleteLock = new ReentrantLock();
    /** Large batches being written: periodic commits wait for them, so that a bulk load is not cut into segments. */
    private final AtomicInteger largeBatchesInFlight = new AtomicInteger();
    private final Object dimensionsMonitor = new Object();
    /** The dimension of every vector in the index; 0 until the first one. */
    private volatile int dimensions;
    private volatile boolean closed;

    private LuceneBackend(Builder b) {
        this.path = b.path;
        this.encoding = b.encoding;
        this.maxConn = b.maxConn;
        this.beamWidth = b.beamWidth;
        this.commitInterval = b.commitInterval;
        this.indexingThreads = b.indexingThreads;
        Directory dir = null;
        IndexWriter w = null;
        try {
            Files.createDirectories(path);
            dir = FSDirectory.open(path);
            IndexWriterConfig config = new IndexWriterConfig()
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCodec(VectorCodec.create(encoding, maxConn, beamWidth))
                    .setRAMBufferSizeMB(b.ramBufferMb)
                    .setCommitOnClose(true);
            w = new IndexWriter(dir, config);
            this.searchers = new SearcherManager(w, true, true, null);
        } catch (LockObtainFailedException e) {
            closeQuietly(w, dir);
            throw new IllegalStateException("the memory index in " + path + " is already open (one backend per "
                    + "directory, in this process or another)", e);
        } catch (IOException e) {
            closeQuietly(w, dir);
            throw new UncheckedIOException("cannot open the memory index in " + path, e);
        }
        this.directory = dir;
        this.writer = w;
        this.dimensions = readDimensions();
        this.indexers = indexingThreads > 1 ? Executors.newFixedThreadPool(indexingThreads, daemon("index")) : null;
        if (commitInterval.isZero()) {
            this.committer = null;
        } else {
            this.committer = Executors.newSingleThreadScheduledExecutor(daemon("commit"));
            long millis = Math.max(1, commitInterval.toMillis());
            committer.scheduleWithFixedDelay(this::periodicCommit, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** A backend with the defaults in {@code dir} (created when missing): float32 graph, commits once a second. */
    public static LuceneBackend open(Path dir) {
        return builder(dir).build();
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    public Path path() {
        return path;
    }

    public VectorEncoding encoding() {
        return encoding;
    }

    public int maxConn() {
        return maxConn;
    }

    public int beamWidth() {
        return beamWidth;
    }

    // ---- writes -------------------------------------------------------------------------------------------------

    @Override
    public void put(List<StoredEntry> entries) {
        ensureOpen();
        if (entries == null || entries.isEmpty()) {
            return;
        }
        // a batch means the same as its entries put one after the other: the last entry with an id wins
        Map<String, StoredEntry> byId = new LinkedHashMap<>();
        for (StoredEntry e : entries) {
            byId.remove(e.id());
            byId.put(e.id(), e);
        }
        checkVectors(byId.values());
        // every document is built (metadata serialised) before the first is written, so a bad entry writes nothing
        List<Map.Entry<String, Document>> docs = new ArrayList<>(byId.size());
        for (StoredEntry e : byId.values()) {
            docs.add(Map.entry(e.id(), document(e)));
        }
        long seqNo;
        boolean large = docs.size() >= PARALLEL_BATCH;
        if (large) {
            largeBatchesInFlight.incrementAndGet();
        }
        try {
            seqNo = indexers != null && large ? writeParallel(docs) : write(docs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the memory index in " + path, e);
        } finally {
            writes.incrementAndGet();
            if (large) {
                largeBatchesInFlight.decrementAndGet();
            }
        }
        afterWrite(seqNo);
    }

    private long write(List<Map.Entry<String, Document>> docs) throws IOException {
        long seqNo = -1;
        for (Map.Entry<String, Document> d : docs) {
            seqNo = Math.max(seqNo, writer.updateDocument(new Term(ID, d.getKey()), d.getValue()));
        }
        return seqNo;
    }

    /** Contiguous slices on the indexing threads: each thread fills its own in-memory segment, graph included. */
    private long writeParallel(List<Map.Entry<String, Document>> docs) throws IOException {
        int slices = Math.min(indexingThreads, docs.size() / (PARALLEL_BATCH / 2));
        int size = (docs.size() + slices - 1) / slices;
        List<Future<Long>> futures = new ArrayList<>();
        for (int from = 0; from < docs.size(); from += size) {
            List<Map.Entry<String, Document>> slice = docs.subList(from, Math.min(docs.size(), from + size));
            futures.add(indexers.submit(() -> write(slice)));
        }
        long seqNo = -1;
        Throwable failure = null;
        for (Future<Long> f : futures) {
            try {
                seqNo = Math.max(seqNo, f.get());
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            }
        }
        if (failure instanceof IOException io) {
            throw io;
        } else if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        } else if (failure != null) {
            throw new IllegalStateException("indexing was interrupted", failure);
        }
        return seqNo;
    }

    @Override
    public boolean delete(String id) {
        ensureOpen();
        long seqNo;
        deleteLock.lock();
        try {
            IndexSearcher s = acquire();
            try {
                if (s.count(new TermQuery(new Term(ID, id))) == 0) {
                    return false;
                }
            } finally {
                searchers.release(s);
            }
            seqNo = writer.deleteDocuments(new Term(ID, id));
            writes.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete from the memory index in " + path, e);
        } finally {
            deleteLock.unlock();
        }
        afterWrite(seqNo);
        return true;
    }

    private void afterWrite(long seqNo) {
        if (committer == null) {
            commitUpTo(seqNo);
        }
    }

    /** Commits unless a commit since the write numbered {@code seqNo} already holds it (group commit). */
    private void commitUpTo(long seqNo) {
        synchronized (commitMonitor) {
            if (committedSeqNo >= seqNo) {
                return;
            }
            commitNow();
        }
    }

    /** Makes every write that returned durable now, whatever the commit interval. */
    public void commit() {
        ensureOpen();
        synchronized (commitMonitor) {
            commitNow();
        }
    }

    private void commitNow() {
        try {
            committedSeqNo = Math.max(committedSeqNo, writer.commit());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the memory index in " + path, e);
        }
    }

    private void periodicCommit() {
        try {
            // a commit writes every in-memory segment out: during a bulk load that would cut the batch into one
            // small segment per interval (more graphs to search, and merges that rebuild them), so it waits
            if (!closed && largeBatchesInFlight.get() == 0 && writer.hasUncommittedChanges()) {
                synchronized (commitMonitor) {
                    commitNow();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Periodic commit of the memory index in {} failed: {}", path, e.toString());
        }
    }

    /** Same dimension for every vector (Lucene's field holds one), each finite and of unit length. */
    private void checkVectors(Collection<StoredEntry> entries) {
        int batchDims = 0;
        for (StoredEntry e : entries) {
            float[] v = e.vector();
            if (v == null) {
                continue;
            }
            double sq = 0;
            for (float x : v) {
                sq += (double) x * x;
            }
            if (!(Math.abs(sq - 1) <= UNIT_TOLERANCE)) {
                throw new ValidationError("vector", "entry " + e.id() + ": the vector must be finite and of unit "
                        + "length, its squared length is " + sq);
            }
            if (batchDims == 0) {
                batchDims = v.length;
            } else if (v.length != batchDims) {
                throw new ValidationError("vector", "entry " + e.id() + " has a " + v.length + "-dimension vector "
                        + "but others in the same batch have " + batchDims);
            }
        }
        if (batchDims == 0) {
            return;
        }
        if (batchDims > VectorCodec.MAX_DIMENSIONS) {
            throw new ValidationError("vector", "vectors of " + batchDims + " dimensions are more than the index "
                    + "takes (" + VectorCodec.MAX_DIMENSIONS + ")");
        }
        synchronized (dimensionsMonitor) {
            if (dimensions == 0) {
                dimensions = batchDims;
            } else if (dimensions != batchDims) {
                throw new ValidationError("vector", "this index holds " + dimensions + "-dimension vectors, the "
                        + "batch has " + batchDims + ": the store was filled with another embedding model");
            }
        }
    }

    private static Document document(StoredEntry e) {
        Document doc = new Document();
        doc.add(new StringField(ID, e.id(), Field.Store.YES));
        doc.add(new StoredField(TEXT, e.text()));
        if (!e.metadata().isEmpty()) {
            String json;
            Map<String, Object> readBack;
            try {
                json = JSON.writeValueAsString(e.metadata());
                // index what a reader will see, so the filter terms and the exact check agree
                readBack = JSON.readValue(json, MAP);
            } catch (JsonProcessingException ex) {
                throw new SerializationError("entry " + e.id() + ": its metadata is not JSON: "
                        + ex.getOriginalMessage(), ex);
            }
            doc.add(new StoredField(METADATA_JSON, json));
            for (String term : MetadataTerms.terms(readBack)) {
                doc.add(new StringField(MetadataTerms.FIELD, term, Field.Store.NO));
            }
        }
        doc.add(new StoredField(TEXT_SIMHASH, e.textSimHash()));
        if (e.vector() != null) {
            doc.add(new KnnFloatVectorField(VECTOR, e.vector(), VectorSimilarityFunction.DOT_PRODUCT));
            long[] h = e.vectorSimHash();
            doc.add(new StoredField(VECTOR_SIMHASH, ByteBuffer.allocate(16).putLong(h[0]).putLong(h[1]).array()));
            for (long band : e.bands()) {
                doc.add(new StringField(BAND, bandTerm(band), Field.Store.NO));
            }
        }
        return doc;
    }

    private static BytesRef bandTerm(long band) {
        return new BytesRef(ByteBuffer.allocate(Long.BYTES).putLong(band).array());
    }

    // ---- reads --------------------------------------------------------------------------------------------------

    @Override
    public Optional<StoredEntry> get(String id) {
        return read(s -> {
            ScoreDoc[] hits = s.search(new TermQuery(new Term(ID, id)), 1).scoreDocs;
            return hits.length == 0 ? Optional.empty() : Optional.of(load(s, hits).get(0));
        });
    }

    @Override
    public long count() {
        return read(s -> (long) s.getIndexReader().numDocs());
    }

    @Override
    public void forEach(Consumer<StoredEntry> action) {
        read(s -> {
            for (LeafReaderContext ctx : s.getIndexReader().leaves()) {
                LeafReader reader = ctx.reader();
                Bits live = reader.getLiveDocs();
                StoredFields stored = reader.storedFields();
                FloatVectorValues vectors = reader.getFloatVectorValues(VECTOR);
                for (int doc = 0; doc < reader.maxDoc(); doc++) {
                    if (live == null || live.get(doc)) {
                        action.accept(entry(stored.document(doc), vector(vectors, doc)));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public List<StoredEntry> searchByBands(long[] bands, int limit) {
        if (bands == null || bands.length == 0 || limit <= 0) {
            return List.of();
        }
        List<BytesRef> terms = new ArrayList<>(bands.length);
        for (long band : bands) {
            terms.add(bandTerm(band));
        }
        Query query = new ConstantScoreQuery(new TermInSetQuery(BAND, terms));
        return read(s -> load(s, s.search(query, limit).scoreDocs));
    }

    /**
     * The HNSW graph's {@code candidates} nearest entries to {@code query} among those matching {@code filter} (a
     * Lucene filter the graph search applies as it goes, so a selective filter still fills the candidates; Lucene
     * scans the filtered entries exactly when they are few), with their float32 vectors, nearest first.
     */
    @Override
    public Optional<List<StoredEntry>> nearest(float[] query, int candidates, MetadataFilter filter) {
        ensureOpen();
        MetadataFilter f = filter == null ? MetadataFilter.ALL : filter;
        int dims = dimensions;
        if (candidates <= 0 || dims == 0) {
            return Optional.of(List.of());
        }
        if (query.length != dims) {
            throw new ValidationError("embedding", "the index holds " + dims + "-dimension vectors but the query "
                    + "has " + query.length + ": the store was filled with another embedding model");
        }
        Query knn = f.isEmpty()
                ? new KnnFloatVectorQuery(VECTOR, query, candidates)
                : new KnnFloatVectorQuery(VECTOR, query, candidates, MetadataTerms.query(f));
        List<StoredEntry> found = read(s -> load(s, s.search(knn, candidates).scoreDocs));
        if (f.isEmpty()) {
            return Optional.of(found);
        }
        List<StoredEntry> matching = new ArrayList<>(found.size());
        for (StoredEntry e : found) {
            if (f.matches(e.metadata())) {
                matching.add(e);
            }
        }
        return Optional.of(matching);
    }

    /** The entries of these hits, in the hits' order; stored fields and vectors are read leaf by leaf, in doc order. */
    private static List<StoredEntry> load(IndexSearcher s, ScoreDoc[] hits) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        Integer[] order = new Integer[hits.length];
        for (int i = 0; i < hits.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> hits[i].doc));
        StoredEntry[] out = new StoredEntry[hits.length];
        int leaf = -1;
        StoredFields stored = null;
        FloatVectorValues vectors = null;
        for (int i : order) {
            int doc = hits[i].doc;
            int sub = ReaderUtil.subIndex(doc, leaves);
            LeafReaderContext ctx = leaves.get(sub);
            if (sub != leaf) {
                leaf = sub;
                stored = ctx.reader().storedFields();
                vectors = ctx.reader().getFloatVectorValues(VECTOR);
            }
            int local = doc - ctx.docBase;
            out[i] = entry(stored.document(local), vector(vectors, local));
        }
        return Arrays.asList(out);
    }

    /** The vector of {@code doc}, read forward (callers go in doc order); null when it has none. */
    private static float[] vector(FloatVectorValues vectors, int doc) throws IOException {
        if (vectors == null) {
            return null;
        }
        if (vectors.docID() < doc) {
            vectors.advance(doc);
        }
        return vectors.docID() == doc ? vectors.vectorValue().clone() : null;
    }

    private static StoredEntry entry(Document d, float[] vector) {
        String json = d.get(METADATA_JSON);
        Map<String, Object> metadata;
        try {
            metadata = json == null ? new LinkedHashMap<>() : JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new SerializationError("stored metadata of entry " + d.get(ID) + " is not JSON", e);
        }
        BytesRef vsh = d.getBinaryValue(VECTOR_SIMHASH);
        long[] vectorSimHash = null;
        if (vsh != null) {
            ByteBuffer b = ByteBuffer.wrap(vsh.bytes, vsh.offset, vsh.length);
            vectorSimHash = new long[] {b.getLong(), b.getLong()};
        }
        return new StoredEntry(d.get(ID), d.get(TEXT), metadata, vector,
                d.getField(TEXT_SIMHASH).numericValue().longValue(), vectorSimHash);
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T read(Read<T> body) {
        try {
            IndexSearcher s = acquire();
            try {
                return body.apply(s);
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory index in " + path, e);
        }
    }

    /** A searcher that shows every write that returned before this call. */
    private IndexSearcher acquire() throws IOException {
        ensureOpen();
        long w = writes.get();
        if (refreshedWrites.get() < w) {
            searchers.maybeRefreshBlocking();
            refreshedWrites.accumulateAndGet(w, Math::max);
        }
        return searchers.acquire();
    }

    private int readDimensions() {
        return read(s -> {
            FieldInfo info = FieldInfos.getMergedFieldInfos(s.getIndexReader()).fieldInfo(VECTOR);
            return info == null ? 0 : info.getVectorDimension();
        });
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the memory index in " + path + " is closed");
        }
    }

    /** Commits what is not committed yet and releases the directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (committer != null) {
            committer.shutdown();
            awaitQuietly(committer);
        }
        if (indexers != null) {
            indexers.shutdown();
            awaitQuietly(indexers);
        }
        try {
            searchers.close();
            synchronized (commitMonitor) {
                writer.close();
            }
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the memory index in " + path, e);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // already failing
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String role) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "blazen-memory-lucene-" + role + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "LuceneBackend[" + path + ", " + encoding + ", M=" + maxConn + ", beamWidth=" + beamWidth + "]";
    }

    /** Options of a {@link LuceneBackend}; every one has a default. */
    public static final class Builder {
        private final Path path;
        private VectorEncoding encoding = VectorEncoding.FLOAT32;
        private int maxConn = DEFAULT_MAX_CONN;
        private int beamWidth = DEFAULT_BEAM_WIDTH;
        private double ramBufferMb = DEFAULT_RAM_BUFFER_MB;
        private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
        private int indexingThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

        private Builder(Path path) {
            if (path == null) {
                throw new ValidationError("path", "a Lucene backend needs a directory");
            }
            this.path = path;
        }

        /** How the graph holds vectors (default {@link VectorEncoding#FLOAT32}); float32 is stored either way. */
        public Builder encoding(VectorEncoding value) {
            encoding = value == null ? VectorEncoding.FLOAT32 : value;
            return this;
        }

        /**
         * HNSW {@code M}: neighbours per node (default {@value #DEFAULT_MAX_CONN}, at most 512). More raises recall
         * and costs memory and indexing time.
         */
        public Builder maxConn(int value) {
            if (value < 1 || value > 512) {
                throw new ValidationError("maxConn", "must be 1..512, got " + value);
            }
            maxConn = value;
            return this;
        }

        /**
         * HNSW {@code beamWidth} (efConstruction): candidates considered per insertion (default
         * {@value #DEFAULT_BEAM_WIDTH}, at most 3200). More builds a better graph, more slowly.
         */
        public Builder beamWidth(int value) {
            if (value < 1 || value > 3200) {
                throw new ValidationError("beamWidth", "must be 1..3200, got " + value);
            }
            beamWidth = value;
            return this;
        }

        /**
         * Heap Lucene buffers new entries in before it writes a segment (default {@value #DEFAULT_RAM_BUFFER_MB} MiB;
         * about 1.6 KiB per 384-dimension entry). Larger buffers let a big batch become few segments, which searches
         * faster and needs no merging.
         */
        public Builder ramBufferMb(double value) {
            if (!(value >= 1)) {
                throw new ValidationError("ramBufferMb", "must be at least 1, got " + value);
            }
            ramBufferMb = value;
            return this;
        }

        /**
         * How often changes are committed (default {@link #DEFAULT_COMMIT_INTERVAL}; also on
         * {@link LuceneBackend#commit()} and close): a crash loses at most this much of the latest writes. Zero commits
         * every write before it returns.
         */
        public Builder commitInterval(Duration value) {
            if (value == null || value.isNegative()) {
                throw new ValidationError("commitInterval", "must be zero or positive");
            }
            commitInterval = value;
            return this;
        }

        /** Threads a batch of {@value #PARALLEL_BATCH} entries or more is indexed with (default: cores, at most 4). */
        public Builder indexingThreads(int value) {
            if (value < 1) {
                throw new ValidationError("indexingThreads", "must be at least 1, got " + value);
            }
            indexingThreads = value;
            return this;
        }

        public LuceneBackend build() {
            return new LuceneBackend(this);
        }
    }
}
