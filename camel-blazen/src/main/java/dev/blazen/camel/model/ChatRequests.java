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
final class ChatRequests {

    private ChatRequests() {
    }

    static CompletionRequest from(Exchange exchange, BlazenConfiguration configuration) {
        Message message = exchange.getMessage();
        Object body = message.getBody();
        CompletionRequest request;
        if (body instanceof CompletionRequest given) {
            request = given;
        } else if (body instanceof ChatMessage single) {
            request = CompletionRequest.of(single);
        } else if (body instanceof Collection<?> many) {
            List<ChatMessage> messages = new ArrayList<>(many.size());
            for (Object item : many) {
                if (!(item instanceof ChatMessage chat)) {
                    throw new ValidationError("body", "a List body must hold ChatMessage objects, found "
                            + (item == null ? "null" : item.getClass().getName()));
                }
                messages.add(chat);
            }
            request = CompletionRequest.of(messages);
        } else {
            String text = message.getBody(String.class);
            if (text == null || text.isBlank()) {
                throw new ValidationError("body", "the prompt is empty: send a String, a ChatMessage, a List of them or a "
                        + "CompletionRequest");
            }
            request = CompletionRequest.of(ChatMessage.user(text));
        }
        return withDefaults(request, configuration, message.getHeader(BlazenConstants.MODEL, String.class));
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
