package dev.blazen.llm.window;

import dev.blazen.llm.chat.ChatMessage;

import java.nio.charset.StandardCharsets;

/**
 * Blazen's estimate: {@code 4 + ceil(utf8_bytes / charsPerToken)} per message and 3 per conversation, with 3.5
 * characters per token by default (close to OpenAI's BPE for English; lower it for code or CJK text). Image and
 * file parts cost {@code tokensPerMediaPart} each (85 by default, OpenAI's low-detail image price), since their
 * bytes say nothing about their tokens.
 */
public final class EstimatingTokenCounter implements TokenCounter {

    public static final double DEFAULT_CHARS_PER_TOKEN = 3.5;
    public static final int MESSAGE_OVERHEAD = 4;
    public static final int CONVERSATION_OVERHEAD = 3;
    public static final int DEFAULT_TOKENS_PER_MEDIA_PART = 85;

    private final double charsPerToken;
    private final int tokensPerMediaPart;

    public EstimatingTokenCounter() {
        this(DEFAULT_CHARS_PER_TOKEN, DEFAULT_TOKENS_PER_MEDIA_PART);
    }

    public EstimatingTokenCounter(double charsPerToken) {
        this(charsPerToken, DEFAULT_TOKENS_PER_MEDIA_PART);
    }

    public EstimatingTokenCounter(double charsPerToken, int tokensPerMediaPart) {
        if (!(charsPerToken > 0) || Double.isInfinite(charsPerToken)) {
            throw new IllegalArgumentException("charsPerToken must be a positive number, got " + charsPerToken);
        }
        if (tokensPerMediaPart < 0) {
            throw new IllegalArgumentException("tokensPerMediaPart must not be negative");
        }
        this.charsPerToken = charsPerToken;
        this.tokensPerMediaPart = tokensPerMediaPart;
    }

    public double charsPerToken() {
        return charsPerToken;
    }

    /** {@code ceil(utf8_bytes / charsPerToken)} for a bare text. */
    public int estimate(String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        return (int) Math.ceil(bytes / charsPerToken);
    }

    @Override
    public int countMessage(ChatMessage message) {
        return MESSAGE_OVERHEAD + estimate(CountedText.of(message)) + tokensPerMediaPart * CountedText.mediaParts(message);
    }

    @Override
    public int conversationOverhead() {
        return CONVERSATION_OVERHEAD;
    }

    @Override
    public String toString() {
        return "EstimatingTokenCounter[charsPerToken=" + charsPerToken + "]";
    }
}
