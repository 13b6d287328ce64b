package dev.blazen.camel.pipeline;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * One stage of a {@link Pipeline}: a workflow run ({@link Stage}), branches run side by side ({@link ParallelStage}) or
 * a workflow repeated until a condition holds ({@link LoopStage}).
 */
public sealed interface PipelineStage permits Stage, ParallelStage, LoopStage {

    String name();

    /** Whether the stage runs, asked just before it would; null means always. A false answer skips the stage. */
    Predicate<PipelineState> condition();

    /** How long the whole stage may take; null means the pipeline's {@code timeoutPerStage}. */
    Duration timeout();

    PipelineStage when(Predicate<PipelineState> condition);

    PipelineStage withTimeout(Duration timeout);
}
