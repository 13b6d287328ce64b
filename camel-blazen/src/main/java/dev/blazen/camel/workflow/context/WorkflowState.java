package dev.blazen.camel.workflow.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.camel.workflow.StateSerializationException;
import dev.blazen.camel.workflow.event.Events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's persistable state ({@code ctx.state}): JSON values and bytes. Values are converted to JSON when they are
 * set, so a value that could not survive a snapshot fails at once, naming its key, and what is stored is a copy the
 * caller cannot mutate afterwards.
 */
public final class WorkflowState {

    private final Map<String, StateValue> values = new ConcurrentHashMap<>();

    /** Stores a JSON-serialisable value; {@code null} removes the key. Returns the value, for expression languages. */
    public Object set(String key, Object value) {
        if (value == null) {
            values.remove(key);
            return null;
        }
        if (value instanceof byte[] bytes) {
            setBytes(key, bytes);
            return value;
        }
        JsonNode node;
        try {
            node = Events.json().valueToTree(value);
            // valueToTree accepts some types it cannot write back; writing proves the value round-trips
            Events.json().writeValueAsBytes(node);
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new StateSerializationException(key, value, e);
        }
        values.put(key, new StateValue.Json(node));
        return value;
    }

    /** The value as plain Java (Map, List, String, Number, Boolean), bytes as byte[], or null. */
    public Object get(String key) {
        StateValue value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof StateValue.Json json) {
            return Events.json().convertValue(json.value(), Object.class);
        }
        return getBytes(key);
    }

    /** The value converted to {@code type}, or null when absent (not an overload of get: expression languages pick methods by name). */
    public <T> T getAs(String key, Class<T> type) {
        StateValue value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof StateValue.Json json) {
            return Events.json().convertValue(json.value(), type);
        }
        Object bytes = get(key);
        if (type.isInstance(bytes)) {
            return type.cast(bytes);
        }
        throw new IllegalArgumentException("state key '" + key + "' holds " + value + ", not " + type.getName());
    }

    public void setBytes(String key, byte[] data) {
        values.put(key, new StateValue.Bytes(data.clone()));
    }

    public byte[] getBytes(String key) {
        StateValue value = values.get(key);
        if (value instanceof StateValue.Bytes bytes) {
            return bytes.value().clone();
        }
        if (value instanceof StateValue.Native nat) {
            return nat.value().clone();
        }
        return null;
    }

    public void setValue(String key, StateValue value) {
        values.put(key, value);
    }

    public StateValue getValue(String key) {
        return values.get(key);
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public void remove(String key) {
        values.remove(key);
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** A copy of every value, for snapshots. */
    public Map<String, StateValue> snapshot() {
        return new LinkedHashMap<>(values);
    }

    /** Replaces the state with a snapshot's values. */
    public void restore(Map<String, StateValue> snapshot) {
        values.clear();
        values.putAll(snapshot);
    }

    @Override
    public String toString() {
        return "WorkflowState" + values.keySet();
    }
}
