package dev.blazen.llm.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.http.HttpTransport;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Narrows an arbitrary JSON Schema to the subset Gemini documents for {@code responseJsonSchema} and
 * {@code parametersJsonSchema}, so keywords it does not know ($schema, patternProperties, if/then/else, ...) never
 * turn a request into an HTTP 400. Property names are kept as they are; only schema keywords are filtered.
 */
final class GeminiSchemas {

    /** Keywords whose value is one schema. */
    private static final Set<String> SCHEMA_VALUED = Set.of("items", "additionalProperties");

    /** Keywords whose value is a list of schemas. */
    private static final Set<String> SCHEMA_LISTS = Set.of("anyOf", "oneOf", "prefixItems");

    /** Keywords whose value maps names to schemas. */
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "$defs");

    /** Keywords copied as they are. */
    private static final Set<String> PLAIN = Set.of("$id", "$ref", "$anchor", "type", "format", "title", "description",
            "enum", "required", "minItems", "maxItems", "minimum", "maximum", "propertyOrdering", "nullable");

    private GeminiSchemas() {
    }

    static JsonNode sanitize(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return schema;
        }
        ObjectNode out = HttpTransport.JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (PLAIN.contains(key)) {
                out.set(key, value);
            } else if (SCHEMA_VALUED.contains(key)) {
                // additionalProperties may also be a boolean, which is kept as it is
                out.set(key, value.isObject() ? sanitize(value) : value);
            } else if (SCHEMA_LISTS.contains(key) && value.isArray()) {
                ArrayNode list = out.putArray(key);
                value.forEach(item -> list.add(sanitize(item)));
            } else if (SCHEMA_MAPS.contains(key) && value.isObject()) {
                ObjectNode map = out.putObject(key);
                value.fields().forEachRemaining(entry -> map.set(entry.getKey(), sanitize(entry.getValue())));
            }
        }
        return out;
    }
}
