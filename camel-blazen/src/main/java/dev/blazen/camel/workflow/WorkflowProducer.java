package dev.blazen.camel.workflow;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;


/**
 * {@code blazen:workflow:name}: starts a run with the body as the StartEvent data. By default the exchange continues
 * when the run ends, with the StopEvent result as body (or in {@code resultVariable}); with {@code async=true} it
 * continues with the run id once the run is safely started (for a durable run: its first checkpoint is durable).
 * Either way the {@code CamelBlazenRunId} header carries the run id. The thread is not held while the run is going.
 */
public class WorkflowProducer extends DefaultAsyncProducer {

    private final BlazenEndpoint endpoint;
    private final RunOptions options;

    public WorkflowProducer(BlazenEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.options = endpoint.runOptions();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        WorkflowHandler handler;
        try {
            handler = endpoint.engine().start(endpoint.workflowName(), exchange.getMessage().getBody(), options);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        Message message = exchange.getMessage();
        message.setHeader(BlazenConstants.RUN_ID, handler.runId());
        message.setHeader(BlazenConstants.WORKFLOW, handler.workflow());
        if (endpoint.getConfiguration().isAsync()) {
            // the run id is an acknowledgement: a durable run is answered once its start is on disk
            return endpoint.continueWhenDone(exchange, handler.accepted().thenApply(started -> handler.runId()), callback);
        }
        return endpoint.continueWhenDone(exchange, handler.result(), callback);
    }
}
