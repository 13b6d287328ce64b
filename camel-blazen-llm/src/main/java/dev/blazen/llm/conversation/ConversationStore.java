package dev.blazen.llm.conversation;

import dev.blazen.llm.chat.ChatMessage;

import java.util.List;

/**
 * Where conversation histories live, keyed by a conversation (memory) id. The contract is small on purpose so that
 * a Redis list or a JDBC table fits behind it: {@link #append} adds to the end atomically per call, {@link #load}
 * returns the history oldest first, and an unknown id is an empty history. Implementations are thread-safe.
 */
public interface ConversationStore {

    /** The stored history of {@code conversationId}, oldest first; empty when there is none. */
    List<ChatMessage> load(String conversationId);

    /** Appends messages, in order, to the end of the history. */
    void append(String conversationId, List<ChatMessage> messages);

    /** Forgets the conversation. */
    void clear(String conversationId);
}
