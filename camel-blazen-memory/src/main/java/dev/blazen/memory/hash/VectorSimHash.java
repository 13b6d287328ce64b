package dev.blazen.memory.hash;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The 128-bit SimHash of a vector: bit i is the sign of its dot product with the i-th of 128 random hyperplanes
 * (Gaussian, from a fixed seed, so every process and every restart computes the same hash for the same vector). The
 * angle between two vectors is about {@code pi * hamming / 128}. Its 8 bands of 16 bits are the LSH keys: vectors
 * that agree on a whole band are candidates for each other.
 */
public final class VectorSimHash {

    public static final int BITS = 128;
    public static final int BANDS = 8;
    public static final int BAND_BITS = BITS / BANDS;
    private static final long SEED = 0x5eedb1a2e4L;
    private static final Map<Integer, float[][]> PLANES = new ConcurrentHashMap<>();

    private VectorSimHash() {
    }

    /** The hash as two longs: bits 0-63 and 64-127. */
    public static long[] of(float[] vector) {
        float[][] planes = PLANES.computeIfAbsent(vector.length, VectorSimHash::planes);
        long[] hash = new long[2];
        for (int i = 0; i < BITS; i++) {
            float[] p = planes[i];
            double dot = 0;
            for (int d = 0; d < vector.length; d++) {
                dot += p[d] * vector[d];
            }
            if (dot > 0) {
                hash[i >>> 6] |= 1L << (i & 63);
            }
        }
        return hash;
    }

    private static float[][] planes(int dimensions) {
        SplittableRandom random = new SplittableRandom(SEED ^ dimensions);
        float[][] planes = new float[BITS][dimensions];
        for (float[] plane : planes) {
            for (int d = 0; d < dimensions; d++) {
                plane[d] = (float) gaussian(random);
            }
        }
        return planes;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /**
     * The LSH band keys of a hash: band position in the high bits, the band's 16 bits in the low bits, so equal bits
     * at different positions are different keys.
     */
    public static long[] bands(long[] hash) {
        long[] bands = new long[BANDS];
        for (int b = 0; b < BANDS; b++) {
            int bit = b * BAND_BITS;
            long value = (hash[bit >>> 6] >>> (bit & 63)) & 0xffffL;
            bands[b] = ((long) b << 16) | value;
        }
        return bands;
    }

    /** {@code 1 - hamming(a, b) / 128}. */
    public static double similarity(long[] a, long[] b) {
        return 1.0 - (Long.bitCount(a[0] ^ b[0]) + Long.bitCount(a[1] ^ b[1])) / (double) BITS;
    }
}
