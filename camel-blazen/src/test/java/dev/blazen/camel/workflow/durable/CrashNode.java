package dev.blazen.camel.workflow.durable;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.WorkflowEngine;
import dev.blazen.camel.workflow.checkpoint.CheckpointStore;
import dev.blazen.camel.workflow.checkpoint.file.FileCheckpointStore;
import dev.blazen.camel.workflow.checkpoint.redis.RedisCheckpointStore;
import dev.blazen.camel.workflow.snapshot.SnapshotCodec;
import dev.blazen.camel.workflow.event.StopEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * One node of the crash test, run in its own JVM: {@code start <store> <location> <executions log> <runs>} starts the
 * runs and prints {@code STARTED <runId>} once each run's first checkpoint is in the store; {@code recover ...}
 * recovers, and once no run in the store is unfinished stops cleanly and prints {@code RECOVERED}. Every step execution appends {@code <step> <idempotency key>} to the executions log, so the test can
 * count repeats after a SIGKILL.
 * <p>
 * The workflow: prepare (StartEvent -> Prepared), split (Prepared -> 2 x Part), merge (collects 2 Parts -> Merged),
 * finish (Merged -> StopEvent).
 */
public final class CrashNode {

    private CrashNode() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        CheckpointStore store = open(args[1], args[2]);
        FileChannel executions = FileChannel.open(Path.of(args[3]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

        CamelContext context = new DefaultCamelContext();
        BlazenComponent blazen = new BlazenComponent();
        blazen.setCheckpointStore(store);
        blazen.setKeepFinishedRuns(true);
        blazen.setRecoveryInterval(200);
        blazen.setOwnerTimeout(1000);
        blazen.setRecoverRuns(!"start".equals(mode));
        context.addComponent("blazen", blazen);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:step:crash/prepare?accepts=StartEvent").process(e -> {
                    executed(executions, e);
                    e.getMessage().setBody(Map.of("type", "Prepared", "n", e.getMessage().getBody(Map.class).get("n")));
                });
                from("blazen:step:crash/split?accepts=Prepared").process(e -> {
                    executed(executions, e);
                    e.getMessage().setBody(List.of(Map.of("type", "Part", "i", 0), Map.of("type", "Part", "i", 1)));
                });
                from("blazen:step:crash/merge?accepts=Part&collect=2").process(e -> {
                    executed(executions, e);
                    Thread.sleep(1); // some work, so that the kill finds runs in every stage
                    e.getMessage().setBody(Map.of("type", "Merged", "parts", e.getMessage().getBody(List.class).size()));
                });
                from("blazen:step:crash/finish?accepts=Merged").process(e -> {
                    executed(executions, e);
                    e.getMessage().setBody(new StopEvent("merged " + e.getMessage().getBody(Map.class).get("parts")));
                });
            }
        });
        context.start();
        WorkflowEngine engine = BlazenComponent.engine(context);
        if ("start".equals(mode)) {
            int runs = Integer.parseInt(args[4]);
            for (int i = 0; i < runs; i++) {
                var run = engine.start("crash", Map.of("n", i));
                // acknowledged once its first checkpoint is durable, without waiting for it before the next start
                run.accepted().thenRun(() -> out.println("STARTED " + run.runId()));
            }
            out.println("ALL STARTED");
            Thread.sleep(Long.MAX_VALUE); // the test kills this JVM
        }
        out.println("RECOVERING as " + engine.nodeId());
        // done when no run in the store is unfinished and nothing runs here; then stop cleanly (releases a file lock)
        long deadline = System.currentTimeMillis() + 120_000;
        int quietChecks = 0;
        while (quietChecks < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            boolean unfinished = engine.activeRuns() > 0 || store.keys("run:").stream()
                    .map(store::get).flatMap(java.util.Optional::stream)
                    .anyMatch(c -> !SnapshotCodec.read(c.data()).status().isFinished());
            quietChecks = unfinished ? 0 : quietChecks + 1;
        }
        context.stop();
        store.close();
        out.println(quietChecks >= 3 ? "RECOVERED" : "GAVE UP");
        System.exit(0);
    }

    private static void executed(FileChannel log, Exchange exchange) throws IOException {
        String line = exchange.getMessage().getHeader(BlazenConstants.STEP) + " "
                + exchange.getMessage().getHeader(BlazenConstants.IDEMPOTENCY_KEY) + "\n";
        // one write per line on an append channel: lines from several threads never interleave
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            log.write(bytes);
        }
    }

    static CheckpointStore open(String type, String location) {
        return switch (type) {
            case "redis" -> RedisCheckpointStore.connect(location, "crash");
            case "file" -> FileCheckpointStore.open(Path.of(location));
            default -> throw new IllegalArgumentException("unknown store " + type);
        };
    }
}
