package dev.blazen.memory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A recursive superset match on entry metadata: every key of the filter must be in the metadata with a matching
 * value, where nested objects match recursively ({@code {"a":{"b":1}}} matches {@code {"a":{"b":1,"c":2}}}) and other
 * values must be equal (numbers by value, so 1 equals 1.0; lists element by element). Keys the filter does not name
 * are ignored. The empty filter matches everything.
 */
public record MetadataFilter(Map<String, Object> fields) {

    public static final MetadataFilter ALL = new MetadataFilter(Map.of());

    public MetadataFilter {
        // not Map.copyOf: a filter may ask for a null value
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    public static MetadataFilter of(Map<String, ?> fields) {
        return fields == null || fields.isEmpty() ? ALL : new MetadataFilter(new java.util.LinkedHashMap<>(fields));
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public boolean matches(Map<String, ?> metadata) {
        return contains(metadata == null ? Map.of() : metadata, fields);
    }

    private static boolean contains(Map<?, ?> metadata, Map<?, ?> filter) {
        for (Map.Entry<?, ?> e : filter.entrySet()) {
            if (!metadata.containsKey(e.getKey()) || !valueMatches(metadata.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean valueMatches(Object actual, Object wanted) {
        if (wanted instanceof Map<?, ?> wantedMap) {
            return actual instanceof Map<?, ?> actualMap && contains(actualMap, wantedMap);
        }
        if (wanted instanceof List<?> wantedList) {
            if (!(actual instanceof List<?> actualList) || actualList.size() != wantedList.size()) {
                return false;
            }
            for (int i = 0; i < wantedList.size(); i++) {
                if (!valueMatches(actualList.get(i), wantedList.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (wanted instanceof Number w && actual instanceof Number a) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(w.toString())) == 0;
        }
        return Objects.equals(actual, wanted);
    }
}
