package dev.blazen.memory.file;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppendOnlyFileTest {

    @TempDir
    Path dir;
    private final List<AppendOnlyFile> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        for (AppendOnlyFile f : opened) {
            f.close();
        }
    }

    private Path file() {
        return dir.resolve("data.log");
    }

    private AppendOnlyFile open(FsyncPolicy policy) throws IOException {
        AppendOnlyFile f = AppendOnlyFile.open(file(), policy, Duration.ofMillis(10));
        opened.add(f);
        return f;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void appendsLandInOrderAndTicketsCountTheBytes() throws IOException {
        AppendOnlyFile f = open(FsyncPolicy.NEVER);
        assertThat(f.append(bytes("abc"))).isEqualTo(3);
        assertThat(f.append(bytes("de"))).isEqualTo(5);
        assertThat(f.size()).isEqualTo(5);
        assertThat(Files.readString(file())).as("in the OS before the call returns").isEqualTo("abcde");
    }

    @Test
    void alwaysFsyncsBeforeAwaitDurableReturnsAndNeverOnlyAtClose() throws IOException {
        AppendOnlyFile always = open(FsyncPolicy.ALWAYS);
        always.awaitDurable(always.append(bytes("x")));
        assertThat(always.fsyncs()).isEqualTo(1);
        always.awaitDurable(1);
        assertThat(always.fsyncs()).as("a covered ticket costs nothing").isEqualTo(1);
        always.close();

        AppendOnlyFile never = open(FsyncPolicy.NEVER);
        never.awaitDurable(never.append(bytes("y")));
        assertThat(never.fsyncs()).isZero();
        never.close();
        assertThat(never.fsyncs()).isEqualTo(1);
        assertThat(Files.readString(file())).isEqualTo("xy");
    }

    @Test
    void concurrentWritersShareFsyncs() throws Exception {
        AppendOnlyFile f = open(FsyncPolicy.ALWAYS);
        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        f.awaitDurable(f.append(new byte[100]));
                    }
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(f.size()).isEqualTo(threads * perThread * 100L);
        assertThat(f.fsyncs()).as("group commit: writers share fsyncs").isPositive()
                .isLessThanOrEqualTo(threads * perThread / 2);
    }

    @Test
    void intervalFsyncsInTheBackground() throws Exception {
        AppendOnlyFile f = open(FsyncPolicy.INTERVAL);
        f.awaitDurable(f.append(bytes("x")));
        assertThat(f.fsyncs()).as("awaitDurable does not wait").isZero();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (f.fsyncs() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(f.fsyncs()).isEqualTo(1);
        Thread.sleep(50);
        assertThat(f.fsyncs()).as("nothing new, no fsync").isEqualTo(1);
    }

    @Test
    void aSecondWriterIsLockedOutUntilTheFirstCloses() throws IOException {
        AppendOnlyFile first = open(FsyncPolicy.NEVER);
        assertThatThrownBy(() -> AppendOnlyFile.open(file(), FsyncPolicy.NEVER, null))
                .isInstanceOfSatisfying(LockedFileException.class,
                        e -> assertThat(e.lockFile()).isEqualTo(dir.resolve("data.log.lock").toAbsolutePath()));
        first.close();
        open(FsyncPolicy.NEVER);
    }

    @Test
    void rewriteReplacesTheContentAndAppendsContinueOnTheNewFile() throws IOException {
        AppendOnlyFile f = open(FsyncPolicy.NEVER);
        f.append(bytes("old old old"));
        f.rewrite(out -> out.write(bytes("new")));
        assertThat(f.size()).isEqualTo(3);
        f.append(bytes("+more"));
        assertThat(Files.readString(file())).isEqualTo("new+more");
        assertThat(dir.resolve("data.log.compacting")).doesNotExist();
    }

    @Test
    void aRewriteThatFailsLeavesTheFileAsItWas() throws IOException {
        AppendOnlyFile f = open(FsyncPolicy.NEVER);
        f.append(bytes("kept"));
        assertThatThrownBy(() -> f.rewrite(out -> {
            out.write(bytes("half"));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        f.append(bytes("!"));
        assertThat(Files.readString(file())).isEqualTo("kept!");
        assertThat(dir.resolve("data.log.compacting")).doesNotExist();
    }

    @Test
    void aLeftoverRewriteFileIsDeletedAtOpen() throws IOException {
        Files.writeString(file(), "whole");
        Files.writeString(dir.resolve("data.log.compacting"), "half");
        AppendOnlyFile f = open(FsyncPolicy.NEVER);
        assertThat(dir.resolve("data.log.compacting")).doesNotExist();
        assertThat(f.size()).isEqualTo(5);
    }

    @Test
    void truncateCutsTheTail() throws IOException {
        Files.writeString(file(), "goodtorn");
        AppendOnlyFile f = open(FsyncPolicy.NEVER);
        f.truncate(4);
        f.append(bytes("+"));
        assertThat(Files.readString(file())).isEqualTo("good+");
    }

    @Test
    void aClosedFileTakesNoWrites() throws IOException {
        AppendOnlyFile f = open(FsyncPolicy.ALWAYS);
        f.close();
        f.close();
        assertThat(f.isOpen()).isFalse();
        assertThatThrownBy(() -> f.append(bytes("x"))).isInstanceOf(StoppedFileException.class)
                .hasMessageContaining("closed");
    }
}
