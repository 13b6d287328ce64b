package dev.blazen.camel.workflow.context;

import dev.blazen.camel.workflow.SessionNotSerializableException;
import dev.blazen.camel.workflow.SessionPausePolicy;
import dev.blazen.camel.workflow.StateSerializationException;
import dev.blazen.camel.workflow.event.Events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The context every step of one run shares. Step routes find it in the exchange variable
 * {@code blazenContext}; {@code @Step} methods get it as a parameter.
 * <ul>
 * <li>{@link #state()}: persistable JSON values and bytes (survive pause/resume and checkpoints)</li>
 * <li>{@link #session()}: live objects, same identity on every access, never snapshotted</li>
 * <li>{@link #sendEvent}, {@link #writeEventToStream}, {@link #collectEvents}</li>
 * </ul>
 */
public final class WorkflowContext {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowContext.class);

    private final String runId;
    private final String workflow;
    private final EventSink sink;
    private final WorkflowState state = new WorkflowState();
    private final Map<String, Object> session = new ConcurrentHashMap<>();
    private final Map<String, List<Object>> collected = new HashMap<>();

    public WorkflowContext(String runId, String workflow, EventSink sink) {
        this.runId = runId;
        this.workflow = workflow;
        this.sink = sink;
    }

    public String runId() {
        return runId;
    }

    public String workflow() {
        return workflow;
    }

    public WorkflowState state() {
        return state;
    }

    /** Live in-process objects for this run; identity is preserved, nothing here is persisted. */
    public Map<String, Object> session() {
        return session;
    }

    /** Shortcut for {@code state().set(key, value)}; returns the value. */
    public Object set(String key, Object value) {
        return state.set(key, value);
    }

    /** Shortcut for {@code state().get(key)}. */
    public Object get(String key) {
        return state.get(key);
    }

    /** Shortcut for {@code state().getAs(key, type)}. */
    public <T> T getAs(String key, Class<T> type) {
        return state.getAs(key, type);
    }

    public void setBytes(String key, byte[] data) {
        state.setBytes(key, data);
    }

    public byte[] getBytes(String key) {
        return state.getBytes(key);
    }

    /** Routes an event to every step that accepts its type, as if the current step had returned it. */
    public void sendEvent(Object event) {
        sink.sendEvent(event);
    }

    /** Publishes an event to the run's stream subscribers; it does not route to steps. */
    public void writeEventToStream(Object event) {
        sink.writeEventToStream(event);
    }

    /**
     * Fan-in: buffers {@code event} under its type and returns null until {@code count} events of that type were
     * collected, then returns them (in arrival order) and empties the buffer.
     */
    @SuppressWarnings("unchecked")
    public <T> List<T> collectEvents(T event, int count) {
        return (List<T>) collectEvents(Events.typeOf(event), event, count);
    }

    /** Fan-in by explicit type name, for Map events. */
    public List<Object> collectEvents(String type, Object event, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("collectEvents count must be at least 1, got " + count);
        }
        synchronized (collected) {
            List<Object> buffer = collected.computeIfAbsent(type, t -> new ArrayList<>(count));
            buffer.add(event);
            if (buffer.size() < count) {
                return null;
            }
            List<Object> batch = new ArrayList<>(buffer.subList(0, count));
            buffer.subList(0, count).clear();
            if (buffer.isEmpty()) {
                collected.remove(type);
            }
            return batch;
        }
    }

    /** Events buffered by {@link #collectEvents} and not yet released, by type (for snapshots). */
    public Map<String, List<Object>> collectedEvents() {
        synchronized (collected) {
            Map<String, List<Object>> copy = new HashMap<>();
            collected.forEach((type, events) -> copy.put(type, List.copyOf(events)));
            return copy;
        }
    }

    /** Puts a snapshot's collected events back (resume). */
    public void restoreCollected(Map<String, List<Object>> events) {
        synchronized (collected) {
            collected.clear();
            events.forEach((type, list) -> collected.put(type, new ArrayList<>(list)));
        }
    }

    /**
     * The session entries a pause puts into its snapshot, by {@code policy}: each entry Java-serialised
     * ({@code PICKLE_OR_ERROR}), none with their keys listed in {@code metadata.dropped_session_keys}
     * ({@code WARN_DROP}), or a refusal while the session holds anything ({@code HARD_ERROR}).
     *
     * @throws SessionNotSerializableException when the policy refuses, naming the entries
     */
    public Map<String, byte[]> sessionForSnapshot(SessionPausePolicy policy, Map<String, Object> metadata) {
        Map<String, Object> live = new TreeMap<>(session);
        if (live.isEmpty()) {
            return Map.of();
        }
        switch (policy) {
            case HARD_ERROR -> throw new SessionNotSerializableException(workflow, runId, List.copyOf(live.keySet()),
                    "the session pause policy is HARD_ERROR and the session is not empty", null);
            case WARN_DROP -> {
                live.keySet().forEach(key -> LOG.warn("Run {} of workflow {}: session entry '{}' is left out of the "
                        + "snapshot (session pause policy WARN_DROP)", runId, workflow, key));
                metadata.put("dropped_session_keys", List.copyOf(live.keySet()));
                return Map.of();
            }
            default -> {
                Map<String, byte[]> pickled = new LinkedHashMap<>();
                List<String> failed = new ArrayList<>();
                Exception firstError = null;
                for (Map.Entry<String, Object> entry : live.entrySet()) {
                    try {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                            out.writeObject(entry.getValue());
                        }
                        pickled.put(entry.getKey(), bytes.toByteArray());
                    } catch (IOException | RuntimeException e) {
                        failed.add(entry.getKey());
                        firstError = firstError == null ? e : firstError;
                    }
                }
                if (!failed.isEmpty()) {
                    throw new SessionNotSerializableException(workflow, runId, failed,
                            "Java serialization failed (" + firstError + ")", firstError);
                }
                return pickled;
            }
        }
    }

    /** Puts Java-serialised session entries of a snapshot back. */
    public void restoreSession(Map<String, byte[]> pickled) {
        pickled.forEach((key, bytes) -> {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                session.put(key, in.readObject());
            } catch (IOException | ClassNotFoundException e) {
                throw new SessionNotSerializableException(workflow, runId, List.of(key), "the snapshot's entry of "
                        + bytes.length + " bytes cannot be read back (" + e + ")", e);
            }
        });
    }

    /** Stores each non-transient field of {@code value} under {@code key.field}. */
    public void putState(String key, BlazenState value) {
        for (Field field : stateFields(value.getClass())) {
            String fieldKey = key + "." + field.getName();
            Object fieldValue = read(field, value);
            try {
                state.set(fieldKey, fieldValue);
            } catch (StateSerializationException e) {
                throw new StateSerializationException(fieldKey, fieldValue, e.getCause());
            }
        }
    }

    /** Rebuilds a {@link BlazenState} stored under {@code key}, field by field, and calls its restore hook; null when absent. */
    public <T extends BlazenState> T getState(String key, Class<T> type) {
        List<Field> fields = stateFields(type);
        boolean present = fields.stream().anyMatch(f -> state.contains(key + "." + f.getName()));
        if (!present) {
            return null;
        }
        T instance = instantiate(type);
        for (Field field : fields) {
            String fieldKey = key + "." + field.getName();
            if (state.contains(fieldKey)) {
                write(field, instance, state.getAs(fieldKey, boxed(field.getType())));
            }
        }
        instance.restore();
        return instance;
    }

    private static List<Field> stateFields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != BlazenState.class && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                int mods = field.getModifiers();
                if (!Modifier.isStatic(mods) && !Modifier.isTransient(mods) && !field.isSynthetic()) {
                    field.setAccessible(true);
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    private static Object read(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read state field " + field, e);
        }
    }

    private static void write(Field field, Object target, Object value) {
        try {
            if (value != null || !field.getType().isPrimitive()) {
                field.set(target, value);
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write state field " + field, e);
        }
    }

    private static <T> T instantiate(Class<T> type) {
        try {
            Constructor<T> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " needs a no-argument constructor to be rebuilt from state", e);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot create " + type.getName(), e);
        }
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }

    @Override
    public String toString() {
        return "WorkflowContext[workflow=" + workflow + ", runId=" + runId + "]";
    }
}
