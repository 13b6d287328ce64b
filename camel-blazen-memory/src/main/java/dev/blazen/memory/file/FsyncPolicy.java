package dev.blazen.memory.file;

/**
 * When an {@link AppendOnlyFile} asks the OS to put its appends on the disk. Every append reaches the OS before the
 * call returns whatever the policy, so it survives the process being killed; the policy decides about a power cut or
 * an OS crash.
 */
public enum FsyncPolicy {
    /**
     * A write returns only after an {@code fsync} that covers it: an acknowledged write survives a power cut. Writers
     * that arrive while an fsync runs share the next one (group commit), so N concurrent writers cost about one fsync
     * rather than N. The default.
     */
    ALWAYS,
    /**
     * A background thread fsyncs at most once per interval (one second unless configured), when something was
     * written since the last one: writes return without waiting, and a power cut or OS crash may lose the writes of
     * about the last interval. The file stays readable: a torn tail is cut off on the next open.
     */
    INTERVAL,
    /**
     * No {@code fsync} for writes, only at compaction and close: the fastest, but a power cut or OS crash may lose the
     * writes of the last seconds (the OS's write-back delay). The file stays readable: a torn tail is cut off on the
     * next open.
     */
    NEVER
}
