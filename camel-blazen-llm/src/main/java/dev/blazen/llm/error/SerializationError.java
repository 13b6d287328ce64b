package dev.blazen.llm.error;

/** JSON could not be written or read. */
public class SerializationError extends BlazenError {

    public SerializationError(String message, Throwable cause) {
        super("serialization error: " + message, cause);
    }
}
