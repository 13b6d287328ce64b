package dev.blazen.camel.workflow.context;

import dev.blazen.camel.workflow.StateSerializationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextTest {

    final List<Object> sent = new ArrayList<>();
    final WorkflowContext ctx = new WorkflowContext("run-1", "wf", new EventSink() {
        @Override
        public void sendEvent(Object event) {
            sent.add(event);
        }

        @Override
        public void writeEventToStream(Object event) {
            sent.add(event);
        }
    });

    /** Typed state: fields stored one per key, the connection is transient and rebuilt by restore(). */
    public static class PipelineState extends BlazenState {
        String inputPath = "";
        int docCount;
        byte[] weights;
        transient StringBuilder connection;
        transient int restores;

        @Override
        protected void restore() {
            connection = new StringBuilder("connected to " + inputPath);
            restores++;
        }
    }

    record Chunk(int n) {
    }

    @Test
    void stateHoldsJsonCopies() {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("retries", 3));
        ctx.set("config", config);
        config.put("retries", 99); // the caller's object is not the stored value
        assertThat(ctx.get("config")).isEqualTo(Map.of("retries", 3));
        assertThat(ctx.getAs("config", Map.class)).isEqualTo(Map.of("retries", 3));
        assertThat(ctx.state().getValue("config")).isInstanceOf(StateValue.Json.class);
        ctx.set("config", null);
        assertThat(ctx.state().contains("config")).isFalse();
    }

    @Test
    void bytesAndNativeValues() {
        byte[] weights = {1, 2, 3, 4};
        ctx.setBytes("weights", weights);
        weights[0] = 9;
        assertThat(ctx.getBytes("weights")).containsExactly(1, 2, 3, 4);
        ctx.state().setValue("py", new StateValue.Native(new byte[] {(byte) 0x80, 4}));
        assertThat(ctx.state().getValue("py")).isEqualTo(new StateValue.Native(new byte[] {(byte) 0x80, 4}));
        assertThat(ctx.state().snapshot()).containsKeys("weights", "py");
    }

    @Test
    void unserialisableValuesFailAndStoreNothing() {
        ctx.set("conn", "kept");
        Object self = new Object() {
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> ctx.set("conn", self)).isInstanceOf(StateSerializationException.class)
                .hasMessageContaining("key 'conn'").hasMessageContaining("ctx.session()");
        assertThat(ctx.get("conn")).isEqualTo("kept");
    }

    @Test
    void sessionKeepsIdentity() {
        StringBuilder live = new StringBuilder();
        ctx.session().put("conn", live);
        assertThat(ctx.session().get("conn")).isSameAs(live);
        assertThat(ctx.state().keys()).doesNotContain("conn");
    }

    @Test
    void blazenStateIsStoredFieldByField() {
        PipelineState state = new PipelineState();
        state.inputPath = "/tmp/data.db";
        state.docCount = 5;
        state.weights = new byte[] {7, 8};
        state.connection = new StringBuilder("live");
        ctx.putState("pipeline", state);

        assertThat(ctx.state().keys()).containsExactlyInAnyOrder("pipeline.inputPath", "pipeline.docCount", "pipeline.weights");
        assertThat(ctx.get("pipeline.docCount")).isEqualTo(5);
        assertThat(ctx.getBytes("pipeline.weights")).containsExactly(7, 8);

        PipelineState back = ctx.getState("pipeline", PipelineState.class);
        assertThat(back.inputPath).isEqualTo("/tmp/data.db");
        assertThat(back.docCount).isEqualTo(5);
        assertThat(back.weights).containsExactly(7, 8);
        assertThat(back.connection).hasToString("connected to /tmp/data.db");
        assertThat(back.restores).isEqualTo(1);
        assertThat(ctx.getState("absent", PipelineState.class)).isNull();
    }

    @Test
    void collectEventsReleasesABatchOfN() {
        assertThat(ctx.collectEvents(new Chunk(1), 3)).isNull();
        assertThat(ctx.collectEvents(new Chunk(2), 3)).isNull();
        assertThat(ctx.collectedEvents()).containsKey("Chunk");
        assertThat(ctx.collectEvents(new Chunk(3), 3)).containsExactly(new Chunk(1), new Chunk(2), new Chunk(3));
        assertThat(ctx.collectedEvents()).isEmpty();
        assertThatThrownBy(() -> ctx.collectEvents(new Chunk(4), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
