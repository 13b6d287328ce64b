package dev.blazen.camel.workflow;

import dev.blazen.camel.BlazenConfiguration;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.camel.workflow.step.StepCall;
import dev.blazen.camel.workflow.step.StepCallback;
import dev.blazen.camel.workflow.step.StepDefinition;
import dev.blazen.camel.workflow.step.StepInvoker;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.StreamCache;
import org.apache.camel.support.DefaultConsumer;

import java.io.InputStream;
import java.io.Reader;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;

/**
 * {@code blazen:step:workflow/step}: the route is a step. Each event the step accepts becomes an exchange whose body
 * is the event payload; the route's own error handling (redelivery, onException) runs inside the step, and what the
 * route leaves in the body is what the step emits.
 */
public class StepConsumer extends DefaultConsumer implements StepInvoker {

    private final BlazenEndpoint endpoint;
    private final StepDefinition definition;

    public StepConsumer(BlazenEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        BlazenConfiguration config = endpoint.getConfiguration();
        // built here so a bad accepts fails when the route is created, naming the step
        this.definition = new StepDefinition(endpoint.workflowName(), endpoint.stepName(),
                config.getAccepts() == null ? null : new LinkedHashSet<>(Arrays.asList(config.getAccepts().split(","))),
                config.getMaxConcurrency(), Duration.ofMillis(config.getStepTimeout()), config.getCollect(),
                config.getCompensation(), this);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        endpoint.engine().addStep(definition);
    }

    @Override
    protected void doStop() throws Exception {
        endpoint.engine().removeStep(definition.workflow(), definition.name());
        super.doStop();
    }

    @Override
    public void invoke(StepCall call, StepCallback callback) {
        Exchange exchange = createExchange(false);
        Message message = exchange.getMessage();
        message.setBody(call.payload());
        message.setHeader(BlazenConstants.RUN_ID, call.runId());
        message.setHeader(BlazenConstants.WORKFLOW, call.workflow());
        message.setHeader(BlazenConstants.STEP, call.step());
        message.setHeader(BlazenConstants.EVENT_TYPE, call.eventType());
        message.setHeader(BlazenConstants.IDEMPOTENCY_KEY, call.idempotencyKey());
        // straight into the variable map: setVariable would first try to turn the context into a stream cache
        exchange.getVariables().put(BlazenConstants.CONTEXT_VARIABLE, call.context());
        getAsyncProcessor().process(exchange, doneSync -> {
            try {
                Throwable error = exchange.getException();
                callback.done(error == null ? output(exchange) : null, error);
            } finally {
                releaseExchange(exchange, false);
            }
        });
    }

    /** The body as the step's output; streams and bytes are read as text (JSON events). */
    private static Object output(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof InputStream || body instanceof Reader || body instanceof StreamCache || body instanceof byte[]) {
            return exchange.getMessage().getBody(String.class);
        }
        return body;
    }
}
