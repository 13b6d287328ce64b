package dev.blazen.llm.provider.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.chat.ToolDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Defaults applied to every completion ({@code complete}, {@code completeAsync}, {@code stream}) before delegation.
 *
 * <ul>
 *   <li>{@code systemPrompt} is prepended as the first message of every request, ahead of the request's own system
 *   messages (which, coming later, refine it); it is not added twice when the request already starts with the same
 *   system text.</li>
 *   <li>{@code tools} are used only when the request has no tools: a request that lists tools means exactly those.</li>
 *   <li>{@code responseFormat} is used only when the request has none.</li>
 *   <li>{@code before} is a typed hook run after the three values above are applied; it returns the request to send
 *   (null keeps the request).</li>
 * </ul>
 * Every component may be null (no default).
 */
public record CompletionDefaults(String systemPrompt, List<ToolDefinition> tools, JsonNode responseFormat,
        UnaryOperator<CompletionRequest> before) {

    public static final CompletionDefaults NONE = new CompletionDefaults(null, null, null, null);

    public CompletionDefaults {
        tools = tools == null ? null : List.copyOf(tools);
        responseFormat = responseFormat == null ? null : responseFormat.deepCopy();
    }

    public CompletionDefaults withSystemPrompt(String value) {
        return new CompletionDefaults(value, tools, responseFormat, before);
    }

    public CompletionDefaults withTools(List<ToolDefinition> value) {
        return new CompletionDefaults(systemPrompt, value, responseFormat, before);
    }

    public CompletionDefaults withResponseFormat(JsonNode value) {
        return new CompletionDefaults(systemPrompt, tools, value, before);
    }

    /** Adds a hook that runs after the ones already set. */
    public CompletionDefaults withBefore(UnaryOperator<CompletionRequest> hook) {
        UnaryOperator<CompletionRequest> first = before;
        UnaryOperator<CompletionRequest> chained = first == null ? hook : request -> {
            CompletionRequest changed = keep(request, first.apply(request));
            return keep(changed, hook.apply(changed));
        };
        return new CompletionDefaults(systemPrompt, tools, responseFormat, chained);
    }

    /** The request with these defaults applied. */
    public CompletionRequest apply(CompletionRequest request) {
        CompletionRequest result = request;
        if (systemPrompt != null && !startsWithSystem(result.messages(), systemPrompt)) {
            List<ChatMessage> messages = new ArrayList<>(result.messages().size() + 1);
            messages.add(ChatMessage.system(systemPrompt));
            messages.addAll(result.messages());
            result = result.withMessages(messages);
        }
        if (tools != null && result.tools().isEmpty()) {
            result = result.withTools(tools);
        }
        if (responseFormat != null && result.responseFormat() == null) {
            result = result.withResponseFormat(responseFormat.deepCopy());
        }
        if (before != null) {
            result = keep(result, before.apply(result));
        }
        return result;
    }

    private static boolean startsWithSystem(List<ChatMessage> messages, String text) {
        return !messages.isEmpty() && messages.get(0).role() == Role.SYSTEM && text.equals(messages.get(0).text());
    }

    private static CompletionRequest keep(CompletionRequest original, CompletionRequest replacement) {
        return replacement == null ? original : replacement;
    }
}
