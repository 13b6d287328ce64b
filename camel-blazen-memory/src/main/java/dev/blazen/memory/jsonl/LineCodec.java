package dev.blazen.memory.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.memory.backend.StoredEntry;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSONL line format, one JSON object per line:
 * <pre>
 * {"op":"put","id":"…","text":"…","metadata":{…},"textSimHash":-4,"vector":"&lt;b64&gt;","vectorSimHash":[1,2]}
 * {"op":"delete","id":"…"}
 * </pre>
 * {@code vector} is the base64 (RFC 4648, padded) of the float32 values in little-endian order, about a third the
 * size of a JSON number array and exact to the bit; it and {@code vectorSimHash} (two signed 64-bit integers) are
 * absent for entries without a vector. Unknown fields are ignored, an unknown {@code op} is an error.
 * <p>
 * Metadata is stored as JSON, so it may hold only JSON values. Every entry is brought to the form it has after a
 * restart ({@link #encodePut} returns it) before it is served, so reads are the same before and after one:
 * integers come back as the smallest of Integer, Long and BigInteger that holds them, other numbers as Double when
 * the Double prints the same decimal and as BigDecimal otherwise, maps as insertion-ordered Maps and lists as Lists,
 * both unmodifiable.
 */
final class LineCodec {

    /** Well below Jackson's read limit (1000), so a line that could be written can always be read back. */
    static final int MAX_METADATA_DEPTH = 100;

    // exact: a BigDecimal keeps its scale (1.50 stays 1.50), as it does when a line is read back
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    // Strings and numbers are unlimited because the file only holds what this class wrote: Jackson's default read
    // limits (e.g. 20 million chars per string) would make a large text written today unreadable tomorrow.
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                            .maxNumberLength(Integer.MAX_VALUE).maxNameLength(Integer.MAX_VALUE).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private LineCodec() {
    }

    /** A decoded line. */
    sealed interface Line permits Put, Delete {
        String id();
    }

    record Put(StoredEntry entry) implements Line {
        @Override
        public String id() {
            return entry.id();
        }
    }

    record Delete(String id) implements Line {
    }

    /** The line is not JSON at all: what a write cut short by a crash leaves. */
    static final class NotJson extends Exception {
        NotJson(String message) {
            super(message);
        }
    }

    /** The line is JSON but not a record this format knows: never the result of a torn write. */
    static final class BadRecord extends Exception {
        BadRecord(String message) {
            super(message);
        }
    }

    /**
     * The put line of {@code entry} and the entry as it reads back from it.
     *
     * @param path names the entry in a {@link ValidationError}, e.g. {@code entries[3]}
     * @throws ValidationError when the entry cannot be stored as JSON (the message names the metadata path)
     */
    static Encoded encodePut(StoredEntry entry, String path) {
        ObjectNode node = putNode(entry, path);
        try {
            return new Encoded(line(node), decodePut(node));
        } catch (BadRecord e) {
            throw new ValidationError(path, e.getMessage());
        }
    }

    record Encoded(byte[] line, StoredEntry entry) {
    }

    /** The put line of an entry already in stored form (compaction rewrites these). */
    static byte[] putLine(StoredEntry entry) {
        return line(putNode(entry, "entry " + entry.id()));
    }

    private static ObjectNode putNode(StoredEntry entry, String path) {
        if (entry == null) {
            throw new ValidationError(path, "an entry is required");
        }
        ObjectNode node = NODES.objectNode();
        node.put("op", "put");
        node.put("id", entry.id());
        node.put("text", entry.text());
        node.set("metadata", toNode(entry.metadata(), path + ".metadata", 0));
        node.put("textSimHash", entry.textSimHash());
        if (entry.vector() != null) {
            node.put("vector", encodeVector(entry.vector()));
            node.set("vectorSimHash", NODES.arrayNode().add(entry.vectorSimHash()[0]).add(entry.vectorSimHash()[1]));
        }
        return node;
    }

    static byte[] encodeDelete(String id) {
        return line(NODES.objectNode().put("op", "delete").put("id", id));
    }

    private static byte[] line(ObjectNode node) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(node);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            // a tree of plain nodes always serialises; this would be a Jackson defect
            throw new IllegalStateException("could not serialise a JSONL line", e);
        }
    }

    /** Decodes one line (without its newline). */
    static Line decode(byte[] bytes, int length) throws NotJson, BadRecord {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes, 0, length);
        } catch (JsonEOFException e) {
            throw new NotJson("it ends inside a JSON value, as a write cut short does");
        } catch (JsonProcessingException e) {
            throw new NotJson("not JSON at column " + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr())
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new NotJson(e.getMessage()); // reading an array fails only on its content
        }
        if (node == null || !node.isObject()) {
            throw new BadRecord("not a JSON object");
        }
        String op = text(node, "op");
        return switch (op) {
            case "put" -> new Put(decodePut(node));
            case "delete" -> new Delete(text(node, "id"));
            default -> throw new BadRecord("unknown op \"" + op + "\"");
        };
    }

    private static StoredEntry decodePut(JsonNode node) throws BadRecord {
        String id = text(node, "id");
        String text = text(node, "text");
        JsonNode metadata = node.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw new BadRecord("metadata is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = metadata == null || metadata.isNull() ? Map.of()
                : (Map<String, Object>) toJava(metadata);
        JsonNode hash = node.get("textSimHash");
        if (hash == null || !hash.isIntegralNumber() || !hash.canConvertToLong()) {
            throw new BadRecord("textSimHash is not a 64-bit integer");
        }
        float[] vector = null;
        long[] vectorSimHash = null;
        JsonNode v = node.get("vector");
        if (v != null && !v.isNull()) {
            vector = decodeVector(v);
            JsonNode vh = node.get("vectorSimHash");
            if (vh == null || !vh.isArray() || vh.size() != 2 || !isLong(vh.get(0)) || !isLong(vh.get(1))) {
                throw new BadRecord("vectorSimHash is not two 64-bit integers");
            }
            vectorSimHash = new long[] {vh.get(0).longValue(), vh.get(1).longValue()};
        }
        try {
            return new StoredEntry(id, text, values, vector, hash.longValue(), vectorSimHash);
        } catch (IllegalArgumentException e) {
            throw new BadRecord(e.getMessage());
        }
    }

    private static boolean isLong(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong();
    }

    private static String text(JsonNode node, String field) throws BadRecord {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new BadRecord(field + " is missing or not a string");
        }
        return value.textValue();
    }

    static String encodeVector(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static float[] decodeVector(JsonNode node) throws BadRecord {
        if (!node.isTextual()) {
            throw new BadRecord("vector is not a base64 string");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new BadRecord("vector is not valid base64: " + e.getMessage());
        }
        if (bytes.length % Float.BYTES != 0) {
            throw new BadRecord("vector has " + bytes.length + " bytes, not a whole number of float32 values");
        }
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    /** The metadata value as a JSON node; anything JSON cannot hold faithfully is a ValidationError at its path. */
    private static JsonNode toNode(Object value, String path, int depth) {
        if (depth > MAX_METADATA_DEPTH) {
            throw new ValidationError(path, "metadata nested deeper than " + MAX_METADATA_DEPTH
                    + " levels (does it contain itself?)");
        }
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new ValidationError(path, value + " is not a JSON number");
            }
            // the decimal the number prints as (0.1f is 0.1, not 0.100000001490116...), which is what JSON keeps
            return NODES.numberNode(new BigDecimal(value.toString()));
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new ValidationError(path, "metadata map keys must be strings, got "
                            + (e.getKey() == null ? "null" : e.getKey().getClass().getSimpleName() + " " + e.getKey()));
                }
                out.set(key, toNode(e.getValue(), path + "." + key, depth + 1));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            ArrayNode out = NODES.arrayNode(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(toNode(list.get(i), path + "[" + i + "]", depth + 1));
            }
            return out;
        }
        throw new ValidationError(path, "a " + value.getClass().getName() + " is not a JSON value; metadata holds "
                + "strings, numbers, booleans, null, lists and maps with string keys");
    }

    private static Object toJava(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                map.put(e.getKey(), toJava(e.getValue()));
            }
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(n -> list.add(toJava(n)));
            return Collections.unmodifiableList(list);
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue()
                    : node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            BigDecimal exact = node.decimalValue();
            double d = exact.doubleValue();
            return Double.isFinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0 ? (Object) d : exact;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }
}
