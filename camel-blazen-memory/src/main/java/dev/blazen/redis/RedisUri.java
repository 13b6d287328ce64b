package dev.blazen.redis;

import dev.blazen.llm.error.ValidationError;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A parsed {@code redis://[user:password@]host[:port][/db]} (or {@code rediss://} for TLS) address. The password is
 * kept apart and never shown: {@link #toString()}, and every error message built from a URI, carry {@code ****} in its
 * place. User and password are percent-decoded, so a password holding {@code @}, {@code :} or {@code /} is written
 * percent-encoded.
 */
final class RedisUri {

    static final int DEFAULT_PORT = 6379;
    static final String MASK = "****";

    private final boolean tls;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final int database;

    private RedisUri(boolean tls, String user, String password, String host, int port, int database) {
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.database = database;
    }

    /** The same address with this password (for the default user when the address names none). */
    RedisUri withPassword(String secret) {
        return new RedisUri(tls, user, secret, host, port, database);
    }

    /**
     * Parses an address; every problem is a {@link ValidationError} on field {@code uri} whose message shows the
     * address with its password masked.
     */
    static RedisUri parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationError("uri", "a Redis address is required, as redis://[user:password@]host:port[/db]");
        }
        String raw = text.strip();
        String shown = maskRaw(raw);
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            // the exception's own message quotes the whole input, password included: it is neither shown nor kept
            throw new ValidationError("uri", "not a valid URI: " + shown
                    + " (percent-encode reserved characters in the user and password)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new ValidationError("uri", "the scheme must be redis:// or rediss:// (TLS), got " + shown);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ValidationError("uri", "query parameters and fragments are not supported: " + shown);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            // java.net.URI leaves the host null when the authority is not a valid server authority (a bad port, ...)
            throw new ValidationError("uri", "a host (and optionally a port from 1 to 65535) is required: " + shown);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new ValidationError("uri", "the port must be from 1 to 65535: " + shown);
        }
        String user = null;
        String password = null;
        String userInfo = uri.getUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                throw new ValidationError("uri", "credentials must be written user:password, or :password for the "
                        + "default user: " + shown);
            }
            user = colon == 0 ? null : userInfo.substring(0, colon);
            password = userInfo.substring(colon + 1);
            if (password.isEmpty()) {
                password = null;
            }
        }
        int database = 0;
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            String db = path.substring(1);
            if (!db.matches("[0-9]{1,5}")) {
                throw new ValidationError("uri", "the path must be a database number (/0, /1, ...): " + shown);
            }
            database = Integer.parseInt(db);
        }
        return new RedisUri(scheme.equals("rediss"), user, password, host, port, database);
    }

    /**
     * The raw text with whatever follows the first {@code :} of its user-info replaced by the mask (all of the
     * user-info when it has no {@code :}), for messages about text that may not even parse.
     */
    static String maskRaw(String raw) {
        int start = raw.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int at = raw.lastIndexOf('@');
        if (at < start) {
            return raw;
        }
        String userInfo = raw.substring(start, at);
        int colon = userInfo.indexOf(':');
        String masked = colon < 0 ? MASK : userInfo.substring(0, colon + 1) + MASK;
        return raw.substring(0, start) + masked + raw.substring(at);
    }

    boolean tls() {
        return tls;
    }

    /** The ACL user, or null for the default user. */
    String user() {
        return user;
    }

    /** The password, or null: only for the client's configuration, never for messages. */
    String password() {
        return password;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    int database() {
        return database;
    }

    /** {@code text} with every occurrence of the password masked (a server or client message may echo it). */
    String scrub(String text) {
        if (text == null || password == null) {
            return text;
        }
        return text.replace(password, MASK);
    }

    /** Whether {@code text} contains the password. */
    boolean reveals(String text) {
        return text != null && password != null && text.contains(password);
    }

    /** The address with its password masked. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(tls ? "rediss://" : "redis://");
        if (user != null || password != null) {
            if (user != null) {
                sb.append(user);
            }
            sb.append(':').append(password == null ? "" : MASK).append('@');
        }
        sb.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port);
        if (database != 0) {
            sb.append('/').append(database);
        }
        return sb.toString();
    }
}
