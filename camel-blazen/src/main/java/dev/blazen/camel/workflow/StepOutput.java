package dev.blazen.camel.workflow;

import dev.blazen.camel.workflow.event.Events;
import dev.blazen.camel.workflow.step.StepCall;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads what a step left behind as the events it emits: nothing (null, or the event it received left unchanged),
 * one event, a Collection or array (fan-out), or JSON text holding an event object or an array of them (what a YAML
 * route naturally produces). Maps become typed events when their type's class is known.
 */
final class StepOutput {

    private StepOutput() {
    }

    static List<Object> events(Object output, StepCall call) {
        if (output == null || isUnchangedInput(output, call)) {
            return List.of();
        }
        if (isTypedEvent(output)) {
            Events.typeOf(output); // rejects plain values with a clear message
            return List.of(output);
        }
        List<Object> events = new ArrayList<>();
        collect(output, events, true);
        return events;
    }

    private static boolean isUnchangedInput(Object output, StepCall call) {
        if (output != call.payload() && output != call.event()) {
            return false;
        }
        // a Map event changed in place to another type is a new event
        if (output instanceof Map<?, ?> map) {
            Object type = map.get(Events.TYPE_KEY);
            return !(type instanceof String name) || Events.canonicalType(name).equals(call.eventType());
        }
        return true;
    }

    /** The common case, one record or POJO, needs no list building. */
    private static boolean isTypedEvent(Object output) {
        return !(output instanceof Collection<?> || output instanceof Object[] || output instanceof CharSequence
                || output instanceof Map<?, ?>);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object output, List<Object> events, boolean top) {
        if (output instanceof Collection<?> many && top) {
            many.forEach(e -> collect(e, events, false));
        } else if (output instanceof Object[] many && top) {
            for (Object e : many) {
                collect(e, events, false);
            }
        } else if (output instanceof CharSequence text) {
            parseJson(text.toString(), events, top);
        } else if (output instanceof Map<?, ?> map) {
            events.add(Events.fromMap((Map<String, Object>) map));
        } else {
            Events.typeOf(output); // rejects plain values and nulls with a clear message
            events.add(output);
        }
    }

    private static void parseJson(String text, List<Object> events, boolean top) {
        String trimmed = text.strip();
        if (top && trimmed.startsWith("[")) {
            List<?> list;
            try {
                list = Events.json().readValue(trimmed, List.class);
            } catch (Exception e) {
                throw new InvalidEventException("emitted text is not a JSON array of events: '" + abbreviate(trimmed) + "'");
            }
            list.forEach(e -> collect(e, events, false));
            return;
        }
        if (!trimmed.startsWith("{")) {
            throw new InvalidEventException("emitted text '" + abbreviate(trimmed) + "' is not an event: emit a JSON object "
                    + "with a \"type\" field (for example {\"type\":\"StopEvent\",\"result\":...}), a Map with a 'type' key, "
                    + "or nothing");
        }
        events.add(Events.fromJson(trimmed));
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
