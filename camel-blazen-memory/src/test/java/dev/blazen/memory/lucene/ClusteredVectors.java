package dev.blazen.memory.lucene;

import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.memory.backend.StoredEntry;
import dev.blazen.memory.hash.TextSimHash;
import dev.blazen.memory.hash.VectorSimHash;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Unit vectors around random cluster centres (fixed seed), and an embedder that looks them up by text. */
final class ClusteredVectors {

    private ClusteredVectors() {
    }

    /** {@code n} unit vectors of {@code dims} dimensions around {@code clusters} centres, with varied spread. */
    static float[][] generate(int n, int dims, int clusters, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[clusters][];
        double[] spread = new double[clusters];
        for (int c = 0; c < clusters; c++) {
            centres[c] = gaussian(random, dims, 1.0);
            spread[c] = 0.5 + random.nextDouble();
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(clusters);
            float[] noise = gaussian(random, dims, spread[c]);
            float[] v = new float[dims];
            for (int d = 0; d < dims; d++) {
                v[d] = centres[c][d] + noise[d];
            }
            out[i] = unit(v);
        }
        return out;
    }

    private static float[] gaussian(Random random, int dims, double sigma) {
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = (float) (random.nextGaussian() * sigma);
        }
        return v;
    }

    static float[] unit(float[] v) {
        double sq = 0;
        for (float x : v) {
            sq += (double) x * x;
        }
        double norm = Math.sqrt(sq);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    static StoredEntry entry(String id, float[] vector, Map<String, Object> metadata) {
        return new StoredEntry(id, "text of " + id, metadata, vector, TextSimHash.of(id), VectorSimHash.of(vector));
    }

    /** Embeds the text {@code "<prefix><i>"} as {@code vectors[i]} of the table registered under that prefix. */
    static final class LookupEmbedder implements EmbeddingModel {
        private final Map<String, float[][]> tables;

        LookupEmbedder(Map<String, float[][]> tables) {
            this.tables = tables;
        }

        @Override
        public String modelId() {
            return "lookup";
        }

        @Override
        public int dimensions() {
            return tables.values().iterator().next()[0].length;
        }

        @Override
        public EmbeddingResponse embed(List<String> texts) {
            List<float[]> out = new ArrayList<>(texts.size());
            for (String text : texts) {
                int split = text.indexOf(':');
                out.add(tables.get(text.substring(0, split))[Integer.parseInt(text.substring(split + 1))]);
            }
            return new EmbeddingResponse(out, modelId(), TokenUsage.of(texts.size(), 0), 0.0, RequestTiming.total(0),
                    null);
        }
    }
}
