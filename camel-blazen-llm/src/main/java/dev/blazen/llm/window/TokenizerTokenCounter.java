package dev.blazen.llm.window;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.error.ValidationError;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Exact token counts from a HuggingFace {@code tokenizer.json} (through DJL's binding of the Rust tokenizers, whose
 * native library ships inside the DJL jar). Counts the message text without special tokens, truncation or padding,
 * and adds the same per-message and per-conversation overheads as the estimator, which the chat format adds on top
 * of the text. Image and file parts cost {@code tokensPerMediaPart} each. Close it to free the native tokenizer.
 */
public final class TokenizerTokenCounter implements TokenCounter, AutoCloseable {

    private static final Map<String, String> COUNT_ONLY = Map.of(
            "addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final int messageOverhead;
    private final int conversationOverhead;
    private final int tokensPerMediaPart;

    private TokenizerTokenCounter(HuggingFaceTokenizer tokenizer, int messageOverhead, int conversationOverhead,
            int tokensPerMediaPart) {
        this.tokenizer = tokenizer;
        this.messageOverhead = messageOverhead;
        this.conversationOverhead = conversationOverhead;
        this.tokensPerMediaPart = tokensPerMediaPart;
    }

    /** A counter for the tokenizer.json at {@code file}, with the estimator's overheads. */
    public static TokenizerTokenCounter fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ValidationError("tokenizer", "no tokenizer.json at " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return fromStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + file, e);
        }
    }

    /** A counter for a tokenizer.json on the classpath, e.g. inside a model jar. */
    public static TokenizerTokenCounter fromClasspath(String resource, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ValidationError("tokenizer", "no tokenizer resource " + resource + " on the classpath");
            }
            return fromStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer resource " + resource, e);
        }
    }

    /** Reads a tokenizer.json; the stream is not closed. */
    public static TokenizerTokenCounter fromStream(InputStream tokenizerJson) throws IOException {
        return new TokenizerTokenCounter(HuggingFaceTokenizer.newInstance(tokenizerJson, COUNT_ONLY),
                EstimatingTokenCounter.MESSAGE_OVERHEAD, EstimatingTokenCounter.CONVERSATION_OVERHEAD,
                EstimatingTokenCounter.DEFAULT_TOKENS_PER_MEDIA_PART);
    }

    /** A copy sharing the tokenizer (closing either closes both) with other format overheads. */
    public TokenizerTokenCounter withOverheads(int perMessage, int perConversation, int perMediaPart) {
        return new TokenizerTokenCounter(tokenizer, perMessage, perConversation, perMediaPart);
    }

    /** The tokens of a bare text. */
    public int countText(String text) {
        return text.isEmpty() ? 0 : tokenizer.encode(text, false, false).getIds().length;
    }

    @Override
    public int countMessage(ChatMessage message) {
        return messageOverhead + countText(CountedText.of(message))
                + tokensPerMediaPart * CountedText.mediaParts(message);
    }

    @Override
    public int conversationOverhead() {
        return conversationOverhead;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
