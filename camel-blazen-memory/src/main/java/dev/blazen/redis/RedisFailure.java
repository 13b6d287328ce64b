package dev.blazen.redis;

/**
 * A failed call on a {@link RedisConnection}, classified, for the store that made it to turn into its own error
 * type. Nothing in it reveals the password: {@link #address()} is masked, {@link #message()} is scrubbed, and
 * {@link #cause()} is null when the client's exception (or one of its causes) quotes the password.
 *
 * @param operation     what the store was doing, as it named it to {@link RedisConnection#call}
 * @param kind          what went wrong
 * @param address       the server's address with the password masked
 * @param message       the client's or the server's message; for {@link Kind#AUTHENTICATION} the server's refusal
 * @param cause         the client's exception, or null when it would reveal the password
 * @param timeoutMillis the connection's timeout, which a {@link Kind#TIMEOUT} ran into
 */
public record RedisFailure(String operation, Kind kind, String address, String message, Throwable cause,
                           int timeoutMillis) {

    public enum Kind {
        /** The server refused the credentials (WRONGPASS, NOAUTH, an ACL denial). */
        AUTHENTICATION,
        /** Connecting, reading a reply or waiting for a pooled connection took longer than the timeout. */
        TIMEOUT,
        /** The server could not be reached, or the connection broke. */
        CONNECTION,
        /** The server answered with an error (a script error, a wrong type, OOM, ...). */
        SERVER,
        /** Any other client failure. */
        CLIENT
    }
}
