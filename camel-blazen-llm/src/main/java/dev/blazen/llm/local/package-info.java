/**
 * The contract of in-process models, implemented by camel-blazen-inference and found through
 * {@link java.util.ServiceLoader} so that callers need no compile dependency on native inference libraries:
 * {@link dev.blazen.llm.local.LocalModelFactory} behind {@code local:<name>} model strings, and
 * {@link dev.blazen.llm.local.LocalInference}, declared ONNX models (embed, rerank, classify, raw tensors) kept within
 * memory budgets, with the plain types they exchange ({@link dev.blazen.llm.local.Tensor} and the task results).
 */
package dev.blazen.llm.local;
