package dev.blazen.camel;

import org.apache.camel.spi.Metadata;

/** Header and variable names of the {@code blazen:} endpoints. */
public interface BlazenConstants {

    @Metadata(label = "workflow step stream-events pipeline", description = "The id of the workflow run, or of the "
            + "pipeline run; on the way in to blazen:pipeline with resume=true, the run to resume.", javaType = "String")
    String RUN_ID = "CamelBlazenRunId";

    @Metadata(label = "workflow step stream-events", description = "The name of the workflow.", javaType = "String")
    String WORKFLOW = "CamelBlazenWorkflow";

    @Metadata(label = "step", description = "The name of the step handling the event.", javaType = "String")
    String STEP = "CamelBlazenStep";

    @Metadata(label = "step stream-events", description = "The type of the event the step received, or of the stream event.",
              javaType = "String")
    String EVENT_TYPE = "CamelBlazenEventType";

    @Metadata(label = "step", description = "runId:step:eventId, the same every time this invocation runs (also after a "
            + "crash), so side effects can be de-duplicated, for example with Camel's idempotentConsumer.", javaType = "String")
    String IDEMPOTENCY_KEY = "CamelBlazenIdempotencyKey";

    @Metadata(label = "respond stream-events", description = "The input request being answered; on a stream event, the "
            + "request id of an InputRequestEvent.", javaType = "String")
    String REQUEST_ID = "CamelBlazenRequestId";

    @Metadata(label = "respond", description = "true: the response rejects the request (the run fails and compensates).",
              javaType = "Boolean")
    String REJECTED = "CamelBlazenRejected";

    @Metadata(label = "respond", description = "What became of the response: ACCEPTED (it resumed the run) or DUPLICATE "
            + "(the request was answered before; nothing changed).", javaType = "String")
    String RESPOND_OUTCOME = "CamelBlazenRespondOutcome";

    @Metadata(label = "complete stream extract batch agent embed infer", description = "The model that answered; on the way in, "
            + "overrides the endpoint's model name for this message (not for infer, whose model is the endpoint's).",
              javaType = "String")
    String MODEL = "CamelBlazenModel";

    @Metadata(label = "complete stream extract", description = "Why the model stopped (stop, length, tool_calls, end_turn, ...).",
              javaType = "String")
    String FINISH_REASON = "CamelBlazenFinishReason";

    @Metadata(label = "complete stream extract batch agent embed", description = "Input (prompt) tokens used.", javaType = "Long")
    String INPUT_TOKEN_COUNT = "CamelBlazenInputTokenCount";

    @Metadata(label = "complete stream extract batch agent embed", description = "Output (completion) tokens used.", javaType = "Long")
    String OUTPUT_TOKEN_COUNT = "CamelBlazenOutputTokenCount";

    @Metadata(label = "complete stream extract batch agent embed", description = "Total tokens used.", javaType = "Long")
    String TOTAL_TOKEN_COUNT = "CamelBlazenTotalTokenCount";

    @Metadata(label = "complete stream extract batch agent embed", description = "Estimated cost in USD, when the model's price is known.",
              javaType = "Double")
    String COST = "CamelBlazenCost";

    @Metadata(label = "agent", description = "Tool-call rounds the agent ran (page 47's iterations).", javaType = "Integer")
    String ITERATIONS = "CamelBlazenIterations";

    @Metadata(label = "agent", description = "The tool calls the agent made, in order (List of ToolExecution: call, "
            + "output or error, duration).", javaType = "java.util.List")
    String TOOL_EXECUTIONS = "CamelBlazenToolExecutions";

    @Metadata(label = "complete agent", description = "Conversation id: the conversation's earlier turns (windowed to "
            + "memoryMaxTokens) go before the request, and this turn is remembered.", javaType = "String")
    String MEMORY_ID = "CamelBlazenMemoryId";

    @Metadata(label = "infer", description = "The query a rerank model scores the passages (a List body) against; a Map "
            + "body may carry it as query instead.", javaType = "String")
    String QUERY = "CamelBlazenQuery";

    @Metadata(label = "memory", description = "Overrides the endpoint's operation for this message (add, search, "
            + "searchLocal, get, delete, count, list).", javaType = "String")
    String OPERATION = "CamelBlazenOperation";

    @Metadata(label = "memory", description = "The entry id: for add (generated when absent), get and delete (instead of "
            + "the body).", javaType = "String")
    String ENTRY_ID = "CamelBlazenEntryId";

    @Metadata(label = "memory", description = "Metadata of the entry added from a String body.", javaType = "java.util.Map")
    String METADATA = "CamelBlazenMetadata";

    @Metadata(label = "memory", description = "Metadata filter of a search, overriding the endpoint's filter: a Map or "
            + "JSON object; entries match when their metadata contains it (recursively).", javaType = "Object")
    String FILTER = "CamelBlazenFilter";

    @Metadata(label = "tool", description = "On a tool route: the name of the tool being called.", javaType = "String")
    String TOOL_NAME = "CamelBlazenToolName";

    @Metadata(label = "batch", description = "How many conversations of a batch failed.", javaType = "Integer")
    String BATCH_FAILED = "CamelBlazenBatchFailed";

    @Metadata(label = "stream", description = "On a chunk exchange sent to chunkUri: the chunk's position, from 0.",
              javaType = "Integer")
    String CHUNK_INDEX = "CamelBlazenChunkIndex";

    /** Exchange variable holding the run's {@code WorkflowContext} inside a step route. */
    String CONTEXT_VARIABLE = "blazenContext";
}
