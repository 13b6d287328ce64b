package dev.blazen.llm.conversation;

import dev.blazen.llm.chat.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryConversationStoreTest {

    @Test
    void appendsInOrderAndAnUnknownConversationIsEmpty() {
        InMemoryConversationStore store = new InMemoryConversationStore();
        assertThat(store.load("nobody")).isEmpty();

        store.append("c", List.of(ChatMessage.user("q1"), ChatMessage.assistant("a1")));
        store.append("c", List.of(ChatMessage.user("q2")));

        assertThat(store.load("c")).extracting(ChatMessage::text).containsExactly("q1", "a1", "q2");
        store.clear("c");
        assertThat(store.load("c")).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedConversationIsDroppedBeyondTheBound() {
        InMemoryConversationStore store = new InMemoryConversationStore(2, 100);
        store.append("a", List.of(ChatMessage.user("a")));
        store.append("b", List.of(ChatMessage.user("b")));
        store.load("a"); // a is now more recent than b

        store.append("c", List.of(ChatMessage.user("c")));

        assertThat(store.size()).isEqualTo(2);
        assertThat(store.contains("b")).isFalse();
        assertThat(store.load("a")).hasSize(1);
        assertThat(store.load("c")).hasSize(1);
    }

    @Test
    void aConversationKeepsItsNewestMessagesWithinTheBound() {
        InMemoryConversationStore store = new InMemoryConversationStore(10, 3);
        store.append("c", List.of(ChatMessage.user("1"), ChatMessage.user("2")));
        store.append("c", List.of(ChatMessage.user("3"), ChatMessage.user("4"), ChatMessage.user("5")));

        assertThat(store.load("c")).extracting(ChatMessage::text).containsExactly("3", "4", "5");
    }

    @Test
    void loadedHistoriesAreSnapshots() {
        InMemoryConversationStore store = new InMemoryConversationStore();
        store.append("c", List.of(ChatMessage.user("1")));
        List<ChatMessage> before = store.load("c");

        store.append("c", List.of(ChatMessage.user("2")));

        assertThat(before).hasSize(1);
    }

    @Test
    void concurrentAppendsLoseNothingAndKeepEachWritersOrder() throws Exception {
        int threads = 8;
        int appends = 250;
        int conversations = 4;
        InMemoryConversationStore store = new InMemoryConversationStore(conversations, threads * appends * 2);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < appends; i++) {
                        String id = "c" + (i % conversations);
                        store.append(id, List.of(ChatMessage.user(writer + ":" + i), ChatMessage.assistant(writer + ":" + i)));
                        store.load(id);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        int total = 0;
        for (int c = 0; c < conversations; c++) {
            List<ChatMessage> history = store.load("c" + c);
            total += history.size();
            int[] last = new int[threads];
            java.util.Arrays.fill(last, -1);
            for (int i = 0; i < history.size(); i += 2) {
                // each append's two messages stay together and each writer's appends stay in order
                assertThat(history.get(i + 1).text()).isEqualTo(history.get(i).text());
                String[] parts = history.get(i).text().split(":");
                int writer = Integer.parseInt(parts[0]);
                int seq = Integer.parseInt(parts[1]);
                assertThat(seq).isGreaterThan(last[writer]);
                assertThat(seq % conversations).isEqualTo(c);
                last[writer] = seq;
            }
        }
        assertThat(total).isEqualTo(threads * appends * 2);
    }
}
