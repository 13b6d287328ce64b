package dev.blazen.llm.embedding;

import java.util.List;

/** Turns texts into vectors. */
public interface EmbeddingModel {

    String modelId();

    /** Vector length; 0 when not known before the first call. */
    int dimensions();

    EmbeddingResponse embed(List<String> texts);
}
