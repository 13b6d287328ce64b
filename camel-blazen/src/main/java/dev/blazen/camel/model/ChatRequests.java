package dev.blazen.camel.model;

import dev.blazen.camel.BlazenConfiguration;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.error.ValidationError;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns an exchange into a completion request: the body is a String (one user message), a ChatMessage, a List of
 * them, or a CompletionRequest; the endpoint's options fill what the request leaves open, and the CamelBlazenModel
 * header overrides the model name.
 */
public final class ChatRequests {

    private ChatRequests() {
    }

    public static CompletionRequest from(Exchange exchange, BlazenConfiguration configuration) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        if (!(body instanceof CompletionRequest || body instanceof ChatMessage || body instanceof Collection<?>)) {
            body = message.getBody(String.class); // streams, bytes and other text-like bodies
        }
        return request(body, "body", configuration, message.getHeader(BlazenConstants.MODEL, String.class));
    }

    /** One conversation from a body or a batch item, with the endpoint's defaults applied. */
    public static CompletionRequest request(Object value, String where, BlazenConfiguration configuration, String modelOverride) {
        CompletionRequest request;
        if (value instanceof CompletionRequest given) {
            request = given;
        } else if (value instanceof ChatMessage single) {
            request = CompletionRequest.of(single);
        } else if (value instanceof Collection<?> many) {
            List<ChatMessage> messages = new ArrayList<>(many.size());
            for (Object item : many) {
                if (!(item instanceof ChatMessage chat)) {
                    throw new ValidationError(where, "a List must hold ChatMessage objects, found "
                            + (item == null ? "null" : item.getClass().getName()));
                }
                messages.add(chat);
            }
            request = CompletionRequest.of(messages);
        } else if (value instanceof CharSequence text && !text.toString().isBlank()) {
            request = CompletionRequest.of(ChatMessage.user(text.toString()));
        } else {
            throw new ValidationError(where, "the prompt is empty or not a conversation: send a String, a ChatMessage, a "
                    + "List of them or a CompletionRequest" + (value == null ? "" : " (got " + value.getClass().getName() + ")"));
        }
        return withDefaults(request, configuration, modelOverride);
    }

    private static CompletionRequest withDefaults(CompletionRequest request, BlazenConfiguration configuration,
            String modelOverride) {
        if (configuration.getSystemPrompt() != null && request.messages().stream().noneMatch(m -> m.role() == Role.SYSTEM)) {
            request = request.withSystemPrompt(configuration.getSystemPrompt());
        }
        if (request.temperature() == null && configuration.getTemperature() != null) {
            request = request.withTemperature(configuration.getTemperature());
        }
        if (request.maxTokens() == null && configuration.getMaxTokens() != null) {
            request = request.withMaxTokens(configuration.getMaxTokens());
        }
        if (request.topP() == null && configuration.getTopP() != null) {
            request = request.withTopP(configuration.getTopP());
        }
        if (modelOverride != null && !modelOverride.isBlank()) {
            request = request.withModel(modelOverride);
        }
        return request;
    }
}
