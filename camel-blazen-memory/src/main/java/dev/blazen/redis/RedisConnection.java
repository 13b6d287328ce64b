package dev.blazen.redis;

import dev.blazen.llm.error.ValidationError;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import javax.net.ssl.SSLParameters;

/**
 * A pool of connections to one standalone Redis or Valkey server (not Cluster), at
 * {@code redis://[user:password@]host[:port][/db]} or {@code rediss://} for TLS. The password never shows:
 * {@link #toString()} and {@link #address()} mask it, and every failure of {@link #call} reaches the store that made
 * the call as a {@link RedisFailure} with the password scrubbed, which the store turns into its own error type.
 * Thread-safe.
 */
public final class RedisConnection implements AutoCloseable {

    private final RedisUri uri;
    private final int timeoutMillis;
    private final Function<RedisFailure, ? extends RuntimeException> errors;
    private final JedisPool pool;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisConnection(Builder b, Function<RedisFailure, ? extends RuntimeException> errors) {
        RedisUri parsed = RedisUri.parse(b.uri);
        this.uri = b.password == null ? parsed : parsed.withPassword(b.password);
        this.timeoutMillis = b.timeoutMillis;
        this.errors = errors;
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(uri.database())
                .ssl(uri.tls());
        if (uri.tls()) {
            // the server's certificate must name the host (the JVM's default trust store decides whom to trust)
            SSLParameters tls = new SSLParameters();
            tls.setEndpointIdentificationAlgorithm("HTTPS");
            client.sslParameters(tls);
        }
        if (uri.user() != null) {
            client.user(uri.user());
        }
        if (uri.password() != null) {
            client.password(uri.password());
        }
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(b.poolSize);
        poolConfig.setMaxIdle(b.poolSize);
        poolConfig.setMaxWait(Duration.ofMillis(timeoutMillis));
        poolConfig.setJmxEnabled(false);
        this.pool = new JedisPool(poolConfig, new HostAndPort(uri.host(), uri.port()), client.build());
    }

    /** Options for a connection to {@code uri}, which {@link Builder#connect} parses. */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /**
     * Runs {@code body} on a pooled connection. A client or server failure is handed to the store's error function
     * as a {@link RedisFailure} and what it returns is thrown; anything else {@code body} throws passes through.
     *
     * @param operation what is being done, for the failure ("put", "get run:1", ...)
     * @throws IllegalStateException when the connection is closed
     */
    public <T> T call(String operation, Function<Jedis, T> body) {
        if (closed.get()) {
            throw new IllegalStateException("the connection to Redis at " + uri + " is closed");
        }
        try (Jedis jedis = pool.getResource()) {
            return body.apply(jedis);
        } catch (JedisException e) {
            throw errors.apply(classify(operation, e));
        }
    }

    /** The address with its password masked: {@code redis://[user]:****@host:port[/db]}. */
    public String address() {
        return uri.toString();
    }

    /** Closes the pool; later calls fail. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                pool.close();
            } catch (RuntimeException ignored) {
                // closing idle connections failed: nothing is left to release
            }
        }
    }

    /** The address with its password masked. */
    @Override
    public String toString() {
        return "RedisConnection[" + uri + "]";
    }

    private RedisFailure classify(String operation, JedisException e) {
        Throwable cause = revealsPassword(e) ? null : e;
        RedisFailure.Kind kind;
        String message;
        if (isAuthFailure(e)) {
            kind = RedisFailure.Kind.AUTHENTICATION;
            message = serverMessage(e);
        } else {
            kind = isTimeout(e) ? RedisFailure.Kind.TIMEOUT
                    : e instanceof JedisConnectionException ? RedisFailure.Kind.CONNECTION
                    : e instanceof JedisDataException ? RedisFailure.Kind.SERVER
                    : RedisFailure.Kind.CLIENT;
            message = uri.scrub(String.valueOf(e.getMessage()));
        }
        return new RedisFailure(operation, kind, uri.toString(), message, cause, timeoutMillis);
    }

    private boolean revealsPassword(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (uri.reveals(t.getMessage()) || uri.reveals(t.toString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAuthFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (t instanceof JedisAccessControlException
                    || m != null && (m.startsWith("WRONGPASS") || m.startsWith("NOAUTH"))) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message the server sent (the client wraps it when a connection fails to authenticate). */
    private String serverMessage(Throwable e) {
        Throwable last = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JedisDataException) {
                last = t;
            }
        }
        return uri.scrub(String.valueOf(last.getMessage()));
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Options of a {@link RedisConnection}. */
    public static final class Builder {
        private final String uri;
        private int poolSize = 8;
        private int timeoutMillis = 5_000;
        private String password;

        private Builder(String uri) {
            this.uri = uri;
        }

        /** The most connections open at once (default 8). */
        public Builder poolSize(int value) {
            if (value < 1) {
                throw new ValidationError("poolSize", "must be at least 1, got " + value);
            }
            poolSize = value;
            return this;
        }

        /** The connect, read and pool-wait timeout (default 5 seconds). */
        public Builder timeout(Duration value) {
            if (value == null || value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
                throw new ValidationError("timeout", "must be positive, got " + value);
            }
            timeoutMillis = (int) Math.max(1, value.toMillis());
            return this;
        }

        /**
         * The password, instead of writing it into the URI (so the URI can be logged and configured apart from the
         * secret); it replaces a password the URI holds.
         */
        public Builder password(String value) {
            password = value == null || value.isEmpty() ? null : value;
            return this;
        }

        /**
         * Parses the address, opens the pool and checks the connection and the credentials with a PING (operation
         * {@code "connect"}); failures of that and of every later {@link #call} are thrown as {@code errors} makes
         * them.
         *
         * @throws ValidationError for a malformed address (the message shows it with the password masked)
         */
        public RedisConnection connect(Function<RedisFailure, ? extends RuntimeException> errors) {
            RedisConnection connection = new RedisConnection(this, errors);
            try {
                connection.call("connect", Jedis::ping);
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
            return connection;
        }
    }
}
