package dev.blazen.llm.chat;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A provider-agnostic chat completion request. The {@code with*} methods return changed copies.
 *
 * @param responseFormat a JSON Schema the answer must follow (structured output), or null
 * @param model          overrides the provider's default model, or null
 */
public record CompletionRequest(List<ChatMessage> messages, List<ToolDefinition> tools, Double temperature,
        Integer maxTokens, Double topP, JsonNode responseFormat, String model) {

    public CompletionRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public static CompletionRequest of(List<ChatMessage> messages) {
        return new CompletionRequest(messages, List.of(), null, null, null, null, null);
    }

    public static CompletionRequest of(ChatMessage... messages) {
        return of(List.of(messages));
    }

    public CompletionRequest withMessages(List<ChatMessage> value) {
        return new CompletionRequest(value, tools, temperature, maxTokens, topP, responseFormat, model);
    }

    /** Puts a system message first (after any existing system messages). */
    public CompletionRequest withSystemPrompt(String prompt) {
        List<ChatMessage> all = new ArrayList<>(messages.size() + 1);
        int index = 0;
        while (index < messages.size() && messages.get(index).role() == Role.SYSTEM) {
            index++;
        }
        all.addAll(messages.subList(0, index));
        all.add(ChatMessage.system(prompt));
        all.addAll(messages.subList(index, messages.size()));
        return withMessages(all);
    }

    public CompletionRequest withTools(List<ToolDefinition> value) {
        return new CompletionRequest(messages, value, temperature, maxTokens, topP, responseFormat, model);
    }

    public CompletionRequest withTemperature(Double value) {
        return new CompletionRequest(messages, tools, value, maxTokens, topP, responseFormat, model);
    }

    public CompletionRequest withMaxTokens(Integer value) {
        return new CompletionRequest(messages, tools, temperature, value, topP, responseFormat, model);
    }

    public CompletionRequest withTopP(Double value) {
        return new CompletionRequest(messages, tools, temperature, maxTokens, value, responseFormat, model);
    }

    public CompletionRequest withResponseFormat(JsonNode value) {
        return new CompletionRequest(messages, tools, temperature, maxTokens, topP, value, model);
    }

    public CompletionRequest withModel(String value) {
        return new CompletionRequest(messages, tools, temperature, maxTokens, topP, responseFormat, value);
    }
}
