package dev.blazen.camel.workflow.checkpoint;

/**
 * A compare-and-set write found another version than the one expected: someone else wrote the record meanwhile (for
 * a run: another node took it over).
 */
public class CheckpointConflictException extends CheckpointStoreException {

    private final String key;
    private final long expectedVersion;
    private final long actualVersion;

    /** @param actualVersion the stored version, 0 when there is no record */
    public CheckpointConflictException(String key, long expectedVersion, long actualVersion) {
        super("checkpoint '" + key + "' is at version " + (actualVersion == 0 ? "none (no record)" : actualVersion)
                + ", expected " + (expectedVersion == CheckpointStore.ABSENT ? "none (a new record)" : expectedVersion));
        this.key = key;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public String key() {
        return key;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    /** The stored version, 0 when there is no record. */
    public long actualVersion() {
        return actualVersion;
    }
}
