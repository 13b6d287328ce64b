package dev.blazen.llm.conversation;

import dev.blazen.llm.chat.ChatMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Histories in this JVM's heap, bounded twice so a busy service cannot grow it without limit: at most {@code
 * maxConversations} conversations (the least recently used one, by load or append, is dropped first) and at most
 * {@code maxMessagesPerConversation} messages each (the oldest are dropped first). Thread-safe.
 */
public final class InMemoryConversationStore implements ConversationStore {

    public static final int DEFAULT_MAX_CONVERSATIONS = 10_000;
    public static final int DEFAULT_MAX_MESSAGES = 1_000;

    private final int maxMessagesPerConversation;
    private final LinkedHashMap<String, List<ChatMessage>> conversations;

    public InMemoryConversationStore() {
        this(DEFAULT_MAX_CONVERSATIONS, DEFAULT_MAX_MESSAGES);
    }

    public InMemoryConversationStore(int maxConversations, int maxMessagesPerConversation) {
        if (maxConversations <= 0 || maxMessagesPerConversation <= 0) {
            throw new IllegalArgumentException("the bounds must be positive");
        }
        this.maxMessagesPerConversation = maxMessagesPerConversation;
        this.conversations = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<ChatMessage>> eldest) {
                return size() > maxConversations;
            }
        };
    }

    @Override
    public synchronized List<ChatMessage> load(String conversationId) {
        List<ChatMessage> history = conversations.get(conversationId);
        return history == null ? List.of() : List.copyOf(history);
    }

    @Override
    public synchronized void append(String conversationId, List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<ChatMessage> history = conversations.computeIfAbsent(conversationId, id -> new ArrayList<>());
        history.addAll(messages);
        int excess = history.size() - maxMessagesPerConversation;
        if (excess > 0) {
            history.subList(0, excess).clear();
        }
    }

    @Override
    public synchronized void clear(String conversationId) {
        conversations.remove(conversationId);
    }

    /** How many conversations are held. */
    public synchronized int size() {
        return conversations.size();
    }

    /** Whether the conversation is held, without counting as a use. */
    public synchronized boolean contains(String conversationId) {
        return conversations.containsKey(conversationId);
    }
}
