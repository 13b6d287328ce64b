package dev.blazen.inference.embedding;

import dev.blazen.llm.error.BlazenError;

/** A model file whose SHA-256 differs from the pinned one: a corrupt, truncated or substituted file. */
public class ModelDigestMismatchError extends BlazenError {

    private final String file;
    private final String expectedSha256;
    private final String actualSha256;

    public ModelDigestMismatchError(String file, String expectedSha256, String actualSha256) {
        super("SHA-256 mismatch for model file " + file + ": expected " + expectedSha256 + " but was " + actualSha256);
        this.file = file;
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    public String file() {
        return file;
    }

    public String expectedSha256() {
        return expectedSha256;
    }

    public String actualSha256() {
        return actualSha256;
    }
}
