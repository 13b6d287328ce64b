package dev.blazen.inference.session;

import dev.blazen.llm.error.BlazenError;

/** ONNX Runtime failed to open or run a model (a native error, not an input mistake). */
public class InferenceError extends BlazenError {

    public InferenceError(String message, Throwable cause) {
        super(message, cause);
    }
}
