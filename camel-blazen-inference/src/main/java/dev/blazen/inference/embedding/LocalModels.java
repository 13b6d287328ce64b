package dev.blazen.inference.embedding;

import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.error.ValidationError;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models behind {@code local:<name>} model strings. One instance per name is loaded on first use and shared
 * (ONNX sessions are thread-safe and costly to load); {@link #closeAll()} frees them.
 */
public final class LocalModels {

    private static final Map<String, OnnxEmbeddingModel> EMBEDDINGS = new ConcurrentHashMap<>();

    private LocalModels() {
    }

    /**
     * The shared embedding model {@code name}: {@code bge-small-en-v1.5} or {@code all-minilm-l6-v2}, read from the
     * model jars on the classpath and pinned by their SHA-256.
     *
     * @throws ValidationError for an unknown name
     */
    public static EmbeddingModel embedding(String name) {
        if (name == null || name.isBlank()) {
            throw new ValidationError("model", "a local embedding model name is required");
        }
        // preset() validates the name before anything is cached
        return EMBEDDINGS.computeIfAbsent(name, n -> OnnxEmbeddingModel.load(EmbeddingModelSpec.preset(n)));
    }

    /** Closes and forgets every shared model; later calls load them again. */
    public static void closeAll() {
        for (String name : EMBEDDINGS.keySet()) {
            OnnxEmbeddingModel model = EMBEDDINGS.remove(name);
            if (model != null) {
                model.close();
            }
        }
    }
}
