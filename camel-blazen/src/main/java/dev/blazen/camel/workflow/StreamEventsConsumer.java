package dev.blazen.camel.workflow;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.camel.workflow.event.InputRequestEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code blazen:stream-events:workflow}: every stream event of every run of the workflow, in the order each run wrote
 * them. Delivery is lossless: events wait in a bounded buffer and, when it is full, the writing step waits for this
 * consumer (Blazen drops events for slow subscribers instead).
 */
public class StreamEventsConsumer extends DefaultConsumer implements EventStreamListener {

    private final BlazenEndpoint endpoint;
    private BlockingQueue<StreamItem> buffer;
    private ExecutorService delivery;
    private AutoCloseable subscription;
    private volatile boolean running;

    public StreamEventsConsumer(BlazenEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        buffer = new ArrayBlockingQueue<>(endpoint.getConfiguration().getStreamBufferSize());
        running = true;
        delivery = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "BlazenStream[" + endpoint.workflowName() + "]");
        delivery.execute(this::deliverLoop);
        subscription = endpoint.engine().subscribe(endpoint.workflowName(), this);
    }

    @Override
    protected void doStop() throws Exception {
        if (subscription != null) {
            subscription.close();
        }
        running = false;
        if (delivery != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(delivery);
        }
        super.doStop();
    }

    @Override
    public void onEvent(String workflow, String runId, String eventType, Object event) throws InterruptedException {
        StreamItem item = new StreamItem(workflow, runId, eventType, event);
        // wait for room while this consumer runs; once stopped, runs that still hold it must not wait for it
        while (running) {
            if (buffer.offer(item, 50, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private void deliverLoop() {
        while (running) {
            StreamItem item;
            try {
                item = buffer.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Exchange exchange = createExchange(false);
            try {
                Message message = exchange.getMessage();
                message.setBody(item.event());
                message.setHeader(BlazenConstants.RUN_ID, item.runId());
                message.setHeader(BlazenConstants.WORKFLOW, item.workflow());
                message.setHeader(BlazenConstants.EVENT_TYPE, item.eventType());
                if (item.event() instanceof InputRequestEvent request) {
                    message.setHeader(BlazenConstants.REQUEST_ID, request.requestId());
                }
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("Error processing stream event", exchange, exchange.getException());
            }
            releaseExchange(exchange, false);
        }
    }

    private record StreamItem(String workflow, String runId, String eventType, Object event) {
    }
}
