package dev.blazen.inference.manager;

import dev.blazen.llm.error.BlazenError;

/** A model's loader failed; the cause is the loader's exception. The model stays registered and unloaded. */
public class ModelLoadError extends BlazenError {

    private final String modelId;

    public ModelLoadError(String modelId, Throwable cause) {
        super("loading model " + modelId + " failed: " + cause.getMessage(), cause);
        this.modelId = modelId;
    }

    public String modelId() {
        return modelId;
    }
}
