package dev.blazen.camel.workflow.snapshot;

/** Where a run stands, as its snapshot records it. */
public enum RunStatus {
    /** Dispatching events; after a crash, any node may continue it from its pending events. */
    RUNNING,
    /** Paused on request: nothing runs until someone resumes it. */
    PAUSED,
    /** Nothing to run until a human answers one of its input requests. */
    PARKED,
    /** Failed, timed out, cancelled or rejected, and undoing its completed steps. */
    COMPENSATING,
    COMPLETED,
    FAILED;

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED;
    }
}
