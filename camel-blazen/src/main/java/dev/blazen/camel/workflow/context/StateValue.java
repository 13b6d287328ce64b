package dev.blazen.camel.workflow.context;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;

/**
 * One value of a run's persistable state, as Blazen stores it: structured JSON, raw bytes, or opaque
 * platform-serialized bytes that are forwarded without being interpreted.
 */
public sealed interface StateValue {

    record Json(JsonNode value) implements StateValue {
    }

    record Bytes(byte[] value) implements StateValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof Bytes other && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + value.length + " bytes]";
        }
    }

    record Native(byte[] value) implements StateValue {
        @Override
        public boolean equals(Object o) {
            return o instanceof Native other && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Native[" + value.length + " bytes]";
        }
    }
}
