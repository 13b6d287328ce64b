package dev.blazen.camel.model;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.llm.batch.BatchRunner;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.error.ValidationError;
import dev.blazen.llm.pricing.PricingRegistry;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * {@code blazen:batch}: many independent conversations, at most {@code concurrency} in flight. The body is a List
 * whose items are what {@code blazen:complete} takes (a String, a ChatMessage, a List of them, a CompletionRequest);
 * the result is the BatchResult: per item (in input order) the response or its error, plus totals. A failed item does
 * not fail the exchange; the CamelBlazenBatchFailed header counts them.
 */
public class BatchProducer extends ModelProducer {

    public BatchProducer(BlazenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            Message message = exchange.getMessage();
            if (!(message.getBody() instanceof Collection<?> items) || items.isEmpty()) {
                throw new ValidationError("body", "blazen:batch needs a non-empty List of conversations");
            }
            String modelOverride = message.getHeader(BlazenConstants.MODEL, String.class);
            List<CompletionRequest> requests = new ArrayList<>(items.size());
            for (Object item : items) {
                requests.add(ChatRequests.request(item, "body[" + requests.size() + "]", endpoint.getConfiguration(), modelOverride));
            }
            BatchRunner.runAsync(provider, requests, endpoint.getConfiguration().getConcurrency(),
                    PricingRegistry.global()).whenComplete((result, error) -> {
                if (error != null) {
                    exchange.setException(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                } else {
                    ModelHeaders.write(message, null, null, result.totalUsage(), result.totalCost());
                    message.setHeader(BlazenConstants.BATCH_FAILED, result.failed());
                    setResult(exchange, result);
                }
                callback.done(false);
            });
            return false;
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }
}
