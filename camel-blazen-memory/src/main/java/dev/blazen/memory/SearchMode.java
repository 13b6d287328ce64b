package dev.blazen.memory;

/** How {@code search} finds and ranks entries. */
public enum SearchMode {
    /** Exact cosine similarity against every stored vector (brute force). */
    EXACT,
    /**
     * The backend's index proposes candidates (more than asked for), which are ranked by exact cosine similarity on
     * their stored vectors; backends without an index fall back to {@link #EXACT}. The default.
     */
    INDEXED,
    /**
     * Blazen's own scoring, kept to measure against: candidates sharing an LSH band of the vectors' 128-bit SimHash,
     * ranked by SimHash Hamming distance only.
     */
    SIMHASH
}
