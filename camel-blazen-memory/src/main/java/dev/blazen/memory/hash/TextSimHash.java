package dev.blazen.memory.hash;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Blazen's 64-bit text SimHash: the features of a text are its lower-cased words and its character trigrams, each
 * hashed with FNV-1a 64; every bit of the result is the majority vote of that bit over the features. Texts that share
 * most words and trigrams get hashes a small Hamming distance apart.
 */
public final class TextSimHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private TextSimHash() {
    }

    public static long of(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int[] votes = new int[64];
        int features = 0;
        for (String word : lower.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                vote(votes, fnv1a64(word));
                features++;
            }
        }
        int[] cps = lower.codePoints().toArray();
        for (int i = 0; i + 3 <= cps.length; i++) {
            vote(votes, fnv1a64(new String(cps, i, 3)));
            features++;
        }
        if (features == 0) {
            return 0;
        }
        long hash = 0;
        for (int bit = 0; bit < 64; bit++) {
            if (votes[bit] > 0) {
                hash |= 1L << bit;
            }
        }
        return hash;
    }

    private static void vote(int[] votes, long h) {
        for (int bit = 0; bit < 64; bit++) {
            votes[bit] += ((h >>> bit) & 1) == 1 ? 1 : -1;
        }
    }

    /** FNV-1a 64 over the UTF-8 bytes. */
    public static long fnv1a64(String s) {
        long h = FNV_OFFSET;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** {@code 1 - hamming(a, b) / 64}: 1 for equal hashes. */
    public static double similarity(long a, long b) {
        return 1.0 - Long.bitCount(a ^ b) / 64.0;
    }
}
