package dev.blazen.llm.decorator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.error.SerializationError;
import dev.blazen.llm.http.HttpTransport;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cache key of a request: the SHA-256 of its canonical JSON. Every part of the request counts (messages with
 * their parts, tool calls and results, tools, sampling parameters, response format, model). Objects are written with
 * sorted keys and each record with its type name, so equal requests give equal keys whatever the key order of their
 * JSON values, and an image part never collides with a file part holding the same fields. A local file counts by
 * path, size and modification time, since it is read only when the request is sent. Hashing keeps large inline
 * images out of the cache's memory.
 */
final class CacheKey {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CacheKey() {
    }

    static String of(CompletionRequest request) {
        String canonical;
        try {
            canonical = HttpTransport.JSON.writeValueAsString(canonical(request));
        } catch (JsonProcessingException e) {
            throw new SerializationError("cannot build the cache key of a request: " + e.getOriginalMessage(), e);
        }
        return sha256(canonical);
    }

    /** The canonical JSON tree of a value; visible for tests. */
    static JsonNode canonical(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode json) {
            return sorted(json);
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Integer || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            return NODES.numberNode(number.doubleValue());
        }
        if (value instanceof Enum<?> constant) {
            return NODES.textNode(constant.name());
        }
        if (value instanceof Path path) {
            return file(path);
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(canonical(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            stringKeys(map).forEach((key, item) -> object.set(key, canonical(item)));
            return object;
        }
        if (value.getClass().isRecord()) {
            return record(value);
        }
        return sorted(HttpTransport.JSON.valueToTree(value));
    }

    private static ObjectNode record(Object value) {
        ObjectNode object = NODES.objectNode();
        object.put("@type", value.getClass().getName());
        RecordComponent[] components = value.getClass().getRecordComponents();
        List<RecordComponent> ordered = new ArrayList<>(List.of(components));
        ordered.sort((a, b) -> a.getName().compareTo(b.getName()));
        for (RecordComponent component : ordered) {
            try {
                component.getAccessor().setAccessible(true);
                object.set(component.getName(), canonical(component.getAccessor().invoke(value)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new SerializationError("cannot read " + value.getClass().getSimpleName() + "."
                        + component.getName() + " for the cache key", e);
            }
        }
        return object;
    }

    /** A local file is read when the request is sent, so a changed file (size or modification time) is a new key. */
    private static ObjectNode file(Path path) {
        ObjectNode object = NODES.objectNode();
        object.put("path", path.toAbsolutePath().normalize().toString());
        try {
            object.put("size", Files.size(path));
            object.put("modified", Files.getLastModifiedTime(path).toMillis());
        } catch (IOException e) {
            object.put("unreadable", true);
        }
        return object;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> keys = new TreeMap<>();
        map.forEach((key, item) -> keys.put(String.valueOf(key), item));
        return keys;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = NODES.objectNode();
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(String::compareTo);
            names.forEach(name -> object.set(name, sorted(node.get(name))));
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = NODES.arrayNode();
            node.forEach(item -> array.add(sorted(item)));
            return array;
        }
        return node;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
