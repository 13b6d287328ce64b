package dev.blazen.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The neighbour statistics that predict how hard a vector set is for an approximate index, over all pairs of a sample
 * of unit vectors: mean cosine of random pairs, mean cosine of the 1st and 10th nearest neighbour, relative contrast
 * (mean distance over nearest-neighbour distance: near 1 means every point is about equally far, the hard case) and
 * local intrinsic dimensionality (maximum-likelihood estimate over the 20 nearest neighbours, averaged). Exact
 * duplicates (cosine above 0.9999: the same text twice) are counted, not taken as neighbours.
 */
final class NeighbourStats {

    private static final int LID_K = 20;
    /** Pairs closer than this are the same text embedded twice, not neighbours. */
    private static final double DUPLICATE = 0.9999;

    private NeighbourStats() {
    }

    static Map<String, Object> of(float[][] vectors) {
        int n = vectors.length;
        double pairSum = 0;
        long pairs = 0;
        double nn1 = 0;
        double nn10 = 0;
        double contrast = 0;
        double lid = 0;
        int duplicates = 0;
        double[] cos = new double[n - 1];
        for (int i = 0; i < n; i++) {
            int m = 0;
            double distSum = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double c = dot(vectors[i], vectors[j]);
                    if (j > i) {
                        pairSum += c;
                        pairs++;
                    }
                    if (c > DUPLICATE) {
                        duplicates += j > i ? 1 : 0;
                        continue; // the same text twice: no neighbour
                    }
                    cos[m++] = c;
                    distSum += distance(c);
                }
            }
            Arrays.sort(cos, 0, m);
            double first = cos[m - 1];
            nn1 += first;
            nn10 += cos[m - 10];
            contrast += (distSum / m) / distance(first);
            double dk = distance(cos[m - LID_K]);
            double logSum = 0;
            for (int k = 1; k <= LID_K; k++) {
                logSum += Math.log(distance(cos[m - k]) / dk);
            }
            lid += -LID_K / logSum;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vectors", n);
        out.put("duplicatePairs", duplicates);
        out.put("meanRandomPairCosine", BenchSupport.round3(pairSum / pairs));
        out.put("meanNearestNeighbourCosine", BenchSupport.round3(nn1 / n));
        out.put("meanTenthNeighbourCosine", BenchSupport.round3(nn10 / n));
        out.put("relativeContrast", BenchSupport.round3(contrast / n));
        out.put("localIntrinsicDimensionality", BenchSupport.round3(lid / n));
        return out;
    }

    private static double distance(double cosine) {
        return Math.sqrt(Math.max(0, 2 - 2 * cosine));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
