package dev.blazen.llm.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.error.ValidationError;

import java.util.Iterator;
import java.util.Map;

/** Replaces the content-handle ids in tool arguments by what a {@link ContentRefResolver} makes of them. */
public final class ContentRefs {

    public static final String TAG = "x-blazen-content-ref";

    private ContentRefs() {
    }

    /** A copy of {@code arguments} with every property the schema tags (nested objects and arrays too) resolved. */
    public static JsonNode resolve(JsonNode schema, JsonNode arguments, ContentRefResolver resolver) {
        if (schema == null || arguments == null || resolver == null) {
            return arguments;
        }
        return walk(schema, arguments.deepCopy(), resolver, "arguments");
    }

    private static JsonNode walk(JsonNode schema, JsonNode value, ContentRefResolver resolver, String path) {
        JsonNode ref = schema.get(TAG);
        if (ref != null) {
            if (!value.isTextual()) {
                throw new ValidationError(path, "a content reference must be a handle id string");
            }
            JsonNode resolved = resolver.resolve(value.asText(), ref);
            if (resolved == null) {
                throw new ValidationError(path, "unknown content handle '" + value.asText() + "'");
            }
            return resolved;
        }
        if (value instanceof ObjectNode object && schema.path("properties").isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                JsonNode child = object.get(property.getKey());
                if (child != null && !child.isNull()) {
                    object.set(property.getKey(), walk(property.getValue(), child, resolver, path + "." + property.getKey()));
                }
            }
        } else if (value instanceof ArrayNode array && schema.path("items").isObject()) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, walk(schema.path("items"), array.get(i), resolver, path + "[" + i + "]"));
            }
        }
        return value;
    }
}
