package dev.blazen.camel.workflow.checkpoint;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ABSENT;
import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ANY_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link CheckpointStore} shares. A store's test extends this, opens a fresh, empty store in
 * {@link #open()} and, when it persists, opens the same store again in {@link #reopen}.
 */
public abstract class CheckpointStoreContract {

    protected CheckpointStore store;

    /** A new, empty store. */
    protected abstract CheckpointStore open() throws Exception;

    /** The same store after {@code closed} was closed, or null when the store does not persist. */
    protected CheckpointStore reopen(CheckpointStore closed) throws Exception {
        return null;
    }

    @BeforeEach
    void openStore() throws Exception {
        store = open();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putThenGet() {
        assertThat(store.get("run:a")).isEmpty();
        assertThat(store.put("run:a", bytes("one"), ABSENT)).isEqualTo(1);
        Checkpoint read = store.get("run:a").orElseThrow();
        assertThat(read.key()).isEqualTo("run:a");
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.data()).isEqualTo(bytes("one"));
    }

    @Test
    void everyWriteBumpsTheVersion() {
        store.put("k", bytes("1"), ABSENT);
        assertThat(store.put("k", bytes("2"), 1)).isEqualTo(2);
        assertThat(store.put("k", bytes("3"), ANY_VERSION)).isEqualTo(3);
        assertThat(store.get("k").orElseThrow().data()).isEqualTo(bytes("3"));
    }

    @Test
    void aStaleVersionIsAConflictAndChangesNothing() {
        store.put("k", bytes("1"), ABSENT);
        store.put("k", bytes("2"), 1);
        assertThatThrownBy(() -> store.put("k", bytes("stale"), 1))
                .isInstanceOf(CheckpointConflictException.class)
                .satisfies(e -> {
                    CheckpointConflictException conflict = (CheckpointConflictException) e;
                    assertThat(conflict.key()).isEqualTo("k");
                    assertThat(conflict.expectedVersion()).isEqualTo(1);
                    assertThat(conflict.actualVersion()).isEqualTo(2);
                });
        assertThatThrownBy(() -> store.put("k", bytes("new"), ABSENT)).isInstanceOf(CheckpointConflictException.class);
        assertThatThrownBy(() -> store.put("missing", bytes("x"), 4)).isInstanceOf(CheckpointConflictException.class)
                .satisfies(e -> assertThat(((CheckpointConflictException) e).actualVersion()).isZero());
        assertThat(store.get("k").orElseThrow().data()).isEqualTo(bytes("2"));
        assertThat(store.get("missing")).isEmpty();
    }

    @Test
    void deleteChecksTheVersion() {
        store.put("k", bytes("1"), ABSENT);
        assertThatThrownBy(() -> store.delete("k", 7)).isInstanceOf(CheckpointConflictException.class);
        assertThat(store.get("k")).isPresent();
        assertThat(store.delete("k", 1)).isTrue();
        assertThat(store.get("k")).isEmpty();
        assertThat(store.delete("k", ANY_VERSION)).isFalse();
        assertThatThrownBy(() -> store.delete("k", 1)).isInstanceOf(CheckpointConflictException.class);
        store.put("j", bytes("1"), ABSENT);
        assertThat(store.delete("j", ANY_VERSION)).isTrue();
    }

    @Test
    void aDeletedKeyStartsAgainAtVersionOne() {
        store.put("k", bytes("1"), ABSENT);
        store.put("k", bytes("2"), 1);
        store.delete("k", 2);
        assertThat(store.put("k", bytes("again"), ABSENT)).isEqualTo(1);
    }

    @Test
    void keysByPrefix() {
        store.put("run:1", bytes("a"), ABSENT);
        store.put("run:2", bytes("b"), ABSENT);
        store.put("node:x", bytes("c"), ABSENT);
        store.put("run:3", bytes("d"), ABSENT);
        store.delete("run:3", ANY_VERSION);
        assertThat(store.keys("run:")).containsExactlyInAnyOrder("run:1", "run:2");
        assertThat(store.keys("")).containsExactlyInAnyOrder("run:1", "run:2", "node:x");
        assertThat(store.keys("nothing:")).isEmpty();
    }

    @Test
    void prefixesAreLiteral() {
        store.put("a*b:1", bytes("x"), ABSENT);
        store.put("a%b:2", bytes("x"), ABSENT);
        store.put("a_b:3", bytes("x"), ABSENT);
        store.put("axb:4", bytes("x"), ABSENT);
        assertThat(store.keys("a*b")).containsExactly("a*b:1");
        assertThat(store.keys("a%b")).containsExactly("a%b:2");
        assertThat(store.keys("a_b")).containsExactly("a_b:3");
    }

    @Test
    void everyByteValueAndEmptyDataRoundTrip() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        store.put("binary", all, ABSENT);
        store.put("empty", new byte[0], ABSENT);
        assertThat(store.get("binary").orElseThrow().data()).isEqualTo(all);
        assertThat(store.get("empty").orElseThrow().data()).isEmpty();
    }

    @Test
    void largeRecords() {
        byte[] big = new byte[4 * 1024 * 1024];
        new Random(7).nextBytes(big);
        store.put("big", big, ABSENT);
        assertThat(store.get("big").orElseThrow().data()).isEqualTo(big);
    }

    @Test
    void unicodeKeys() {
        store.put("run:über/日本", bytes("x"), ABSENT);
        assertThat(store.get("run:über/日本")).isPresent();
        assertThat(store.keys("run:über")).containsExactly("run:über/日本");
    }

    @Test
    void callersCannotChangeWhatWasStored() {
        byte[] data = bytes("original");
        store.put("k", data, ABSENT);
        data[0] = 'X';
        byte[] read = store.get("k").orElseThrow().data();
        read[1] = 'Y';
        assertThat(store.get("k").orElseThrow().data()).isEqualTo(bytes("original"));
    }

    @Test
    void badKeysAreRejectedByName() {
        assertThatThrownBy(() -> store.put("", bytes("x"), ABSENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> store.put("a\nb", bytes("x"), ABSENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> store.get("x".repeat(CheckpointStore.MAX_KEY_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThat(store.keys("")).isEmpty();
    }

    /** Many writers incrementing one counter with compare-and-set lose no increment. */
    @Test
    void compareAndSetUnderContention() throws Exception {
        store.put("counter", bytes("0"), ABSENT);
        int threads = 4;
        int perThread = 50;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        while (true) {
                            Checkpoint current = store.get("counter").orElseThrow();
                            int value = Integer.parseInt(new String(current.data(), StandardCharsets.UTF_8));
                            try {
                                store.put("counter", bytes(Integer.toString(value + 1)), current.version());
                                break;
                            } catch (CheckpointConflictException e) {
                                conflicts.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Checkpoint last = store.get("counter").orElseThrow();
        assertThat(new String(last.data(), StandardCharsets.UTF_8)).isEqualTo(Integer.toString(threads * perThread));
        assertThat(last.version()).isEqualTo(threads * perThread + 1L);
    }

    @Test
    void recordsSurviveAReopen() throws Exception {
        store.put("kept", bytes("v1"), ABSENT);
        store.put("kept", bytes("v2"), 1);
        store.put("gone", bytes("x"), ABSENT);
        store.delete("gone", 1);
        store.close();
        CheckpointStore reopened = reopen(store);
        if (reopened == null) {
            store = null;
            return; // this store does not persist
        }
        store = reopened;
        Checkpoint kept = store.get("kept").orElseThrow();
        assertThat(kept.version()).isEqualTo(2);
        assertThat(kept.data()).isEqualTo(bytes("v2"));
        assertThat(store.get("gone")).isEmpty();
        assertThat(store.keys("")).containsExactly("kept");
        assertThat(store.put("kept", bytes("v3"), 2)).isEqualTo(3);
    }

    @Test
    void closeIsIdempotent() {
        store.close();
        store.close();
        store = null;
    }
}
