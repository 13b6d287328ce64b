package dev.blazen.inference.embedding;

import dev.blazen.llm.embedding.EmbeddingModel;
import dev.blazen.llm.local.LocalModelFactory;

import java.util.Optional;

/**
 * Makes the bundled ONNX embedding models available as {@code local:<name>} model strings (found by
 * {@link java.util.ServiceLoader} when this module is on the classpath).
 */
public final class OnnxLocalModelFactory implements LocalModelFactory {

    @Override
    public Optional<EmbeddingModel> embedding(String name) {
        boolean known = EmbeddingModelSpec.BGE_SMALL_EN_V15.equals(name) || EmbeddingModelSpec.ALL_MINILM_L6_V2.equals(name);
        return known ? Optional.of(LocalModels.embedding(name)) : Optional.empty();
    }
}
