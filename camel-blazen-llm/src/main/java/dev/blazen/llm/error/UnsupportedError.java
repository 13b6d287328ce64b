package dev.blazen.llm.error;

/** The provider does not offer the requested capability. */
public class UnsupportedError extends BlazenError {

    public UnsupportedError(String message) {
        super("unsupported: " + message);
    }
}
