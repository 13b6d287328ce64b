package dev.blazen.camel.workflow;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.snapshot.CompletedStep;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;

/**
 * Calls a step's compensation endpoint the way Camel's Saga EIP calls one: the step's input as body, the run id as
 * the {@code Long-Running-Action} header, plus the run, workflow, step and idempotency key headers (a compensation
 * can run again after a crash, so it should de-duplicate with the key).
 */
public final class RouteCompensator implements Compensator, AutoCloseable {

    private final CamelContext camelContext;
    private volatile ProducerTemplate template;

    public RouteCompensator(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public void compensate(String workflow, String runId, CompletedStep step, Throwable cause) throws Exception {
        Exchange exchange = template().send(step.compensation(), ExchangePattern.InOut, e -> {
            e.getMessage().setBody(step.payload());
            e.getMessage().setHeader(Exchange.SAGA_LONG_RUNNING_ACTION, runId);
            e.getMessage().setHeader(BlazenConstants.RUN_ID, runId);
            e.getMessage().setHeader(BlazenConstants.WORKFLOW, workflow);
            e.getMessage().setHeader(BlazenConstants.STEP, step.step());
            e.getMessage().setHeader(BlazenConstants.IDEMPOTENCY_KEY, step.idempotencyKey());
            e.setProperty(Exchange.EXCEPTION_CAUGHT, cause);
        });
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
    }

    @Override
    public synchronized void close() {
        if (template != null) {
            template.stop();
            template = null;
        }
    }

    private ProducerTemplate template() {
        ProducerTemplate current = template;
        if (current == null) {
            synchronized (this) {
                if (template == null) {
                    template = camelContext.createProducerTemplate();
                }
                current = template;
            }
        }
        return current;
    }
}
