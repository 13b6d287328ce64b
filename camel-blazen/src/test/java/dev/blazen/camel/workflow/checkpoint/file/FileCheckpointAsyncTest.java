package dev.blazen.camel.workflow.checkpoint.file;

import dev.blazen.camel.workflow.checkpoint.CheckpointConflictException;
import dev.blazen.camel.workflow.checkpoint.file.CheckpointFileException.Kind;
import dev.blazen.memory.file.AppendOnlyFile;
import dev.blazen.memory.file.FsyncPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ABSENT;
import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ANY_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link FileCheckpointStore#putAsync}: the compare-and-set at once, the future after the fsync that covers it. */
class FileCheckpointAsyncTest {

    @TempDir
    Path dir;
    private final List<FileCheckpointStore> opened = new ArrayList<>();
    /** Holds the store's fsync thread before its fsyncs while closed; see {@link #holdFlusher}. */
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch flusherHeld = new CountDownLatch(1);

    @AfterEach
    void closeAll() {
        release.countDown();
        opened.forEach(FileCheckpointStore::close);
    }

    private FileCheckpointStore open() {
        return track(FileCheckpointStore.open(dir));
    }

    private FileCheckpointStore track(FileCheckpointStore store) {
        opened.add(store);
        return store;
    }

    /** Keeps the store's fsync thread from fsyncing until {@link #release} opens, so no future can complete. */
    private FileCheckpointStore holdFlusher(FileCheckpointStore store) {
        store.beforeFlusherSync(() -> {
            flusherHeld.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return store;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void conflictsFailAtOnceAndVersionsFollowTheCallsWhileTheFsyncIsPending() throws Exception {
        FileCheckpointStore store = holdFlusher(open());
        long fsyncsBefore = store.fsyncs();

        CompletableFuture<Long> first = store.putAsync("a", bytes("v1"), ABSENT);
        CompletableFuture<Long> conflicting = store.putAsync("a", bytes("other"), ABSENT);
        CompletableFuture<Long> second = store.putAsync("a", bytes("v2"), 1);
        CompletableFuture<Long> third = store.putAsync("a", bytes("v3"), ANY_VERSION);
        CompletableFuture<Long> stale = store.putAsync("a", bytes("late"), 2);
        CompletableFuture<Long> absent = store.putAsync("b", bytes("x"), 4);

        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        assertThat(third).isNotDone();
        assertThatThrownBy(() -> conflicting.getNow(null)).as("decided at once, with no fsync")
                .hasCauseInstanceOf(CheckpointConflictException.class).hasMessageContaining("'a'");
        assertThatThrownBy(() -> stale.getNow(null)).hasCauseInstanceOf(CheckpointConflictException.class);
        assertThatThrownBy(() -> absent.getNow(null)).hasCauseInstanceOf(CheckpointConflictException.class);
        assertThatThrownBy(() -> store.put("a", bytes("sync"), 2)).as("a put sees the versions of async writes")
                .isInstanceOf(CheckpointConflictException.class);

        release.countDown();
        assertThat(await(first)).isEqualTo(1);
        assertThat(await(second)).isEqualTo(2);
        assertThat(await(third)).isEqualTo(3);
        assertThat(store.fsyncs()).isGreaterThan(fsyncsBefore);
        assertThat(new String(store.get("a").orElseThrow().data(), StandardCharsets.UTF_8)).isEqualTo("v3");
    }

    @Test
    void deleteAsyncDecidesAtOnceAndCompletesOnceTheTombstoneIsOnDisk() throws Exception {
        FileCheckpointStore store = open();
        store.put("a", bytes("v1"), ABSENT);
        store.put("b", bytes("v1"), ABSENT);
        FileCheckpointStore held = holdFlusher(store);
        CompletableFuture<Boolean> removed = held.deleteAsync("a", 1);
        CompletableFuture<Boolean> stale = held.deleteAsync("b", 7);
        CompletableFuture<Boolean> missing = held.deleteAsync("nothing", ANY_VERSION);
        assertThat(removed).isNotDone();
        assertThatThrownBy(() -> stale.getNow(null)).hasCauseInstanceOf(CheckpointConflictException.class);
        assertThat(missing.getNow(null)).isFalse();
        assertThatThrownBy(() -> held.put("a", bytes("again"), 1)).as("the delete is decided")
                .isInstanceOf(CheckpointConflictException.class);
        release.countDown();
        assertThat(removed.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(held.get("a")).isEmpty();
        held.close();
        FileCheckpointStore reopened = open();
        assertThat(reopened.keys("")).containsExactly("b");
    }

    @Test
    void theFuturesCompleteOnlyOnceAnFsyncCoversThemAndOneFsyncCoversAllWaiting() throws Exception {
        FileCheckpointStore store = holdFlusher(open());
        long fsyncsBefore = store.fsyncs();
        AtomicLong fsyncsSeenAtCompletion = new AtomicLong(Long.MAX_VALUE);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            CompletableFuture<Long> f = store.putAsync("run:" + i, bytes("step " + i), ABSENT);
            f.thenRun(() -> fsyncsSeenAtCompletion.accumulateAndGet(store.fsyncs(), Math::min));
            futures.add(f);
        }
        assertThat(flusherHeld.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(futures).noneMatch(CompletableFuture::isDone);
        assertThat(store.fsyncs()).isEqualTo(fsyncsBefore);

        release.countDown();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertThat(fsyncsSeenAtCompletion.get()).as("no future completed before an fsync").isGreaterThan(fsyncsBefore);
        assertThat(store.fsyncs() - fsyncsBefore).as("the fsync thread's one fsync covered every waiting write")
                .isEqualTo(1);
        assertThat(futures).allMatch(f -> f.join() == 1);
    }

    @Test
    void manyWritesInFlightFromOneThreadShareFsyncs() throws Exception {
        FileCheckpointStore store = open();
        long fsyncsBefore = store.fsyncs();
        int writes = 5_000;
        byte[] record = new byte[1024];
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            futures.add(store.putAsync("run:" + (i % 64), record, i / 64));
        }
        for (int i = 0; i < writes; i++) {
            assertThat(await(futures.get(i))).isEqualTo(i / 64 + 1);
        }
        long fsyncs = store.fsyncs() - fsyncsBefore;
        System.out.printf("putAsync from one thread: %d writes, %d fsyncs%n", writes, fsyncs);
        assertThat(fsyncs).isBetween(1L, writes / 10L);
    }

    @Test
    void aReadOfAnAsyncWriteWaitsForItsFsync() throws Exception {
        FileCheckpointStore store = holdFlusher(open());
        CompletableFuture<Long> written = store.putAsync("a", bytes("alpha"), ABSENT);
        assertThat(flusherHeld.await(30, TimeUnit.SECONDS)).isTrue();
        long fsyncsBefore = store.fsyncs();

        // the fsync thread is held, so the reader leads the fsync itself rather than seeing an unsynced write
        assertThat(store.get("a")).isPresent();
        assertThat(store.fsyncs()).isEqualTo(fsyncsBefore + 1);
        assertThat(store.keys("")).containsExactly("a");
        assertThat(store.fsyncs()).as("nothing more to fsync").isEqualTo(fsyncsBefore + 1);

        release.countDown();
        assertThat(await(written)).isEqualTo(1);
    }

    @Test
    void closeCompletesTheWaitingFuturesItself() throws Exception {
        FileCheckpointStore store = holdFlusher(open());
        CompletableFuture<Long> a = store.putAsync("a", bytes("alpha"), ABSENT);
        CompletableFuture<Long> b = store.putAsync("b", bytes("beta"), ABSENT);
        assertThat(flusherHeld.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(store::close);
        assertThat(await(a)).as("completed by close's fsync while the fsync thread is still held").isEqualTo(1);
        assertThat(await(b)).isEqualTo(1);
        assertThat(closing).as("close waits for the fsync thread to stop").isNotDone();
        release.countDown();
        await(closing);

        assertThat(store.putAsync("c", bytes("x"), ABSENT)).isCompletedExceptionally();
        assertThat(open().keys("")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void everyFutureIsCompleteWhenCloseReturns() {
        FileCheckpointStore store = open();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            futures.add(store.putAsync("run:" + i, bytes("step " + i), ABSENT));
        }
        store.close();
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(open().keys("")).hasSize(2_000);
    }

    @Test
    void aFailedFsyncFailsEveryWaitingFutureAndLaterWrites() throws Exception {
        FileCheckpointStore store = holdFlusher(open());
        CompletableFuture<Long> a = store.putAsync("a", bytes("alpha"), ABSENT);
        CompletableFuture<Long> b = store.putAsync("b", bytes("beta"), ABSENT);
        assertThat(flusherHeld.await(30, TimeUnit.SECONDS)).isTrue();
        // a closed descriptor makes the next fsync fail, as a failing disk would
        journalOutput(store).close();

        release.countDown();
        for (CompletableFuture<Long> f : List.of(a, b)) {
            assertThatThrownBy(() -> await(f)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(CheckpointFileException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.CLOSED))
                    .hasMessageContaining("could not be made durable");
        }
        assertThatThrownBy(() -> store.putAsync("c", bytes("x"), ABSENT).getNow(null)).as("failed at once")
                .cause().isInstanceOfSatisfying(CheckpointFileException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.CLOSED));
    }

    private static RandomAccessFile journalOutput(FileCheckpointStore store) throws Exception {
        Field journal = FileCheckpointStore.class.getDeclaredField("journal");
        journal.setAccessible(true);
        Field out = AppendOnlyFile.class.getDeclaredField("out");
        out.setAccessible(true);
        return (RandomAccessFile) out.get(journal.get(store));
    }

    @ParameterizedTest
    @EnumSource(value = FsyncPolicy.class, names = {"INTERVAL", "NEVER"})
    void withoutFsyncPerWriteTheFutureIsCompleteAtOnce(FsyncPolicy policy) {
        FileCheckpointStore store = track(FileCheckpointStore.inDirectory(dir).fsync(policy).open());
        assertThat(store.putAsync("a", bytes("v1"), ABSENT)).isCompletedWithValue(1L);
        assertThat(store.putAsync("a", bytes("v2"), 1)).isCompletedWithValue(2L);
        assertThat(store.putAsync("a", bytes("v3"), 1)).isCompletedExceptionally();
        store.close();
        assertThat(open().get("a").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void badArgumentsAndAClosedStoreFailTheFutureRatherThanThrow() {
        FileCheckpointStore store = open();
        assertThatThrownBy(() -> store.putAsync("", bytes("x"), ABSENT).join())
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.putAsync("a", null, ABSENT).join())
                .hasCauseInstanceOf(IllegalArgumentException.class);
        store.close();
        assertThatThrownBy(() -> store.putAsync("a", bytes("x"), ABSENT).join()).cause().isInstanceOfSatisfying(
                CheckpointFileException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CLOSED));
    }
}
