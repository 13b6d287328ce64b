package dev.blazen.memory.jsonl;

/**
 * When a {@link JsonlBackend} asks the OS to put its writes on the disk. Every write reaches the OS before the call
 * returns either way, so it survives the process being killed; the policy decides about a power cut or OS crash.
 */
public enum FsyncPolicy {
    /**
     * {@code fsync} after every {@code put} (one per batch) and {@code delete}, before it returns: an acknowledged
     * write survives a power cut. The default.
     */
    ALWAYS,
    /**
     * No {@code fsync} per write (only at compaction and close): much faster on slow disks, but a power cut or OS
     * crash may lose the writes of the last seconds (the OS's write-back delay). The file stays readable: a torn
     * last line is skipped on the next open.
     */
    NEVER
}
