/**
 * {@code blazen:infer:model}: local ONNX models declared by endpoint options and served by task (embed, rerank,
 * classify, raw tensors) through the {@link dev.blazen.llm.local.LocalInference} runtime the component owns.
 */
package dev.blazen.camel.inference;
