package dev.blazen.bench;

import dev.blazen.inference.embedding.EmbeddingModelSpec;
import dev.blazen.inference.embedding.OnnxEmbeddingModel;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the synthetic set of the {@code memory} benchmark with real embeddings: bge-small-en-v1.5 (the local model
 * of the {@code embed} benchmark) over the 2,000 texts of {@code embed-corpus.txt}, against 2,000 synthetic vectors,
 * by {@link NeighbourStats}. Not part of run.sh (it takes about half a minute of embedding); run it by hand with
 * {@code java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.blazen.bench.MemoryDatasetCheck
 * [--cache FILE] [--mean X --topic X --centre X --noise X --spread-min X --spread-max X --clusters N --local-rank N]}; the options
 * override the synthetic shape, to calibrate it. {@code --cache} keeps the real vectors between runs.
 */
public final class MemoryDatasetCheck {

    private MemoryDatasetCheck() {
    }

    public static void main(String[] args) throws Exception {
        SyntheticEmbeddings.Shape s = SyntheticEmbeddings.Shape.defaults(384);
        Path cache = null;
        double mean = s.mean();
        double topic = s.topic();
        double centre = s.centre();
        double noise = s.noise();
        double spreadMin = s.spreadMin();
        double spreadMax = s.spreadMax();
        int clusters = s.clusters();
        int localRank = s.localRank();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--cache" -> cache = Path.of(v);
                case "--mean" -> mean = Double.parseDouble(v);
                case "--topic" -> topic = Double.parseDouble(v);
                case "--centre" -> centre = Double.parseDouble(v);
                case "--noise" -> noise = Double.parseDouble(v);
                case "--spread-min" -> spreadMin = Double.parseDouble(v);
                case "--spread-max" -> spreadMax = Double.parseDouble(v);
                case "--clusters" -> clusters = Integer.parseInt(v);
                case "--local-rank" -> localRank = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SyntheticEmbeddings.Shape shape = new SyntheticEmbeddings.Shape(384, clusters, s.topics(), localRank, mean,
                topic, centre, spreadMin, spreadMax, noise, s.zipf());
        float[][] real = realVectors(cache);
        float[][] synthetic = new SyntheticEmbeddings(shape, MemoryBenchmark.DEFAULT_SEED)
                .sample(real.length, MemoryBenchmark.DEFAULT_SEED + 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("real (bge-small-en-v1.5, embed-corpus.txt)", NeighbourStats.of(real));
        out.put("synthetic (" + shape.describe() + ")", NeighbourStats.of(synthetic));
        out.forEach((k, v) -> System.out.println(k + ": " + v));
    }

    private static float[][] realVectors(Path cache) throws IOException {
        if (cache != null && Files.exists(cache)) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(cache))) {
                float[][] v = new float[in.readInt()][in.readInt()];
                for (float[] row : v) {
                    for (int d = 0; d < row.length; d++) {
                        row[d] = in.readFloat();
                    }
                }
                return v;
            }
        }
        List<String> corpus;
        try (InputStream in = MemoryDatasetCheck.class.getClassLoader().getResourceAsStream("embed-corpus.txt")) {
            if (in == null) {
                throw new IllegalStateException("embed-corpus.txt is not on the classpath");
            }
            corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
        EmbeddingModelSpec spec = EmbeddingModelSpec.bgeSmallEnV15();
        List<float[]> vectors = new ArrayList<>();
        try (OnnxEmbeddingModel model = OnnxEmbeddingModel.load(spec, OnnxEmbeddingModel.defaultBatchSize(spec),
                Runtime.getRuntime().availableProcessors())) {
            for (int i = 0; i < corpus.size(); i += 100) {
                vectors.addAll(model.embed(corpus.subList(i, Math.min(corpus.size(), i + 100))).embeddings());
            }
        }
        float[][] v = vectors.toArray(new float[0][]);
        if (cache != null) {
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(cache))) {
                out.writeInt(v.length);
                out.writeInt(v[0].length);
                for (float[] row : v) {
                    for (float x : row) {
                        out.writeFloat(x);
                    }
                }
            }
        }
        return v;
    }
}
