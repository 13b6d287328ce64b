package dev.blazen.camel.workflow.checkpoint.file;

import dev.blazen.memory.file.FsyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.blazen.camel.workflow.checkpoint.CheckpointStore.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints puts per second for 1 and 8 writers, each writing its own record with compare-and-set as a workflow run
 * does, under ALWAYS (group commit: 8 writers share fsyncs) and NEVER (no fsync, for reference), with put and with
 * putAsync (each writer keeps {@value #BATCH} writes in flight and waits for them, batch by batch). Not an assertion
 * on speed: the figures depend on the disk. Each writer's last version must equal its count of puts.
 */
class FileCheckpointThroughputTest {

    private static final long MEASURE_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);
    private static final byte[] RECORD = new byte[1024];
    private static final int BATCH = 64;

    @TempDir
    Path dir;

    @Test
    void putsPerSecondWithOneAndEightWriters() throws Exception {
        for (FsyncPolicy policy : List.of(FsyncPolicy.ALWAYS, FsyncPolicy.NEVER)) {
            for (int threads : new int[] {1, 8}) {
                for (boolean async : new boolean[] {false, true}) {
                    measure(policy, threads, async);
                }
            }
        }
    }

    private void measure(FsyncPolicy policy, int threads, boolean async) throws Exception {
        try (FileCheckpointStore store = FileCheckpointStore.inDirectory(dir.resolve(policy + "-" + threads + "-"
                        + async))
                .fsync(policy).open()) {
            long fsyncsBefore = store.fsyncs();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            long puts = 0;
            try {
                List<Future<Long>> writers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String key = "run:" + t;
                    writers.add(pool.submit(() -> async ? writeBatches(store, key, start) : write(store, key, start)));
                }
                for (int t = 0; t < threads; t++) {
                    long written = writers.get(t).get(60, TimeUnit.SECONDS);
                    assertThat(store.get("run:" + t).orElseThrow().version()).isEqualTo(written);
                    puts += written;
                }
            } finally {
                pool.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long fsyncs = store.fsyncs() - fsyncsBefore;
            System.out.printf("%-6s %d writer(s), %-8s: %,8.0f puts/s, %,7d puts, %,6d fsyncs (%.1f puts per fsync)%n",
                    policy, threads, async ? "putAsync" : "put", puts / seconds, puts, fsyncs,
                    fsyncs == 0 ? 0.0 : (double) puts / fsyncs);
        }
    }

    private static long write(FileCheckpointStore store, String key, long start) {
        long version = ABSENT;
        while (System.nanoTime() - start < MEASURE_NANOS) {
            version = store.put(key, RECORD, version);
        }
        return version;
    }

    /** The compare-and-set is decided at once, so each write of a batch expects the version of the one before. */
    private static long writeBatches(FileCheckpointStore store, String key, long start) {
        long version = ABSENT;
        List<CompletableFuture<Long>> batch = new ArrayList<>(BATCH);
        while (System.nanoTime() - start < MEASURE_NANOS) {
            for (int i = 0; i < BATCH; i++) {
                batch.add(store.putAsync(key, RECORD, version++));
            }
            for (CompletableFuture<Long> written : batch) {
                written.join();
            }
            batch.clear();
        }
        return version;
    }
}
