package dev.blazen.memory.backend;

import dev.blazen.memory.MemoryEntry;
import dev.blazen.memory.hash.VectorSimHash;

import java.util.Map;
import java.util.Objects;

/**
 * An entry as a backend stores it: the user's id, text and metadata plus what {@link dev.blazen.memory.Memory}
 * derived from them. The vector is L2-normalised, so cosine similarity is its dot product with a normalised query.
 *
 * @param vector        the unit-length embedding; null in local-only mode
 * @param textSimHash   the 64-bit {@link dev.blazen.memory.hash.TextSimHash} of the text
 * @param vectorSimHash the 128-bit {@link VectorSimHash} of the vector as two longs; null without a vector
 */
public record StoredEntry(String id, String text, Map<String, Object> metadata, float[] vector, long textSimHash,
        long[] vectorSimHash) {

    public StoredEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        metadata = metadata == null ? Map.of() : metadata;
        if ((vector == null) != (vectorSimHash == null)) {
            throw new IllegalArgumentException("entry " + id + ": a vector and its SimHash come together");
        }
    }

    /** The LSH band keys of the vector's SimHash ({@link VectorSimHash#bands}); empty without a vector. */
    public long[] bands() {
        return vectorSimHash == null ? new long[0] : VectorSimHash.bands(vectorSimHash);
    }

    public MemoryEntry toEntry() {
        return new MemoryEntry(id, text, metadata);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredEntry e && id.equals(e.id) && text.equals(e.text) && metadata.equals(e.metadata)
                && java.util.Arrays.equals(vector, e.vector) && textSimHash == e.textSimHash
                && java.util.Arrays.equals(vectorSimHash, e.vectorSimHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, text, metadata, java.util.Arrays.hashCode(vector), textSimHash,
                java.util.Arrays.hashCode(vectorSimHash));
    }

    @Override
    public String toString() {
        return "StoredEntry[" + id + ", " + text.length() + " chars, metadata=" + metadata + ", "
                + (vector == null ? "no vector" : vector.length + " dims") + "]";
    }
}
