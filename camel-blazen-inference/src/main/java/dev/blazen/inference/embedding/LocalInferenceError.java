package dev.blazen.inference.embedding;

import dev.blazen.llm.error.BlazenError;

/** ONNX Runtime failed to load or run a local model; the cause carries ONNX Runtime's own error. */
public class LocalInferenceError extends BlazenError {

    public LocalInferenceError(String message, Throwable cause) {
        super(message, cause);
    }
}
