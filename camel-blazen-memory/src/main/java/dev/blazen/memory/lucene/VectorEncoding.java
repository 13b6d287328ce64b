package dev.blazen.memory.lucene;

/**
 * How the HNSW graph of a {@link LuceneBackend} holds its vectors. Either way the float32 vectors are stored too, and
 * {@link dev.blazen.memory.Memory} ranks the candidates by exact cosine similarity on them.
 */
public enum VectorEncoding {
    /** Float32 vectors in the graph (Lucene's {@code Lucene99HnswVectorsFormat}). The default. */
    FLOAT32,
    /**
     * Scalar-quantized vectors in the graph, one byte per dimension with 7 significant bits (Lucene's
     * {@code Lucene99HnswScalarQuantizedVectorsFormat}, its default int8 setting), next to the float32 vectors that
     * results are rescored with: the graph's working set is about a quarter of float32's, at a small cost in the
     * quality of the candidates.
     */
    INT8
}
