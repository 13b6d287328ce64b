package dev.blazen.camel.workflow.durable;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.workflow.RespondOutcome;
import dev.blazen.camel.workflow.WorkflowHandler;
import dev.blazen.camel.workflow.checkpoint.file.FileCheckpointStore;
import dev.blazen.camel.workflow.event.InputRequestEvent;
import dev.blazen.camel.workflow.event.InputResponseEvent;
import dev.blazen.camel.workflow.event.StopEvent;
import dev.blazen.camel.workflow.snapshot.RunSnapshot;
import dev.blazen.camel.workflow.snapshot.RunStatus;
import dev.blazen.camel.workflow.snapshot.SnapshotCodec;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A checkpoint store declared by component options alone, as camel.component.blazen.* properties would set them. */
class DeclaredStoreTest {

    private static CamelContext start(Map<String, Object> options) throws Exception {
        CamelContext context = new DefaultCamelContext();
        BlazenComponent blazen = new BlazenComponent();
        PropertyBindingSupport.build().withReflection(false).bind(context, blazen, new java.util.HashMap<>(options));
        context.addComponent("blazen", blazen);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:step:ask/ask?accepts=StartEvent")
                        .setBody(constant(new InputRequestEvent("q", "Proceed?", Map.of())));
                from("blazen:step:ask/answer?accepts=InputResponseEvent")
                        .setBody(e -> new StopEvent(e.getMessage().getBody(InputResponseEvent.class).response()));
            }
        });
        context.start();
        return context;
    }

    @Test
    void aFileStoreFromOptionsKeepsAParkedRunAcrossARestart(@TempDir Path dir) throws Exception {
        Map<String, Object> options = Map.of("checkpointStoreType", "file", "checkpointPath", dir.toString(),
                "checkpointFsync", "always", "keepFinishedRuns", "true");
        CamelContext first = start(options);
        WorkflowHandler run = BlazenComponent.engine(first).start("ask", Map.of());
        long end = System.currentTimeMillis() + 5000;
        while (BlazenComponent.engine(first).snapshot(run.runId()).map(s -> s.status() != RunStatus.PARKED).orElse(true)
                && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        first.stop(); // closes the journal it opened

        CamelContext second = start(options);
        try {
            assertThat(BlazenComponent.engine(second).respond("ask", run.runId(), "q", "go", false))
                    .isEqualTo(RespondOutcome.ACCEPTED);
            end = System.currentTimeMillis() + 5000;
            RunSnapshot done = null;
            while (System.currentTimeMillis() < end) {
                done = SnapshotCodec.read(BlazenComponent.engine(second).store().get(RunSnapshot.key(run.runId()))
                        .orElseThrow().data());
                if (done.status().isFinished()) {
                    break;
                }
                Thread.sleep(10);
            }
            assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(done.result()).isEqualTo("go");
            assertThat(BlazenComponent.engine(second).store()).isInstanceOf(FileCheckpointStore.class);
        } finally {
            second.stop();
        }
        assertThat(run.result()).isCompletedExceptionally(); // the first node's caller was told the run stayed behind
    }

    @Test
    void badDeclarationsNameTheOption() {
        assertThatThrownBy(() -> start(Map.of("checkpointStoreType", "bogus"))).hasStackTraceContaining("checkpointStoreType 'bogus'");
        assertThatThrownBy(() -> start(Map.of("checkpointStoreType", "file"))).hasStackTraceContaining("needs checkpointPath");
        assertThatThrownBy(() -> start(Map.of("checkpointStoreType", "redis"))).hasStackTraceContaining("needs checkpointRedisUri");
        assertThatThrownBy(() -> start(Map.of("checkpointStoreType", "jdbc"))).hasStackTraceContaining("checkpointDataSource");
        assertThatThrownBy(() -> start(Map.of("checkpointStoreType", "file", "checkpointPath", "/tmp/x", "checkpointFsync", "sometimes")))
                .hasStackTraceContaining("checkpointFsync 'sometimes'");
    }
}
