package dev.blazen.llm.window;

import dev.blazen.llm.chat.ChatMessage;

import java.util.List;

/**
 * Counts the tokens a conversation takes in a model's context: each message's own tokens plus a fixed overhead per
 * conversation (the reply priming). Implementations are thread-safe.
 */
public interface TokenCounter {

    /** The tokens of one message, its role and separator overhead included. */
    int countMessage(ChatMessage message);

    /** Tokens a non-empty conversation costs on top of its messages. */
    int conversationOverhead();

    /** The tokens of a whole conversation; an empty one costs nothing. */
    default int count(List<ChatMessage> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        int total = conversationOverhead();
        for (ChatMessage message : messages) {
            total += countMessage(message);
        }
        return total;
    }
}
