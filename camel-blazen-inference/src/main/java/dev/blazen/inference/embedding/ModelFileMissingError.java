package dev.blazen.inference.embedding;

import dev.blazen.llm.error.BlazenError;

/** A model file that is not where its source says; nothing is downloaded to make up for it. */
public class ModelFileMissingError extends BlazenError {

    private final String file;

    public ModelFileMissingError(String file, String reason) {
        super("model file " + file + " is missing (" + reason + "); local models are never downloaded");
        this.file = file;
    }

    public String file() {
        return file;
    }
}
