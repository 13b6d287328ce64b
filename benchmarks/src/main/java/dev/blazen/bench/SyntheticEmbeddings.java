package dev.blazen.bench;

import java.util.Random;

/**
 * A fixed-seed stand-in for sentence embeddings: unit vectors drawn from a mixture of clusters shaped like those of a
 * real embedding model (written for this project; see benchmarks/README.md, {@code memory}).
 * <p>
 * A point of cluster {@code j} is, before normalisation,
 * {@code m·mean + t·topic(j) + c·centre(j) + s(j)·sum_l(z_l·w_l·axis(j, l)) + e·g/sqrt(dims)}:
 * <ul>
 *   <li>{@code mean}: one direction every vector shares (sentence embeddings are anisotropic: two unrelated texts
 *       still have a clearly positive cosine);</li>
 *   <li>{@code topic(j)}: one of {@code topics} directions shared by the clusters of a topic (coarse subjects);</li>
 *   <li>{@code centre(j)}: the cluster's own direction; clusters are picked with Zipf-like weights
 *       (some subjects are much more frequent than others);</li>
 *   <li>the local part: Gaussian along {@code localRank} random axes of the cluster with decaying weights
 *       {@code w_l ~ 1/sqrt(l + 1)}, scaled by a spread {@code s(j)} that differs from cluster to cluster (tight and
 *       loose subjects), so that neighbourhoods have a low intrinsic dimension, as real embeddings do;</li>
 *   <li>{@code g}: full-dimensional Gaussian noise, which makes neighbours less distinct (the hard part for a graph
 *       index).</li>
 * </ul>
 * Data and queries are independent draws from the same mixture, so a query is near stored vectors but never one of
 * them. The weights are calibrated so that neighbour statistics (random-pair and nearest-neighbour cosines, relative
 * contrast, local intrinsic dimensionality) match those of bge-small-en-v1.5 embeddings of the benchmark corpus;
 * {@link MemoryDatasetCheck} prints both.
 */
final class SyntheticEmbeddings {

    /** The shape of the mixture. */
    record Shape(int dims, int clusters, int topics, int localRank, double mean, double topic, double centre,
            double spreadMin, double spreadMax, double noise, double zipf) {

        static Shape defaults(int dims) {
            return new Shape(dims, 100, 40, 64, 1.7, 0.55, 0.65, 0.2, 1.2, 0.75, 0.7);
        }

        Shape withClusters(int value) {
            return new Shape(dims, value, topics, localRank, mean, topic, centre, spreadMin, spreadMax, noise, zipf);
        }

        String describe() {
            return String.format(java.util.Locale.ROOT, "%d dims, %d clusters in %d topics (Zipf weights, exponent "
                            + "%.2f), local rank %d, weights mean %.2f topic %.2f centre %.2f, spread %.2f..%.2f, "
                            + "noise %.2f", dims, clusters, topics, zipf, localRank, mean, topic, centre, spreadMin,
                    spreadMax, noise);
        }
    }

    private final Shape shape;
    private final float[] mean;
    private final float[][] topics;
    private final float[][] centres;
    private final int[] topicOf;
    private final double[] spread;
    private final float[][][] axes;
    private final double[] axisWeight;
    private final double[] cumulative;

    SyntheticEmbeddings(Shape shape, long seed) {
        this.shape = shape;
        Random random = new Random(seed);
        int d = shape.dims();
        mean = unitGaussian(random, d);
        topics = new float[shape.topics()][];
        for (int k = 0; k < topics.length; k++) {
            topics[k] = unitGaussian(random, d);
        }
        centres = new float[shape.clusters()][];
        topicOf = new int[shape.clusters()];
        spread = new double[shape.clusters()];
        axes = new float[shape.clusters()][shape.localRank()][];
        cumulative = new double[shape.clusters()];
        double total = 0;
        for (int j = 0; j < centres.length; j++) {
            centres[j] = unitGaussian(random, d);
            topicOf[j] = random.nextInt(topics.length);
            spread[j] = shape.spreadMin() + random.nextDouble() * (shape.spreadMax() - shape.spreadMin());
            for (int l = 0; l < shape.localRank(); l++) {
                axes[j][l] = unitGaussian(random, d);
            }
            total += 1.0 / Math.pow(j + 1, shape.zipf());
            cumulative[j] = total;
        }
        for (int j = 0; j < cumulative.length; j++) {
            cumulative[j] /= total;
        }
        axisWeight = new double[shape.localRank()];
        double sq = 0;
        for (int l = 0; l < axisWeight.length; l++) {
            axisWeight[l] = 1 / Math.sqrt(l + 1);
            sq += axisWeight[l] * axisWeight[l];
        }
        for (int l = 0; l < axisWeight.length; l++) {
            axisWeight[l] /= Math.sqrt(sq);
        }
    }

    Shape shape() {
        return shape;
    }

    /** {@code n} unit vectors drawn with their own seed (data and queries use different seeds). */
    float[][] sample(int n, long seed) {
        Random random = new Random(seed);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = draw(random);
        }
        return out;
    }

    private float[] draw(Random random) {
        int j = cluster(random.nextDouble());
        int d = shape.dims();
        double[] x = new double[d];
        float[] topic = topics[topicOf[j]];
        float[] centre = centres[j];
        for (int i = 0; i < d; i++) {
            x[i] = shape.mean() * mean[i] + shape.topic() * topic[i] + shape.centre() * centre[i];
        }
        for (int l = 0; l < shape.localRank(); l++) {
            double a = spread[j] * axisWeight[l] * random.nextGaussian();
            float[] axis = axes[j][l];
            for (int i = 0; i < d; i++) {
                x[i] += a * axis[i];
            }
        }
        double noise = shape.noise() / Math.sqrt(d);
        for (int i = 0; i < d; i++) {
            x[i] += noise * random.nextGaussian();
        }
        return unit(x);
    }

    private int cluster(double u) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static float[] unitGaussian(Random random, int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = random.nextGaussian();
        }
        return unit(v);
    }

    private static float[] unit(double[] v) {
        double sq = 0;
        for (double x : v) {
            sq += x * x;
        }
        double norm = Math.sqrt(sq);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
