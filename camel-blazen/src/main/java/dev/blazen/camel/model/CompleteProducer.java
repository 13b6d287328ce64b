package dev.blazen.camel.model;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.BlazenEndpoint;
import dev.blazen.llm.conversation.ConversationMemory;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code blazen:complete}: one chat completion. The result is the answer's text; when the model only asked for tools
 * (no text) it is the whole CompletionResponse. No thread waits for the network when the provider is asynchronous.
 */
public class CompleteProducer extends ModelProducer {

    public CompleteProducer(BlazenEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        CompletableFuture<CompletionResponse> future;
        try {
            CompletionRequest request = ChatRequests.from(exchange, endpoint.getConfiguration());
            String memoryId = exchange.getMessage().getHeader(BlazenConstants.MEMORY_ID, String.class);
            if (memoryId == null) {
                future = provider.completeAsync(request);
            } else {
                // the conversation's earlier turns go first; this turn is remembered once answered
                ConversationMemory memory = ((BlazenComponent) endpoint.getComponent()).conversationMemory();
                future = provider.completeAsync(memory.withHistory(memoryId, request)).thenApply(response -> {
                    memory.record(memoryId, request, response);
                    return response;
                });
            }
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        future.whenComplete((response, error) -> {
            if (error != null) {
                exchange.setException(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            } else {
                ModelHeaders.write(exchange.getMessage(), response.model(), response.finishReason(), response.usage(), response.cost());
                setResult(exchange, response.content() == null && !response.toolCalls().isEmpty() ? response : response.content());
            }
            callback.done(false);
        });
        return false;
    }
}
