package dev.blazen.llm.decorator;

import java.time.Duration;

/**
 * How long and how many answers a {@link CachingProvider} keeps.
 *
 * @param ttl        how long an answer is served after it arrived
 * @param maxEntries the most answers kept; past it the least recently used goes
 */
public record CachePolicy(Duration ttl, int maxEntries) {

    /** Blazen's defaults: 300 s, 1000 entries. */
    public static final CachePolicy DEFAULT = new CachePolicy(Duration.ofSeconds(300), 1000);

    public CachePolicy {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
    }

    public CachePolicy withTtl(Duration value) {
        return new CachePolicy(value, maxEntries);
    }

    public CachePolicy withMaxEntries(int value) {
        return new CachePolicy(ttl, value);
    }
}
