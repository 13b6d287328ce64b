package dev.blazen.memory.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blazen.llm.error.AuthError;
import dev.blazen.llm.error.BlazenError;
import dev.blazen.llm.error.ProviderError;
import dev.blazen.llm.error.RequestError;
import dev.blazen.llm.error.SerializationError;
import dev.blazen.llm.error.TimeoutError;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.MetadataFilter;
import dev.blazen.memory.backend.MemoryBackend;
import dev.blazen.memory.backend.StoredEntry;
import dev.blazen.memory.hash.VectorSimHash;
import dev.blazen.redis.RedisConnection;
import dev.blazen.redis.RedisFailure;
import dev.blazen.redis.RedisScript;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Entries in Redis or Valkey (a standalone server; not Cluster), one store per key prefix
 * {@code blazen:memory:<store>:}, so that several stores share a server without seeing each other:
 * <ul>
 * <li>{@code <prefix>e:<id>}: a hash per entry with the fields {@code text}, {@code metadata} (JSON),
 * {@code textSimHash} (16 hex digits), and for entries with a vector {@code vector} (float32 little-endian, 4 bytes a
 * dimension), {@code vectorSimHash} (32 hex digits: bits 0-63, then bits 64-127, each as a hexadecimal number) and
 * {@code bands} (the entry's band keys without the prefix, space-separated);</li>
 * <li>{@code <prefix>ids}: the set of entry ids;</li>
 * <li>{@code <prefix>b:<position>:<value>}: an LSH band set per band position (0-7) and 16-bit value (4 hex digits),
 * holding the ids of the entries whose vector SimHash has that value at that position.</li>
 * </ul>
 * A put and a delete each run as one Lua script, so an entry, its id and its band memberships change atomically, and
 * an update removes the band memberships of the entry it replaces. Batches are pipelined, one script call per entry.
 * Reads stream: {@link #forEach} walks the id set with SSCAN and fetches entries in pipelined chunks.
 * <p>
 * {@link #nearest} proposes the entries sharing at least one band with the query's SimHash, most shared bands first
 * (then closest SimHash), so candidate recall is LSH recall: a near neighbour that shares no band is missed, which
 * {@link dev.blazen.memory.SearchMode#EXACT} (a scan of every entry) never does. A store holding no more entries than
 * the candidates asked for is scanned instead, so small stores are searched exactly in every mode.
 * <p>
 * Thread-safe (a connection pool). {@link #toString()} and error messages show the address with its password masked.
 */
public final class RedisBackend implements MemoryBackend {

    /** The first part of every key prefix. */
    public static final String NAMESPACE = "blazen:memory";
    /** Entries per pipeline (and per SSCAN page). */
    static final int CHUNK = 256;

    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> METADATA = new TypeReference<>() {
    };

    private static final byte[] TEXT = ascii("text");
    private static final byte[] METADATA_FIELD = ascii("metadata");
    private static final byte[] TEXT_SIMHASH = ascii("textSimHash");
    private static final byte[] VECTOR = ascii("vector");
    private static final byte[] VECTOR_SIMHASH = ascii("vectorSimHash");
    private static final byte[][] ENTRY_FIELDS = {TEXT, METADATA_FIELD, TEXT_SIMHASH, VECTOR, VECTOR_SIMHASH};
    private static final byte[][] FILTER_FIELDS = {METADATA_FIELD, VECTOR_SIMHASH};

    private final String store;
    private final String prefix;
    private final byte[] idsKey;
    private final byte[] bandPrefix;
    private final RedisConnection redis;

    private RedisBackend(Builder b) {
        if (b.store == null || !STORE_NAME.matcher(b.store).matches()) {
            throw new ValidationError("store", "a store name is 1 to 200 letters, digits, '_', '.' or '-', got "
                    + (b.store == null ? "none" : "'" + b.store + "'"));
        }
        this.store = b.store;
        this.prefix = NAMESPACE + ":" + store + ":";
        this.idsKey = utf8(prefix + "ids");
        this.bandPrefix = utf8(prefix + "b:");
        this.redis = b.connection.connect(this::failure);
    }

    /**
     * Connects to {@code redis://[user:password@]host[:port][/db]} (or {@code rediss://} for TLS) and opens the store
     * {@code storeName} (letters, digits, {@code _ . -}).
     *
     * @throws ValidationError for a malformed address or store name
     * @throws AuthError       when the server refuses the credentials
     * @throws RequestError    when the server cannot be reached
     */
    public static RedisBackend connect(String uri, String storeName) {
        return builder(uri, storeName).build();
    }

    public static Builder builder(String uri, String storeName) {
        return new Builder(uri, storeName);
    }

    public String store() {
        return store;
    }

    /** The prefix of every key of this store: {@code blazen:memory:<store>:}. */
    public String keyPrefix() {
        return prefix;
    }

    // ---- writes -------------------------------------------------------------------------------------------------

    @Override
    public void put(List<StoredEntry> entries) {
        if (entries == null || entries.isEmpty()) {
            return;
        }
        // encode everything first: an entry that cannot be encoded fails the batch before anything is written
        List<RedisScript.Call> calls = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) == null) {
                throw new ValidationError("entries[" + i + "]", "an entry is required");
            }
            calls.add(putCall(entries.get(i)));
        }
        redis.call("put", jedis -> {
            for (int from = 0; from < calls.size(); from += CHUNK) {
                Scripts.PUT.evalAll(jedis, calls.subList(from, Math.min(calls.size(), from + CHUNK)));
            }
            return null;
        });
    }

    private RedisScript.Call putCall(StoredEntry e) {
        long[] bands = e.bands();
        List<byte[]> keys = new ArrayList<>(2 + bands.length);
        keys.add(entryKey(e.id()));
        keys.add(idsKey);
        StringBuilder bandsField = new StringBuilder();
        for (long band : bands) {
            String name = bandName(band);
            keys.add(utf8(prefix + "b:" + name));
            bandsField.append(bandsField.length() == 0 ? "" : " ").append(name);
        }
        byte[] metadata;
        try {
            metadata = JSON.writeValueAsBytes(e.metadata());
        } catch (JsonProcessingException ex) {
            throw new ValidationError("metadata", "entry " + e.id() + ": the metadata is not JSON-serialisable: "
                    + ex.getOriginalMessage());
        }
        List<byte[]> args = List.of(
                utf8(e.id()),
                bandPrefix,
                utf8(e.text()),
                metadata,
                ascii(String.format("%016x", e.textSimHash())),
                e.vector() == null ? new byte[0] : floatBytes(e.vector()),
                e.vectorSimHash() == null ? new byte[0] : ascii(hash128(e.vectorSimHash())),
                ascii(bandsField.toString()));
        return new RedisScript.Call(keys, args);
    }

    @Override
    public boolean delete(String id) {
        requireId(id);
        Object result = redis.call("delete", jedis -> Scripts.DELETE.eval(jedis, List.of(entryKey(id), idsKey),
                List.of(utf8(id), bandPrefix)));
        return result instanceof Long n && n > 0;
    }

    // ---- reads --------------------------------------------------------------------------------------------------

    @Override
    public Optional<StoredEntry> get(String id) {
        requireId(id);
        return Optional.ofNullable(redis.call("get", jedis -> decode(id, jedis.hmget(entryKey(id), ENTRY_FIELDS))));
    }

    @Override
    public long count() {
        return redis.call("count", jedis -> jedis.scard(idsKey));
    }

    /**
     * Walks the id set with SSCAN, a page of about {@value #CHUNK} ids at a time, fetching each page's entries in one
     * pipeline; the action runs between pages, without holding a connection. Entries added or removed during the walk
     * may or may not be visited; none is visited twice.
     */
    @Override
    public void forEach(Consumer<StoredEntry> action) {
        Set<String> seen = new HashSet<>();
        ScanParams params = new ScanParams().count(CHUNK);
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        boolean done;
        do {
            byte[] from = cursor;
            Page page = redis.call("forEach", jedis -> {
                ScanResult<byte[]> scan = jedis.sscan(idsKey, from, params);
                List<String> ids = new ArrayList<>(scan.getResult().size());
                for (byte[] id : scan.getResult()) {
                    String s = str(id);
                    if (seen.add(s)) {
                        ids.add(s);
                    }
                }
                return new Page(scan.getCursorAsBytes(), scan.isCompleteIteration(), fetch(jedis, ids));
            });
            page.entries().forEach(action);
            cursor = page.cursor();
            done = page.done();
        } while (!done);
    }

    @Override
    public List<StoredEntry> searchByBands(long[] bands, int limit) {
        if (bands == null || bands.length == 0 || limit < 1) {
            return List.of();
        }
        return redis.call("searchByBands", jedis -> {
            List<Candidate> ranked = rankByBands(jedis, bands);
            List<String> ids = new ArrayList<>(Math.min(limit, ranked.size()));
            for (int i = 0; i < ranked.size() && i < limit; i++) {
                ids.add(ranked.get(i).id());
            }
            return fetch(jedis, ids);
        });
    }

    /**
     * The entries sharing at least one band with the query's SimHash that match {@code filter}, most shared bands
     * first and, among those sharing as many, closest SimHash first; at most {@code candidates}, each with its
     * vector. Recall is LSH recall. A store of at most {@code candidates} entries is scanned whole instead.
     */
    @Override
    public Optional<List<StoredEntry>> nearest(float[] query, int candidates, MetadataFilter filter) {
        if (query == null) {
            throw new ValidationError("query", "a nearest-neighbour query needs a vector");
        }
        if (candidates < 1) {
            return Optional.of(List.of());
        }
        MetadataFilter f = filter == null ? MetadataFilter.ALL : filter;
        if (count() <= candidates) {
            List<StoredEntry> all = new ArrayList<>();
            forEach(e -> {
                if (e.vector() != null && f.matches(e.metadata())) {
                    all.add(e);
                }
            });
            return Optional.of(all);
        }
        long[] q = VectorSimHash.of(query);
        return Optional.of(redis.call("nearest", jedis -> {
            List<Candidate> ranked = rankByBands(jedis, VectorSimHash.bands(q));
            List<String> chosen = new ArrayList<>(candidates);
            // tier by tier (same number of shared bands); within the last tier that fits only in part, the closest
            // SimHashes win. Only the metadata and the SimHash are read to choose.
            for (int start = 0; start < ranked.size() && chosen.size() < candidates; ) {
                int shared = ranked.get(start).shared();
                int end = start;
                while (end < ranked.size() && ranked.get(end).shared() == shared) {
                    end++;
                }
                List<Scored> tier = matching(jedis, ranked.subList(start, end), f, q);
                tier.sort(Comparator.comparingDouble(Scored::similarity).reversed().thenComparing(Scored::id));
                for (int i = 0; i < tier.size() && chosen.size() < candidates; i++) {
                    chosen.add(tier.get(i).id());
                }
                start = end;
            }
            List<StoredEntry> out = new ArrayList<>(chosen.size());
            for (StoredEntry e : fetch(jedis, chosen)) {
                // again: an entry may have changed since it was chosen
                if (e.vector() != null && f.matches(e.metadata())) {
                    out.add(e);
                }
            }
            return out;
        }));
    }

    /** Every id in the band sets of these keys with how many of them it is in, most first, then by id. */
    private List<Candidate> rankByBands(Jedis jedis, long[] bands) {
        Set<Long> distinct = new LinkedHashSet<>();
        for (long band : bands) {
            distinct.add(band);
        }
        List<Response<Set<byte[]>>> members = new ArrayList<>(distinct.size());
        try (Pipeline p = jedis.pipelined()) {
            for (long band : distinct) {
                members.add(p.smembers(utf8(prefix + "b:" + bandName(band))));
            }
            p.sync();
        }
        Map<String, Integer> shared = new HashMap<>();
        for (Response<Set<byte[]>> r : members) {
            for (byte[] id : r.get()) {
                shared.merge(str(id), 1, Integer::sum);
            }
        }
        List<Candidate> ranked = new ArrayList<>(shared.size());
        shared.forEach((id, n) -> ranked.add(new Candidate(id, n)));
        ranked.sort(Comparator.comparingInt(Candidate::shared).reversed().thenComparing(Candidate::id));
        return ranked;
    }

    /** Those of the candidates that exist, have a vector and match the filter, with their SimHash similarity. */
    private List<Scored> matching(Jedis jedis, List<Candidate> candidates, MetadataFilter filter, long[] query) {
        List<Scored> out = new ArrayList<>();
        for (int from = 0; from < candidates.size(); from += CHUNK) {
            List<Candidate> chunk = candidates.subList(from, Math.min(candidates.size(), from + CHUNK));
            List<Response<List<byte[]>>> responses = new ArrayList<>(chunk.size());
            try (Pipeline p = jedis.pipelined()) {
                for (Candidate c : chunk) {
                    responses.add(p.hmget(entryKey(c.id()), FILTER_FIELDS));
                }
                p.sync();
            }
            for (int i = 0; i < chunk.size(); i++) {
                List<byte[]> values = responses.get(i).get();
                String id = chunk.get(i).id();
                if (values.get(1) == null) {
                    continue; // gone, or no vector
                }
                Map<String, Object> metadata = values.get(0) == null ? Map.of() : metadata(id, values.get(0));
                if (filter.matches(metadata)) {
                    out.add(new Scored(id, VectorSimHash.similarity(query, parseHash128(id, str(values.get(1))))));
                }
            }
        }
        return out;
    }

    /** The entries with these ids that exist, in this order, fetched in pipelined chunks. */
    private List<StoredEntry> fetch(Jedis jedis, List<String> ids) {
        List<StoredEntry> out = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            List<Response<List<byte[]>>> responses = new ArrayList<>(chunk.size());
            try (Pipeline p = jedis.pipelined()) {
                for (String id : chunk) {
                    responses.add(p.hmget(entryKey(id), ENTRY_FIELDS));
                }
                p.sync();
            }
            for (int i = 0; i < chunk.size(); i++) {
                StoredEntry e = decode(chunk.get(i), responses.get(i).get());
                if (e != null) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The entry from its hash fields in {@link #ENTRY_FIELDS} order, or null when it has none. */
    private StoredEntry decode(String id, List<byte[]> values) {
        if (values.get(0) == null) {
            return null;
        }
        try {
            Map<String, Object> metadata = values.get(1) == null ? Map.of() : metadata(id, values.get(1));
            long textSimHash = values.get(2) == null ? 0 : Long.parseUnsignedLong(str(values.get(2)), 16);
            float[] vector = values.get(3) == null ? null : floats(values.get(3));
            long[] vectorSimHash = values.get(4) == null ? null : parseHash128(id, str(values.get(4)));
            return new StoredEntry(id, str(values.get(0)), metadata, vector, textSimHash, vectorSimHash);
        } catch (IllegalArgumentException e) {
            throw new SerializationError("entry " + id + " of store " + store + " is malformed: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> metadata(String id, byte[] json) {
        try {
            Map<String, Object> m = JSON.readValue(json, METADATA);
            return m == null ? Map.of() : m;
        } catch (IOException e) {
            throw new SerializationError("entry " + id + " of store " + store + " has malformed metadata", e);
        }
    }

    // ---- encoding -----------------------------------------------------------------------------------------------

    /** A band key without the store prefix: {@code <position>:<value as 4 hex digits>}. */
    static String bandName(long band) {
        return (band >>> 16) + ":" + String.format("%04x", band & 0xffffL);
    }

    private byte[] entryKey(String id) {
        return utf8(prefix + "e:" + id);
    }

    static byte[] floatBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] floats(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("a vector of " + bytes.length + " bytes is not float32s");
        }
        float[] out = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    static String hash128(long[] hash) {
        return String.format("%016x%016x", hash[0], hash[1]);
    }

    private long[] parseHash128(String id, String hex) {
        if (hex.length() != 32) {
            throw new SerializationError("entry " + id + " of store " + store + " has a malformed vector SimHash",
                    null);
        }
        return new long[] {Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16)};
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String str(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void requireId(String id) {
        if (id == null || id.isEmpty()) {
            throw new ValidationError("id", "an entry id is required");
        }
    }

    // ---- connections and errors ---------------------------------------------------------------------------------

    /** A failed call as the memory layer's typed error. */
    private BlazenError failure(RedisFailure f) {
        String where = f.operation() + " on Redis at " + f.address() + " (store " + store + ")";
        return switch (f.kind()) {
            case AUTHENTICATION -> withCause(new AuthError("Redis at " + f.address() + " refused the credentials: "
                    + f.message()), f.cause());
            case TIMEOUT -> new TimeoutError(f.timeoutMillis());
            case SERVER -> withCause(new ProviderError("redis", where + ": " + f.message(), null), f.cause());
            case CONNECTION, CLIENT -> new RequestError(where + ": " + f.message(), f.cause());
        };
    }

    private static BlazenError withCause(BlazenError error, Throwable cause) {
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    /** Closes the connection pool; later calls fail. */
    @Override
    public void close() {
        redis.close();
    }

    /** The address with its password masked, and the store. */
    @Override
    public String toString() {
        return "RedisBackend[" + redis.address() + ", store " + store + "]";
    }

    private record Page(byte[] cursor, boolean done, List<StoredEntry> entries) {
    }

    private record Candidate(String id, int shared) {
    }

    private record Scored(String id, double similarity) {
    }

    /** Options of a {@link RedisBackend}. */
    public static final class Builder {
        private final RedisConnection.Builder connection;
        private final String store;

        private Builder(String uri, String store) {
            this.connection = RedisConnection.builder(uri);
            this.store = store;
        }

        /** The most connections open at once (default 8). */
        public Builder poolSize(int value) {
            connection.poolSize(value);
            return this;
        }

        /** The connect, read and pool-wait timeout (default 5 seconds). */
        public Builder timeout(Duration value) {
            connection.timeout(value);
            return this;
        }

        /**
         * The password, instead of writing it into the URI (so the URI can be logged and configured apart from the
         * secret); it replaces a password the URI holds.
         */
        public Builder password(String value) {
            connection.password(value);
            return this;
        }

        /** Connects (and checks the connection and credentials with a PING). */
        public RedisBackend build() {
            return new RedisBackend(this);
        }
    }
}
