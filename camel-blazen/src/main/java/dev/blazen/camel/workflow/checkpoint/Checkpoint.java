package dev.blazen.camel.workflow.checkpoint;

import java.util.Arrays;

/** One record of a {@link CheckpointStore}: its key, its version (1 for a new record) and its bytes. */
public record Checkpoint(String key, long version, byte[] data) {

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint other && key.equals(other.key) && version == other.version
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * key.hashCode() + Long.hashCode(version)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + key + " v" + version + ", " + data.length + " bytes]";
    }
}
