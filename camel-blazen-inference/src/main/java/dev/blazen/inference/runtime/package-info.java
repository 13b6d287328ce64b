/**
 * Declared local models served by task ({@link dev.blazen.llm.local.LocalInference}): each declaration becomes a
 * {@link dev.blazen.inference.manager.ModelManager} entry whose loader opens the right ONNX session, tokenizer and
 * labels for its task. Found through {@link java.util.ServiceLoader} as
 * {@link dev.blazen.inference.runtime.OnnxLocalInferenceFactory}.
 */
package dev.blazen.inference.runtime;
