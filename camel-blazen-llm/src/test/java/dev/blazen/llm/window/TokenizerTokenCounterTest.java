package dev.blazen.llm.window;

import dev.blazen.llm.chat.ChatMessage;
import dev.blazen.llm.error.ValidationError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exact counts with the real all-MiniLM-L6-v2 tokenizer.json (BERT uncased WordPiece) that ships in a model jar. */
class TokenizerTokenCounterTest {

    private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    private static TokenizerTokenCounter counter;

    @BeforeAll
    static void load() {
        counter = TokenizerTokenCounter.fromClasspath(TOKENIZER, TokenizerTokenCounterTest.class.getClassLoader());
    }

    @AfterAll
    static void close() {
        counter.close();
    }

    @Test
    void countsWordPieceTokensWithoutSpecialTokens() {
        assertThat(counter.countText("")).isZero();
        assertThat(counter.countText("hello world")).isEqualTo(2);
        assertThat(counter.countText("Hello, world!")).isEqualTo(4);
        // WordPiece splits it into "token" and "##ization"
        assertThat(counter.countText("tokenization")).isEqualTo(2);
    }

    @Test
    void longTextIsNotTruncatedToTheModelsMaximumLength() {
        assertThat(counter.countText("word ".repeat(1000))).isEqualTo(1000);
    }

    @Test
    void messagesAddTheChatFormatOverheads() {
        ChatMessage message = ChatMessage.user("Hello, world!");

        assertThat(counter.countMessage(message)).isEqualTo(4 + 4);
        assertThat(counter.count(List.of(ChatMessage.system("hello world"), message))).isEqualTo(3 + 6 + 8);
        assertThat(counter.withOverheads(0, 0, 0).count(List.of(message))).isEqualTo(4);
    }

    @Test
    void aWindowEvictsByExactCountsWhereTheEstimateWouldDiffer() {
        // 47 bytes: the estimator says 4 + 14 = 18 per message, the tokenizer 4 + 8 = 12
        String text = "hello hello hello hello hello hello hello hello";
        ChatMessage system = ChatMessage.system("hello world");
        List<ChatMessage> turns = List.of(ChatMessage.user(text), ChatMessage.assistant(text),
                ChatMessage.user("Hello" + text.substring(5)));

        ChatWindow exact = new ChatWindow(33, counter);
        exact.add(system);
        exact.addAll(turns.subList(0, 2));
        assertThat(exact.tokenCount()).isEqualTo(3 + 6 + 12 + 12);
        assertThat(exact.messages()).hasSize(3);

        assertThat(exact.add(turns.get(2))).containsExactly(turns.get(0));
        assertThat(exact.messages()).containsExactly(system, turns.get(1), turns.get(2));
        assertThat(exact.tokenCount()).isEqualTo(3 + 6 + 12 + 12);

        ChatWindow estimated = new ChatWindow(33, new EstimatingTokenCounter());
        estimated.add(system);
        assertThat(estimated.addAll(turns.subList(0, 2))).containsExactly(turns.get(0));
    }

    @Test
    void countsFromManyThreadsAtOnce() throws Exception {
        List<String> texts = List.of("hello world", "Hello, world!", "tokenization", "word ".repeat(300));
        List<Integer> expected = texts.stream().map(counter::countText).toList();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int task = 0; task < 200; task++) {
                int index = task % texts.size();
                results.add(pool.submit(() -> counter.countText(texts.get(index)) == expected.get(index)));
            }
            for (var result : results) {
                assertThat(result.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected).containsExactly(2, 4, 2, 300);
    }

    @Test
    void loadsFromAFileToo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(TOKENIZER)) {
            Files.copy(in, file);
        }
        try (TokenizerTokenCounter fromFile = TokenizerTokenCounter.fromFile(file)) {
            assertThat(fromFile.countText("hello world")).isEqualTo(2);
        }
        assertThatThrownBy(() -> TokenizerTokenCounter.fromFile(dir.resolve("missing.json")))
                .isInstanceOf(ValidationError.class);
        assertThatThrownBy(() -> TokenizerTokenCounter.fromClasspath("missing.json", getClass().getClassLoader()))
                .isInstanceOf(ValidationError.class);
    }
}
