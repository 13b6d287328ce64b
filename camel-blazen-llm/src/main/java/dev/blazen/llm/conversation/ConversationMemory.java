package dev.blazen.llm.conversation;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.CompletionModel;
import dev.blazen.llm.chat.CompletionRequest;
import dev.blazen.llm.chat.CompletionResponse;
import dev.blazen.llm.chat.Role;
import dev.blazen.llm.window.ChatWindow;
import dev.blazen.llm.window.EstimatingTokenCounter;
import dev.blazen.llm.window.TokenCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Multi-turn memory for single-shot requests: {@link #withHistory} puts the stored history of a conversation
 * between the request's system messages and its new messages, keeping the whole within {@code maxTokens} by
 * dropping the oldest history first (through a {@link ChatWindow}); {@link #record} stores the exchange once the
 * answer is in. The request's own messages are always kept whole, even when they alone exceed the budget. System
 * messages are not stored: each request brings its own.
 */
public final class ConversationMemory {

    private final ConversationStore store;
    private final int maxTokens;
    private final TokenCounter counter;

    public ConversationMemory(ConversationStore store, int maxTokens) {
        this(store, maxTokens, new EstimatingTokenCounter());
    }

    public ConversationMemory(ConversationStore store, int maxTokens, TokenCounter counter) {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.maxTokens = maxTokens;
        this.counter = Objects.requireNonNull(counter, "counter");
    }

    /** The request with the conversation's history, windowed to the token budget, before its new messages. */
    public CompletionRequest withHistory(String conversationId, CompletionRequest request) {
        List<ChatMessage> system = new ArrayList<>();
        List<ChatMessage> fresh = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            (message.role() == Role.SYSTEM ? system : fresh).add(message);
        }
        int freshTokens = fresh.stream().mapToInt(counter::countMessage).sum();
        // the new messages are placed after the window, so the window gets what they leave of the budget
        ChatWindow window = new ChatWindow(Math.max(1, maxTokens - freshTokens), counter);
        window.addAll(system);
        window.addAll(store.load(conversationId));
        List<ChatMessage> messages = new ArrayList<>(dropOrphanToolResults(window.messages()));
        messages.addAll(fresh);
        return request.withMessages(messages);
    }

    /** Stores the new (non-system) messages of the original request and the answer. */
    public void record(String conversationId, CompletionRequest originalRequest, CompletionResponse response) {
        List<ChatMessage> exchange = new ArrayList<>();
        for (ChatMessage message : originalRequest.messages()) {
            if (message.role() != Role.SYSTEM) {
                exchange.add(message);
            }
        }
        exchange.add(response.toolCalls().isEmpty() ? ChatMessage.assistant(response.content())
                : ChatMessage.assistantToolCalls(response.content(), response.toolCalls()));
        store.append(conversationId, exchange);
    }

    /** Stores messages as they are (e.g. an agent's turns with their tool calls and results); system ones skipped. */
    public void record(String conversationId, List<ChatMessage> exchange) {
        store.append(conversationId, exchange.stream().filter(m -> m.role() != Role.SYSTEM).toList());
    }

    /** One remembered turn: history in, the model's answer recorded. */
    public CompletionResponse complete(CompletionModel model, String conversationId, CompletionRequest request) {
        CompletionResponse response = model.complete(withHistory(conversationId, request));
        record(conversationId, request, response);
        return response;
    }

    public List<ChatMessage> history(String conversationId) {
        return store.load(conversationId);
    }

    public void clear(String conversationId) {
        store.clear(conversationId);
    }

    /**
     * Eviction works message by message, so it can remove an assistant's tool calls and leave their results at the
     * head of the history, which providers reject; those results go too.
     */
    private static List<ChatMessage> dropOrphanToolResults(List<ChatMessage> messages) {
        List<ChatMessage> kept = new ArrayList<>(messages.size());
        boolean head = true;
        for (ChatMessage message : messages) {
            if (message.role() == Role.SYSTEM) {
                kept.add(message);
            } else if (!head || message.role() != Role.TOOL) {
                head = false;
                kept.add(message);
            }
        }
        return kept;
    }
}
