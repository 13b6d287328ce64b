package dev.blazen.camel.workflow;

/** What became of a response delivered to a run. */
public enum RespondOutcome {
    /** The response resumed the run. */
    ACCEPTED,
    /** The request was answered before; this response changed nothing. */
    DUPLICATE
}
