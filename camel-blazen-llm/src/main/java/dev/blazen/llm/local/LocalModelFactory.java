package dev.blazen.llm.local;

import dev.blazen.llm.embedding.EmbeddingModel;

import java.util.Optional;

/**
 * Service interface for in-process models ({@code local:<name>} model strings). camel-blazen-inference registers an
 * implementation through {@link java.util.ServiceLoader}, so users who do not want native inference libraries do not
 * carry them.
 */
public interface LocalModelFactory {

    /** The local embedding model with this name, or empty when this factory does not know the name. */
    Optional<EmbeddingModel> embedding(String name);
}
