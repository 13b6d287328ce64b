package dev.blazen.memory;

import dev.blazen.llm.chat.RequestTiming;
import dev.blazen.llm.chat.TokenUsage;
import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.embedding.EmbeddingResponse;
import dev.blazen.memory.hash.TextSimHash;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic test embedder: a bag of lower-cased words hashed into 64 dimensions, so texts sharing words are
 * close. Counts its calls, so tests can check that a batch is embedded in one call.
 */
public final class WordEmbedder implements EmbeddingModel {

    public static final int DIMENSIONS = 64;
    public final AtomicInteger calls = new AtomicInteger();

    @Override
    public String modelId() {
        return "test-words";
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public EmbeddingResponse embed(List<String> texts) {
        calls.incrementAndGet();
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(vector(text));
        }
        return new EmbeddingResponse(out, modelId(), TokenUsage.of(texts.size(), 0), 0.0, RequestTiming.total(0), null);
    }

    public static float[] vector(String text) {
        float[] v = new float[DIMENSIONS];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!word.isEmpty()) {
                v[(int) Long.remainderUnsigned(TextSimHash.fnv1a64(word), DIMENSIONS)] += 1;
            }
        }
        v[DIMENSIONS - 1] += 0.01f; // never the zero vector
        return v;
    }
}
