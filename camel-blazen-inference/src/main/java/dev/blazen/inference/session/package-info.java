/**
 * Generic ONNX inference: {@link dev.blazen.inference.session.OnnxInference} runs any ONNX model on named
 * float32/int64 {@link dev.blazen.inference.session.Tensor}s; {@link dev.blazen.inference.session.CrossEncoder}
 * (rerank) and {@link dev.blazen.inference.session.SequenceClassifier} (classify) add a HuggingFace tokenizer on top.
 *
 * <p>GPU: sessions run on the CPU unless {@link dev.blazen.inference.session.Device#cuda(int)} is requested. The CUDA
 * execution provider is only in ONNX Runtime's GPU build: replace the {@code com.microsoft.onnxruntime:onnxruntime}
 * dependency with {@code com.microsoft.onnxruntime:onnxruntime_gpu} of the same version (linux x64 and windows x64)
 * and install the CUDA and cuDNN libraries that ONNX Runtime release requires. Without them a CUDA request logs one
 * WARN line and the session runs on the CPU.
 */
package dev.blazen.inference.session;
