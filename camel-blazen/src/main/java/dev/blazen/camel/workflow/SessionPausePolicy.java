package dev.blazen.camel.workflow;

/**
 * What happens to a run's session ({@code ctx.session()}: live objects, never part of a checkpoint) when the run is
 * paused and snapshotted. Blazen's policies, with Java serialization as the pickle.
 */
public enum SessionPausePolicy {
    /** Serialise every session entry into the snapshot (each must be {@link java.io.Serializable}); fail the pause, naming the entries, if one cannot be. */
    PICKLE_OR_ERROR,
    /** Leave session entries out of the snapshot, log a warning per entry and list them in the snapshot's metadata. */
    WARN_DROP,
    /** Refuse to pause while the session holds anything. */
    HARD_ERROR
}
