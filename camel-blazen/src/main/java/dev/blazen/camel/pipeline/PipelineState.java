package dev.blazen.camel.pipeline;

import dev.blazen.camel.workflow.event.Events;

import java.util.Map;

/**
 * What input mappers and conditions see of a run: its input, the results of the stages finished so far by stage name
 * (in stage order; skipped stages have none), the last result, and inside a loop stage the iterations it has run.
 * After a resume, results read back from the snapshot are JSON values (Map, List, String, Number, Boolean);
 * {@link #result(String, Class)} converts them back.
 *
 * @param lastResult the latest result: the previous stage's (skipped stages leave it as it was), the pipeline input
 *                   before any stage has run, or inside a loop the previous iteration's
 */
public record PipelineState(Object input, Map<String, Object> results, Object lastResult, int iteration) {

    public Object result(String stage) {
        return results.get(stage);
    }

    /** A stage's result as {@code type}, converted through JSON when it is not one already. */
    public <T> T result(String stage, Class<T> type) {
        Object value = results.get(stage);
        return value == null || type.isInstance(value) ? type.cast(value) : Events.json().convertValue(value, type);
    }
}
