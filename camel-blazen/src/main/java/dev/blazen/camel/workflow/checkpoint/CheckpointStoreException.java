package dev.blazen.camel.workflow.checkpoint;

/** A checkpoint store could not do what was asked (I/O, connection, a damaged record); the message names the store and key. */
public class CheckpointStoreException extends RuntimeException {

    public CheckpointStoreException(String message) {
        super(message);
    }

    public CheckpointStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
