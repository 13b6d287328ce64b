package dev.blazen.memory;

import java.util.Map;

/**
 * A stored text with its id and metadata (JSON values: String, Number, Boolean, null, List, Map).
 *
 * @param id       unique within a memory; generated when added without one
 * @param text     the text that is embedded and searched
 * @param metadata free-form; searches can filter on it
 */
public record MemoryEntry(String id, String text, Map<String, Object> metadata) {

    public MemoryEntry {
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    public static MemoryEntry of(String text) {
        return new MemoryEntry(null, text, Map.of());
    }
}
