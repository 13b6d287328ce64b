package dev.blazen.camel.workflow.durable;

import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.snapshot.RunSnapshot;
import dev.blazen.camel.workflow.snapshot.RunStatus;
import dev.blazen.camel.workflow.snapshot.SnapshotCodec;
import dev.blazen.memory.redis.RedisServer;
import dev.blazen.memory.redis.RedisServerExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node JVM starts 1,000 durable runs and is killed with SIGKILL midway; a second node JVM recovers them. Every run
 * the first node acknowledged reaches its StopEvent exactly once (one COMPLETED record with the right result), and
 * the repeated step executions are counted and printed.
 */
@Tag("crash")
@ExtendWith(RedisServerExtension.class)
class CrashRecoveryTest {

    private static final int RUNS = 1000;
    private static final int STEPS_PER_RUN = 4; // prepare, split, merge (the first Part only buffers), finish

    private final RedisServer redis;

    CrashRecoveryTest(RedisServer redis) {
        this.redis = redis;
    }

    @Test
    void redisStore(@TempDir Path dir) throws Exception {
        crashAndRecover("redis", redis.uri(), dir);
    }

    @Test
    void fileStore(@TempDir Path dir) throws Exception {
        crashAndRecover("file", dir.resolve("checkpoints").toString(), dir);
    }

    private void crashAndRecover(String storeType, String location, Path dir) throws Exception {
        Path log = dir.resolve("executions.log");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        StringBuilder output = new StringBuilder();
        Process first = node("start", storeType, location, log, RUNS);
        Thread reader = readLines(first, line -> {
            if (line.startsWith("STARTED ")) {
                acknowledged.add(line.substring("STARTED ".length()));
            } else {
                append(output, line);
            }
        });
        // kill it midway: once all runs are started and about a third of all step executions have happened
        long deadline = System.currentTimeMillis() + 60_000;
        while ((acknowledged.size() < RUNS || lines(log) < RUNS * STEPS_PER_RUN / 3)
                && System.currentTimeMillis() < deadline && first.isAlive()) {
            Thread.sleep(2);
        }
        first.destroyForcibly(); // SIGKILL on Linux
        first.waitFor(10, TimeUnit.SECONDS);
        reader.join(2000);
        long beforeCrash = lines(log);
        assertThat(acknowledged).as("runs acknowledged by the first node; its output:%n%s", output).hasSize(RUNS);
        assertThat(beforeCrash).as("step executions when the node was killed").isLessThan(RUNS * STEPS_PER_RUN);

        Process second = node("recover", storeType, location, log, 0);
        Thread secondReader = readLines(second, line -> append(output, line));
        assertThat(second.waitFor(150, TimeUnit.SECONDS)).as("the recovering node ends").isTrue();
        secondReader.join(2000);
        assertThat(output.toString()).as("the recovering node's output").contains("RECOVERED");
        try (CheckpointStore store = CrashNode.open(storeType, location)) {
            Map<RunStatus, Long> statuses = statuses(store, acknowledged);
            assertThat(statuses).containsEntry(RunStatus.COMPLETED, (long) acknowledged.size());
            for (String runId : acknowledged) {
                RunSnapshot done = SnapshotCodec.read(store.get(RunSnapshot.key(runId)).orElseThrow().data());
                assertThat(done.result()).isEqualTo("merged 2");
            }
        }

        // every invocation ran at least once; report how many ran more than once
        Map<String, Long> perKey = Files.readAllLines(log).stream().filter(l -> !l.isBlank())
                .collect(Collectors.groupingBy(l -> l, Collectors.counting()));
        long executions = perKey.values().stream().mapToLong(Long::longValue).sum();
        long repeated = perKey.values().stream().mapToLong(n -> n - 1).sum();
        Map<String, Long> finishes = perKey.entrySet().stream().filter(e -> e.getKey().startsWith("finish "))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(finishes.keySet().stream().map(k -> k.split(":")[0].substring("finish ".length())).collect(Collectors.toSet()))
                .containsAll(acknowledged);
        System.out.printf("crash test (%s store): %d runs acknowledged before SIGKILL, %d step executions before it, "
                        + "%d in all, %d repeated after recovery (%d of them finish steps); all %d runs completed once%n",
                storeType, acknowledged.size(), beforeCrash, executions, repeated,
                finishes.values().stream().mapToLong(n -> n - 1).sum(), acknowledged.size());
    }

    /** Keeps the last 20,000 characters of the nodes' output, for failure messages. */
    private static void append(StringBuilder output, String line) {
        synchronized (output) {
            output.append(line).append('\n');
            if (output.length() > 20_000) {
                output.delete(0, output.length() - 20_000);
            }
        }
    }

    private static Map<RunStatus, Long> statuses(CheckpointStore store, Set<String> runs) {
        Map<RunStatus, Long> counts = new HashMap<>();
        for (String runId : runs) {
            store.get(RunSnapshot.key(runId)).ifPresent(c -> counts.merge(SnapshotCodec.read(c.data()).status(), 1L, Long::sum));
        }
        return counts;
    }

    private static long lines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        long size = 0;
        byte[] bytes = Files.readAllBytes(log);
        for (byte b : bytes) {
            if (b == '\n') {
                size++;
            }
        }
        return size;
    }

    private static Process node(String mode, String storeType, String location, Path log, int runs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashNode.class.getName(),
                mode, storeType, location, log.toString(), Integer.toString(runs)));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Thread readLines(Process process, java.util.function.Consumer<String> onLine) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // the process died
            }
        }, "crash-node-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
