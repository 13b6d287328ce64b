/**
 * Pipelines: workflows run as stages, one after another ({@link dev.blazen.camel.pipeline.Stage}), side by side
 * ({@link dev.blazen.camel.pipeline.ParallelStage}) or repeated ({@link dev.blazen.camel.pipeline.LoopStage}), with
 * input mappers, conditions, per-stage and total timeouts, a {@link dev.blazen.camel.pipeline.PipelineSnapshot}
 * persisted after every stage and resume from it. {@link dev.blazen.camel.pipeline.PipelineRunner} runs them;
 * {@code blazen:pipeline:name} is the endpoint.
 */
package dev.blazen.camel.pipeline;
