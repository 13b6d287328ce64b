package dev.blazen.llm.window;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.chat.Role;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A rolling buffer of messages kept within a token budget (Blazen's {@code ChatWindow}). When an added message
 * pushes the total over the budget, the oldest non-system messages are removed, each in full, until it fits again.
 * System messages are never removed, so a window whose system messages alone exceed the budget stays over it; a
 * message too large to fit even after every other non-system message is gone is removed as well, and {@link
 * #add(ChatMessage)} returns it among the evicted. Thread-safe.
 */
public final class ChatWindow {

    private record Counted(ChatMessage message, int tokens) {
    }

    private final int maxTokens;
    private final TokenCounter counter;
    private final List<Counted> entries = new ArrayList<>();
    private int messageTokens;

    /** A window counting with the default estimator (3.5 characters per token). */
    public ChatWindow(int maxTokens) {
        this(maxTokens, new EstimatingTokenCounter());
    }

    public ChatWindow(int maxTokens, TokenCounter counter) {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        if (counter == null) {
            throw new IllegalArgumentException("a window needs a token counter");
        }
        this.maxTokens = maxTokens;
        this.counter = counter;
    }

    /** A new window with the same budget and messages, estimating with another characters-per-token ratio. */
    public ChatWindow withCharsPerToken(double charsPerToken) {
        ChatWindow copy = new ChatWindow(maxTokens, new EstimatingTokenCounter(charsPerToken));
        copy.addAll(messages());
        return copy;
    }

    /** Appends a message and evicts what no longer fits; returns the evicted messages, oldest first. */
    public synchronized List<ChatMessage> add(ChatMessage message) {
        entries.add(new Counted(message, counter.countMessage(message)));
        messageTokens += entries.get(entries.size() - 1).tokens();
        return evictToFit();
    }

    /** Appends messages in order and returns everything evicted on the way, oldest first. */
    public synchronized List<ChatMessage> addAll(Collection<ChatMessage> messages) {
        List<ChatMessage> evicted = new ArrayList<>();
        for (ChatMessage message : messages) {
            evicted.addAll(add(message));
        }
        return evicted;
    }

    /** The messages in the order they were added. */
    public synchronized List<ChatMessage> messages() {
        return entries.stream().map(Counted::message).toList();
    }

    /** The tokens of the current messages as the counter reckons them (0 when empty). */
    public synchronized int tokenCount() {
        return entries.isEmpty() ? 0 : counter.conversationOverhead() + messageTokens;
    }

    /** Tokens left in the budget; 0 when system messages alone exceed it. */
    public synchronized int remaining() {
        return Math.max(0, maxTokens - tokenCount());
    }

    public int maxTokens() {
        return maxTokens;
    }

    public TokenCounter counter() {
        return counter;
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Drops every message, system messages included. */
    public synchronized void clear() {
        entries.clear();
        messageTokens = 0;
    }

    private List<ChatMessage> evictToFit() {
        List<ChatMessage> evicted = new ArrayList<>();
        int index = 0;
        while (tokenCount() > maxTokens) {
            while (index < entries.size() && entries.get(index).message().role() == Role.SYSTEM) {
                index++;
            }
            if (index == entries.size()) {
                break;
            }
            Counted oldest = entries.remove(index);
            messageTokens -= oldest.tokens();
            evicted.add(oldest.message());
        }
        return evicted;
    }
}
