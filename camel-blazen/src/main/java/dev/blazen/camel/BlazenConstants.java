package dev.blazen.camel;

import org.apache.camel.spi.Metadata;

/** Header and variable names of the {@code blazen:} endpoints. */
public interface BlazenConstants {

    @Metadata(label = "workflow step stream-events", description = "The id of the workflow run.", javaType = "String")
    String RUN_ID = "CamelBlazenRunId";

    @Metadata(label = "workflow step stream-events", description = "The name of the workflow.", javaType = "String")
    String WORKFLOW = "CamelBlazenWorkflow";

    @Metadata(label = "step", description = "The name of the step handling the event.", javaType = "String")
    String STEP = "CamelBlazenStep";

    @Metadata(label = "step stream-events", description = "The type of the event the step received, or of the stream event.",
              javaType = "String")
    String EVENT_TYPE = "CamelBlazenEventType";

    /** Exchange variable holding the run's {@code WorkflowContext} inside a step route. */
    String CONTEXT_VARIABLE = "blazenContext";
}
