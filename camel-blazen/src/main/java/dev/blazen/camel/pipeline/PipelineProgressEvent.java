package dev.blazen.camel.pipeline;

import dev.blazen.camel.workflow.event.EventType;

/**
 * A pipeline run's progress, written to the stream of the pipeline's name: {@code blazen:stream-events:<pipeline>}
 * consumers receive them in order, with the run id in {@code CamelBlazenRunId}. {@code index} is the stage's
 * position from 0, {@code count} the number of stages.
 */
public sealed interface PipelineProgressEvent {

    String pipeline();

    String stage();

    int index();

    int count();

    @EventType("blazen::PipelineStageStarted")
    record StageStarted(String pipeline, String stage, int index, int count) implements PipelineProgressEvent {
    }

    @EventType("blazen::PipelineStageCompleted")
    record StageCompleted(String pipeline, String stage, int index, int count, long durationMicros)
            implements PipelineProgressEvent {
    }

    /** The stage's condition was false (or, for a parallel stage, every branch's). */
    @EventType("blazen::PipelineStageSkipped")
    record StageSkipped(String pipeline, String stage, int index, int count) implements PipelineProgressEvent {
    }

    @EventType("blazen::PipelineStageFailed")
    record StageFailed(String pipeline, String stage, int index, int count, String error) implements PipelineProgressEvent {
    }
}
