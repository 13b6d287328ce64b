package dev.blazen.camel.pipeline;

/** How a {@link ParallelStage} ends. */
public enum JoinStrategy {

    /** When every branch has succeeded; the result is a Map of branch name to result, in branch order. */
    WAIT_ALL,

    /** When the first branch succeeds, with its result; the branches still running are cancelled. */
    FIRST_COMPLETES
}
