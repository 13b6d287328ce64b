package dev.blazen.camel.workflow.checkpoint.redis;

import dev.blazen.camel.workflow.checkpoint.Checkpoint;
import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.CheckpointStoreException;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.redis.RedisConnection;
import dev.blazen.redis.RedisFailure;
import dev.blazen.redis.RedisScript;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checkpoint records in Redis or Valkey (a standalone server; Cluster is not supported), every key under one prefix
 * per store, {@code blazen:checkpoint:<name>:} by default, so that stores share a server without seeing each other:
 * <ul>
 * <li>{@code <prefix>r:<key>}: a hash per record, field {@code version} (a decimal integer) and field {@code data}
 * (the record's bytes as they are);</li>
 * <li>{@code <prefix>keys}: a sorted set of the keys, every score 0, so that {@link #keys} reads one lexicographic
 * range (ZRANGEBYLEX) instead of scanning the server's keyspace, and matches a prefix byte for byte, {@code * ? [}
 * included.</li>
 * </ul>
 * <b>Atomicity and cost.</b> {@link #put} and {@link #delete} each run one Lua script, so the version check, the
 * write and the key-set update happen together on the server; each is one round trip (EVALSHA; the first call after
 * the server lost its script cache costs two). {@link #get} is one HMGET; {@link #keys} one ZRANGEBYLEX per
 * {@value #KEYS_PAGE} keys.
 * <p>
 * <b>Durability</b> is the server's persistence settings: when a write returns it is in the server's memory, and it
 * reaches disk as the server is configured ({@code appendonly yes} with {@code appendfsync always} loses nothing in a
 * server crash, {@code everysec} up to a second, RDB snapshots alone everything since the last snapshot). Replication
 * is asynchronous, so a failover to a replica can lose acknowledged writes.
 * <p>
 * A custom {@link Builder#keyPrefix} must not start with another store's prefix, or their records could overlap.
 * Thread-safe (a connection pool); the password, from the URI or {@link Builder#password}, shows neither in
 * {@link #toString()} nor in any message.
 */
public final class RedisCheckpointStore implements CheckpointStore {

    /** The first part of every default key prefix. */
    public static final String NAMESPACE = "blazen:checkpoint";
    /** Keys per ZRANGEBYLEX page of {@link #keys}. */
    static final int KEYS_PAGE = 1000;

    private static final Pattern STORE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    private static final byte[] VERSION = ascii("version");
    private static final byte[] DATA = ascii("data");
    /** Above every byte of UTF-8 text: {@code [prefix} to {@code (prefix\xff} are exactly the keys starting with it. */
    private static final byte NOT_UTF8 = (byte) 0xff;

    /**
     * KEYS: 1 the record hash, 2 the key set. ARGV: 1 the expected version (-1: any), 2 the data, 3 the key. Returns
     * {1, new version}, or {0, stored version} when that is not the expected one.
     */
    private static final RedisScript PUT = new RedisScript("""
            local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
            local expected = tonumber(ARGV[1])
            if expected ~= -1 and expected ~= current then
              return {0, current}
            end
            local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
            redis.call('HSET', KEYS[1], 'data', ARGV[2])
            if current == 0 then
              redis.call('ZADD', KEYS[2], 0, ARGV[3])
            end
            return {1, version}
            """);

    /**
     * KEYS: 1 the record hash, 2 the key set. ARGV: 1 the expected version (-1: any), 2 the key. Returns {1, deleted
     * version (0: there was none)}, or {0, stored version} when that is not the expected one.
     */
    private static final RedisScript DELETE = new RedisScript("""
            local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
            local expected = tonumber(ARGV[1])
            if expected ~= -1 and expected ~= current then
              return {0, current}
            end
            if current ~= 0 then
              redis.call('DEL', KEYS[1])
              redis.call('ZREM', KEYS[2], ARGV[2])
            end
            return {1, current}
            """);

    private final String prefix;
    private final byte[] keySet;
    private final RedisConnection redis;

    private RedisCheckpointStore(Builder b) {
        this.prefix = b.keyPrefix != null ? b.keyPrefix : NAMESPACE + ":" + b.name + ":";
        this.keySet = utf8(prefix + "keys");
        this.redis = b.connection.connect(this::failure);
    }

    /**
     * Connects to {@code redis://[user:password@]host[:port][/db]} (or {@code rediss://} for TLS) and opens the store
     * {@code name}.
     *
     * @throws ValidationError          for a malformed address or name
     * @throws CheckpointStoreException when the server cannot be reached or refuses the credentials
     */
    public static RedisCheckpointStore connect(String uri, String name) {
        return builder(uri, name).build();
    }

    /** Options for the store {@code name} (letters, digits, {@code _ . -}) on the server at {@code uri}. */
    public static Builder builder(String uri, String name) {
        return new Builder(uri, name);
    }

    /** The prefix of every key of this store. */
    public String keyPrefix() {
        return prefix;
    }

    @Override
    public Optional<Checkpoint> get(String key) {
        CheckpointStore.requireKey(key);
        List<byte[]> fields = redis.call("get '" + key + "'", jedis -> jedis.hmget(recordKey(key), VERSION, DATA));
        if (fields.get(0) == null) {
            return Optional.empty();
        }
        if (fields.get(1) == null) {
            throw new CheckpointStoreException("checkpoint '" + key + "' on Redis at " + redis.address()
                    + " (prefix " + prefix + ") is damaged: its hash has a version but no data");
        }
        return Optional.of(new Checkpoint(key, parseVersion(key, fields.get(0)), fields.get(1)));
    }

    @Override
    public long put(String key, byte[] data, long expectedVersion) {
        CheckpointStore.requireKey(key);
        Objects.requireNonNull(data, "data");
        long[] reply = run(PUT, "put '" + key + "'", List.of(recordKey(key), keySet),
                List.of(ascii(Long.toString(expectedVersion)), data, utf8(key)));
        if (reply[0] == 0) {
            throw new CheckpointConflictException(key, expectedVersion, reply[1]);
        }
        return reply[1];
    }

    @Override
    public boolean delete(String key, long expectedVersion) {
        CheckpointStore.requireKey(key);
        long[] reply = run(DELETE, "delete '" + key + "'", List.of(recordKey(key), keySet),
                List.of(ascii(Long.toString(expectedVersion)), utf8(key)));
        if (reply[0] == 0) {
            throw new CheckpointConflictException(key, expectedVersion, reply[1]);
        }
        return reply[1] != 0;
    }

    /** Reads the key set a page at a time; keys written or deleted meanwhile may or may not be listed. */
    @Override
    public List<String> keys(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        byte[] first = utf8(prefix);
        byte[] above = Arrays.copyOf(first, first.length + 1);
        above[first.length] = NOT_UTF8;
        byte[] from = bound('[', first);
        byte[] to = bound('(', above);
        List<String> keys = new ArrayList<>();
        while (true) {
            byte[] start = from;
            List<byte[]> page = redis.call("keys '" + prefix + "'",
                    jedis -> jedis.zrangeByLex(keySet, start, to, 0, KEYS_PAGE));
            for (byte[] member : page) {
                keys.add(new String(member, StandardCharsets.UTF_8));
            }
            if (page.size() < KEYS_PAGE) {
                return keys;
            }
            from = bound('(', page.get(page.size() - 1));
        }
    }

    /** Closes the connection pool; later calls fail. Idempotent. */
    @Override
    public void close() {
        redis.close();
    }

    /** The address with its password masked, and the key prefix. */
    @Override
    public String toString() {
        return "RedisCheckpointStore[" + redis.address() + ", prefix " + prefix + "]";
    }

    private long[] run(RedisScript script, String operation, List<byte[]> keys, List<byte[]> args) {
        List<?> reply = (List<?>) redis.call(operation, jedis -> script.eval(jedis, keys, args));
        return new long[] {(Long) reply.get(0), (Long) reply.get(1)};
    }

    private CheckpointStoreException failure(RedisFailure f) {
        String where = f.operation() + " on Redis at " + f.address() + " (prefix " + prefix + ")";
        String message = switch (f.kind()) {
            case AUTHENTICATION -> where + ": the server refused the credentials: " + f.message();
            case TIMEOUT -> where + " timed out after " + f.timeoutMillis() + " ms: " + f.message();
            case CONNECTION, SERVER, CLIENT -> where + " failed: " + f.message();
        };
        return new CheckpointStoreException(message, f.cause());
    }

    private byte[] recordKey(String key) {
        return utf8(prefix + "r:" + key);
    }

    private long parseVersion(String key, byte[] version) {
        try {
            return Long.parseLong(new String(version, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new CheckpointStoreException("checkpoint '" + key + "' on Redis at " + redis.address() + " (prefix "
                    + prefix + ") is damaged: its version is not a number", e);
        }
    }

    /** A ZRANGEBYLEX bound: {@code [} inclusive or {@code (} exclusive, then the member's bytes. */
    private static byte[] bound(char kind, byte[] member) {
        byte[] out = new byte[member.length + 1];
        out[0] = (byte) kind;
        System.arraycopy(member, 0, out, 1, member.length);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Options of a {@link RedisCheckpointStore}. */
    public static final class Builder {
        private final RedisConnection.Builder connection;
        private final String name;
        private String keyPrefix;

        private Builder(String uri, String name) {
            if (name == null || !STORE_NAME.matcher(name).matches()) {
                throw new ValidationError("name", "a checkpoint store name is 1 to 200 letters, digits, '_', '.' or "
                        + "'-', got " + (name == null ? "none" : "'" + name + "'"));
            }
            this.connection = RedisConnection.builder(uri);
            this.name = name;
        }

        /**
         * Every key's prefix instead of {@code blazen:checkpoint:<name>:} (1 to 200 characters, no control
         * characters); it must not start with another store's prefix.
         */
        public Builder keyPrefix(String value) {
            if (value == null || value.isEmpty() || value.length() > 200
                    || value.chars().anyMatch(Character::isISOControl)) {
                String shown = value == null ? "none" : "'" + value.replaceAll("\\p{Cntrl}", "?") + "'";
                throw new ValidationError("keyPrefix", "a key prefix is 1 to 200 characters without control "
                        + "characters, got " + shown);
            }
            keyPrefix = value;
            return this;
        }

        /** The most connections open at once (default 8): about the number of threads writing at the same time. */
        public Builder poolSize(int value) {
            connection.poolSize(value);
            return this;
        }

        /** The connect, read and pool-wait timeout (default 5 seconds). */
        public Builder timeout(Duration value) {
            connection.timeout(value);
            return this;
        }

        /** The password, instead of writing it into the URI; it replaces a password the URI holds. */
        public Builder password(String value) {
            connection.password(value);
            return this;
        }

        /**
         * Connects, checking the connection and the credentials with a PING.
         *
         * @throws ValidationError          for a malformed address
         * @throws CheckpointStoreException when the server cannot be reached or refuses the credentials
         */
        public RedisCheckpointStore build() {
            return new RedisCheckpointStore(this);
        }
    }
}
