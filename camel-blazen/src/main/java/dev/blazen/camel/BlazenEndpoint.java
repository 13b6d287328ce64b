package dev.blazen.camel;

import dev.blazen.camel.agent.AgentProducer;
import dev.blazen.camel.agent.PromptProducer;
import dev.blazen.camel.agent.ToolConsumer;
import dev.blazen.camel.inference.InferProducer;
import dev.blazen.camel.memory.MemoryProducer;
import dev.blazen.camel.model.BatchProducer;
import dev.blazen.camel.model.CompleteProducer;
import dev.blazen.camel.model.EmbedProducer;
import dev.blazen.camel.model.ExtractProducer;
import dev.blazen.camel.model.StreamProducer;
import dev.blazen.camel.workflow.RespondProducer;
import dev.blazen.camel.pipeline.PipelineProducer;
import dev.blazen.camel.workflow.RunOptions;
import dev.blazen.camel.workflow.SessionPausePolicy;
import dev.blazen.camel.workflow.StepConsumer;
import dev.blazen.camel.workflow.StreamEventsConsumer;
import dev.blazen.camel.workflow.WorkflowEngine;
import dev.blazen.camel.workflow.WorkflowProducer;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Blazen AI workflows as Camel routes: run a workflow, make a route a workflow step, or receive a workflow's stream
 * events.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "blazen", title = "Blazen", syntax = "blazen:api:name",
             category = { Category.AI, Category.WORKFLOW }, headersClass = BlazenConstants.class)
public class BlazenEndpoint extends DefaultEndpoint {

    @UriPath(enums = "workflow,step,stream-events,respond,complete,stream,extract,batch,agent,tool,prompt,embed,infer,memory,pipeline",
             description = "What the endpoint does: "
            + "workflow (producer: start a run), step (consumer: the route is a workflow step), stream-events (consumer: a "
            + "workflow's stream events), respond (producer: deliver a human's answer to a run parked on an input "
            + "request), complete (producer: chat completion), stream (producer: streamed chat "
            + "completion), extract (producer: structured output), batch (producer: many conversations), agent (producer: "
            + "tool-calling agent), tool (consumer: the route is a tool), prompt (producer: render a prompt template), "
            + "embed (producer: embeddings), infer (producer: local ONNX inference), memory (producer: semantic memory "
            + "store), pipeline (producer: run a pipeline of workflows).")
    @Metadata(required = true)
    private String api;

    @UriPath(description = "The workflow name (for step: workflow/step), the tool name, the prompt name, the local "
            + "model's name (infer), the memory store's name or the pipeline's name (for stream-events also a pipeline's "
            + "name, to receive its progress); model calls need none.")
    private String name;

    @UriParam
    private BlazenConfiguration configuration;

    private final BlazenApi kind;

    public BlazenEndpoint(String uri, BlazenComponent component, BlazenApi kind, String name,
            BlazenConfiguration configuration) {
        super(uri, component);
        this.kind = kind;
        this.api = kind.uriName();
        this.name = name;
        this.configuration = configuration;
    }

    @Override
    public BlazenComponent getComponent() {
        return (BlazenComponent) super.getComponent();
    }

    /** Checks what can be checked before a route starts. */
    void validate() {
        if (kind.isModelCall()) {
            if (configuration.getModel() == null || configuration.getModel().isBlank()) {
                throw new IllegalArgumentException("blazen:" + api + " needs a model, for example blazen:" + api
                        + "?model=openai:gpt-4o-mini or model=#myProvider");
            }
            return;
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("blazen:" + api + " needs a name: blazen:" + api
                    + (kind == BlazenApi.STEP ? ":workflow/step" : kind == BlazenApi.TOOL ? ":toolName"
                            : kind == BlazenApi.PROMPT ? ":promptName"
                            : kind == BlazenApi.INFER ? ":modelName"
                            : kind == BlazenApi.MEMORY ? ":storeName"
                            : kind == BlazenApi.PIPELINE ? ":pipelineName" : ":workflow"));
        }
        if (kind == BlazenApi.WORKFLOW) {
            runOptions(); // a bad sessionPausePolicy fails the route, not the first message
        }
        if (kind == BlazenApi.STEP && !isStepName(name)) {
            throw new IllegalArgumentException("blazen:step needs workflow/step as its name, got '" + name + "'");
        }
    }

    /** A step endpoint's name: exactly one slash, with a workflow and a step name on either side. */
    public static boolean isStepName(String name) {
        int slash = name.indexOf('/');
        return slash > 0 && slash < name.length() - 1 && name.indexOf('/', slash + 1) < 0;
    }

    @Override
    public Producer createProducer() throws Exception {
        return switch (kind) {
            case WORKFLOW -> new WorkflowProducer(this);
            case RESPOND -> new RespondProducer(this);
            case COMPLETE -> new CompleteProducer(this);
            case STREAM -> new StreamProducer(this);
            case EXTRACT -> new ExtractProducer(this);
            case BATCH -> new BatchProducer(this);
            case AGENT -> new AgentProducer(this);
            case PROMPT -> new PromptProducer(this);
            case EMBED -> new EmbedProducer(this);
            case INFER -> new InferProducer(this);
            case MEMORY -> new MemoryProducer(this);
            case PIPELINE -> new PipelineProducer(this);
            case STEP, STREAM_EVENTS, TOOL ->
                throw new IllegalArgumentException("blazen:" + api + " is a consumer endpoint: use it in from(...)");
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = switch (kind) {
            case STEP -> new StepConsumer(this, processor);
            case STREAM_EVENTS -> new StreamEventsConsumer(this, processor);
            case TOOL -> new ToolConsumer(this, processor);
            case WORKFLOW, RESPOND, COMPLETE, STREAM, EXTRACT, BATCH, AGENT, PROMPT, EMBED, INFER, MEMORY, PIPELINE ->
                throw new IllegalArgumentException("blazen:" + api + " is a producer endpoint: use it in to(...)");
        };
        configureConsumer(consumer);
        return consumer;
    }

    public WorkflowEngine engine() {
        return getComponent().getEngine();
    }

    /** The workflow this endpoint is about. */
    public String workflowName() {
        return kind == BlazenApi.STEP ? name.substring(0, name.indexOf('/')) : name;
    }

    /** The step name of a step endpoint. */
    public String stepName() {
        return name.substring(name.indexOf('/') + 1);
    }

    public RunOptions runOptions() {
        return RunOptions.defaults()
                .withTimeout(Duration.ofMillis(configuration.getWorkflowTimeout()))
                .withMaxInFlight(configuration.getMaxInFlight())
                .withMaxPendingEvents(configuration.getMaxPendingEvents())
                .withLifecycleEvents(configuration.isLifecycleEvents())
                .withInputTimeout(Duration.ofMillis(configuration.getInputTimeout()))
                .withSessionPausePolicy(sessionPausePolicy())
                .withDurable(configuration.getDurable());
    }

    private SessionPausePolicy sessionPausePolicy() {
        String policy = configuration.getSessionPausePolicy();
        try {
            return policy == null ? SessionPausePolicy.PICKLE_OR_ERROR
                    : SessionPausePolicy.valueOf(policy.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown sessionPausePolicy '" + policy
                    + "'; use PICKLE_OR_ERROR, WARN_DROP or HARD_ERROR");
        }
    }

    /**
     * Continues the exchange with what {@code result} completes with (through {@link #setResult}), or its error,
     * without holding the thread meanwhile; returns as an asynchronous processor's {@code process} does.
     */
    public boolean continueWhenDone(Exchange exchange, CompletableFuture<?> result, AsyncCallback callback) {
        if (result.isDone()) {
            completeFrom(exchange, result);
            callback.done(true);
            return true;
        }
        result.whenComplete((value, error) -> {
            completeFrom(exchange, result);
            callback.done(false);
        });
        return false;
    }

    private void completeFrom(Exchange exchange, CompletableFuture<?> result) {
        try {
            setResult(exchange, result.join());
        } catch (CompletionException e) {
            exchange.setException(e.getCause());
        }
    }

    /** The result replaces the body, or goes to the {@code resultVariable} and the body stays as it was. */
    public void setResult(Exchange exchange, Object value) {
        String variable = configuration.getResultVariable();
        if (variable != null && !variable.isBlank()) {
            exchange.setVariable(variable, value);
        } else {
            exchange.getMessage().setBody(value);
        }
    }

    public BlazenApi kind() {
        return kind;
    }

    public String getApi() {
        return api;
    }

    public void setApi(String api) {
        this.api = api;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public BlazenConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(BlazenConfiguration configuration) {
        this.configuration = configuration;
    }
}
