package dev.blazen.camel.workflow.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blazen.camel.workflow.InvalidEventException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What an event is: a type name plus a payload. Java events are records/POJOs (type = {@link EventType} or the
 * simple class name); YAML and dynamic events are Maps with a {@code type} key. This class names, validates and
 * converts events, and round-trips them through JSON as {@code {"type": ..., ...fields}}.
 */
public final class Events {

    /** The key that carries the event type in Map events and in the JSON form. */
    public static final String TYPE_KEY = "type";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.$:\\-]*");
    private static final String RESERVED_PREFIX = "blazen::";

    private static final Map<String, Class<?>> BUILT_INS = Map.of(
            StartEvent.TYPE, StartEvent.class,
            StopEvent.TYPE, StopEvent.class,
            InputRequestEvent.TYPE, InputRequestEvent.class,
            InputResponseEvent.TYPE, InputResponseEvent.class);

    private static final ClassValue<String> CLASS_TYPES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            EventType annotation = type.getAnnotation(EventType.class);
            return annotation != null ? annotation.value() : type.getSimpleName();
        }
    };

    /** Classes known by event type, so JSON and Map events can become typed objects again. */
    private static final Map<String, Class<?>> KNOWN = new ConcurrentHashMap<>(BUILT_INS);

    private Events() {
    }

    /** The engine's JSON mapper (records, unknown properties ignored). */
    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * The event type of an event object.
     *
     * @throws InvalidEventException when the object is not an event (null, a Map without a usable {@code type}, a
     *                               plain value such as a String or a number)
     */
    public static String typeOf(Object event) {
        if (event == null) {
            throw new InvalidEventException("an event cannot be null");
        }
        if (event instanceof Map<?, ?> map) {
            Object type = map.get(TYPE_KEY);
            if (!(type instanceof String name) || name.isBlank()) {
                throw new InvalidEventException("an event Map needs a non-blank String '" + TYPE_KEY + "' entry, got "
                        + (type == null ? "none" : "'" + type + "'") + " in " + abbreviate(map));
            }
            return canonicalType(name);
        }
        if (isPlainValue(event)) {
            throw new InvalidEventException("a " + event.getClass().getSimpleName() + " is not an event: '"
                    + abbreviate(event) + "' (emit a record/POJO, a Map with a '" + TYPE_KEY + "' key or a JSON object with one)");
        }
        return CLASS_TYPES.get(event.getClass());
    }

    /** The type name a Java event class stands for. */
    public static String typeName(Class<?> eventClass) {
        return CLASS_TYPES.get(eventClass);
    }

    /**
     * Validates a type name and maps the built-ins' short names ({@code StartEvent}) to their wire names
     * ({@code blazen::StartEvent}).
     */
    public static String canonicalType(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidEventException("an event type name cannot be blank");
        }
        String trimmed = name.trim();
        if (!TYPE_NAME.matcher(trimmed).matches()) {
            throw new InvalidEventException("'" + trimmed + "' is not a valid event type name");
        }
        if (!trimmed.startsWith(RESERVED_PREFIX) && BUILT_INS.containsKey(RESERVED_PREFIX + trimmed)) {
            return RESERVED_PREFIX + trimmed;
        }
        if (trimmed.startsWith(RESERVED_PREFIX) && !BUILT_INS.containsKey(trimmed)) {
            throw new InvalidEventException("unknown built-in event type '" + trimmed + "'; the built-ins are "
                    + String.join(", ", new java.util.TreeSet<>(BUILT_INS.keySet())));
        }
        return trimmed;
    }

    /** Remembers a Java event class so Map/JSON events of its type can be converted to it. */
    public static void register(Class<?> eventClass) {
        if (!Map.class.isAssignableFrom(eventClass) && eventClass != Object.class) {
            KNOWN.putIfAbsent(typeName(eventClass), eventClass);
        }
    }

    /** The Java class known for a type, or null. */
    public static Class<?> classOf(String type) {
        return KNOWN.get(type);
    }

    /** What a step route sees as its body: the start data, the stop result, or the event itself. */
    public static Object payloadOf(Object event) {
        if (event instanceof StartEvent start) {
            return start.data();
        }
        if (event instanceof StopEvent stop) {
            return stop.result();
        }
        return event;
    }

    /** Converts an event (typed object or Map) to {@code target}, or throws {@link InvalidEventException}. */
    public static <T> T convert(Object event, Class<T> target) {
        if (target.isInstance(event)) {
            return target.cast(event);
        }
        try {
            Object source = event;
            if (event instanceof Map<?, ?> map && map.containsKey(TYPE_KEY) && !Map.class.isAssignableFrom(target)) {
                Map<Object, Object> copy = new LinkedHashMap<>(map);
                copy.remove(TYPE_KEY);
                source = copy;
            }
            return JSON.convertValue(source, target);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("cannot convert event of type '" + typeOf(event) + "' to "
                    + target.getName() + ": " + e.getMessage(), e);
        }
    }

    /** The event's JSON form: its fields plus {@code "type"}. */
    public static String toJson(Object event) {
        ObjectNode node = toJsonTree(event);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("event of type '" + node.get(TYPE_KEY).asText() + "' cannot be written as "
                    + "JSON: " + e.getMessage(), e);
        }
    }

    /**
     * The event's JSON form as a tree, what {@link #toJson} writes: {@code "type"} first, then the event's fields (a
     * field of its own named {@code type} is left out).
     */
    public static ObjectNode toJsonTree(Object event) {
        String type = typeOf(event);
        try {
            JsonNode tree = JSON.valueToTree(event);
            ObjectNode node = JSON.createObjectNode();
            node.put(TYPE_KEY, type);
            if (tree instanceof ObjectNode fields) {
                fields.properties().forEach(e -> {
                    if (!TYPE_KEY.equals(e.getKey())) {
                        node.set(e.getKey(), e.getValue());
                    }
                });
            }
            return node;
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("event of type '" + type + "' cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an event from its JSON form: a typed object when the type's class is known, otherwise a Map (which
     * keeps the {@code type} key).
     */
    public static Object fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not a JSON event: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidEventException("a JSON event must be an object with a '" + TYPE_KEY + "' field: " + abbreviate(json));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(node, LinkedHashMap.class);
        return fromMap(map);
    }

    /** A Map event as its typed object when the type's class is known, otherwise the Map itself. */
    public static Object fromMap(Map<String, Object> map) {
        String type = typeOf(map);
        Class<?> known = KNOWN.get(type);
        if (known == null) {
            if (!type.equals(map.get(TYPE_KEY))) {
                Map<String, Object> copy = new LinkedHashMap<>(map);
                copy.put(TYPE_KEY, type);
                return copy;
            }
            return map;
        }
        return convert(map, known);
    }

    private static boolean isPlainValue(Object value) {
        return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof byte[] || value.getClass().isArray()
                || value.getClass().isEnum();
    }

    static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
