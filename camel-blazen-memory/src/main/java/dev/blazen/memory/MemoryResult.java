package dev.blazen.memory;

import java.util.Map;

/**
 * One search hit.
 *
 * @param score cosine similarity of the query and entry vectors for {@code search} (in [-1, 1]; higher is closer),
 *              or SimHash similarity {@code 1 - hammingDistance / bits} for {@code searchLocal} and the SimHash mode
 */
public record MemoryResult(String id, String text, double score, Map<String, Object> metadata) {
}
