package dev.blazen.camel.pipeline;

/** A pipeline definition that cannot run: no stages, a duplicate name, a bad {@code stages} option. */
public class InvalidPipelineException extends PipelineException {

    public InvalidPipelineException(String pipeline, String message) {
        super(pipeline, message);
    }
}
