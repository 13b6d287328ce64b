package dev.blazen.camel.workflow.checkpoint.file;

/**
 * What the index holds for a key: the record's version and bytes, or a tombstone ({@code data} null) while a delete
 * waits for its fsync, and the journal ticket that {@link dev.blazen.memory.file.AppendOnlyFile#awaitDurable} takes
 * for the record that wrote it (0 for what the open replayed).
 */
record Slot(long version, byte[] data, long ticket) {

    static Slot tombstone(long ticket) {
        return new Slot(0, null, ticket);
    }

    boolean isLive() {
        return data != null;
    }
}
