package dev.blazen.camel.workflow;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.context.WorkflowContext;
import dev.blazen.camel.workflow.event.StepLifecycleEvent;
import dev.blazen.camel.workflow.event.StopEvent;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Java handler API: result future, ordered lossless event stream, cancel. */
class HandlerApiTest extends CamelTestSupport {

    record Tick(int i) {
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:step:ticker/run?accepts=StartEvent").process(e -> {
                    WorkflowContext ctx = e.getVariable(BlazenConstants.CONTEXT_VARIABLE, WorkflowContext.class);
                    int count = ((Number) e.getMessage().getBody(Map.class).get("count")).intValue();
                    for (int i = 0; i < count; i++) {
                        ctx.writeEventToStream(new Tick(i));
                    }
                    e.getMessage().setBody(new StopEvent("ticked " + count));
                });
                from("blazen:step:failing/boom?accepts=StartEvent").throwException(new IllegalStateException("boom"));
            }
        };
    }

    @Test
    void streamEventsReachASlowReaderInOrderWithoutLoss() throws Exception {
        WorkflowEngine engine = BlazenComponent.engine(context);
        WorkflowHandler handler = engine.start("ticker", Map.of("count", 10_000),
                RunOptions.defaults().withStreamEvents(true).withStreamBufferSize(32));
        List<Object> events = handler.streamEvents().peek(e -> {
            if (e instanceof Tick t && t.i() % 1000 == 0) {
                sleep(); // slower than the writer: the writer waits on the full buffer
            }
        }).toList();
        assertThat(handler.result().get(10, TimeUnit.SECONDS)).isEqualTo("ticked 10000");
        List<Integer> ticks = events.stream().filter(Tick.class::isInstance).map(e -> ((Tick) e).i()).toList();
        assertThat(ticks).hasSize(10_000);
        for (int i = 0; i < ticks.size(); i++) {
            assertThat(ticks.get(i)).isEqualTo(i);
        }
        assertThat(events.get(0)).isInstanceOf(StepLifecycleEvent.StepStarted.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(StepLifecycleEvent.StepCompleted.class);
    }

    @Test
    void aFailedStepIsOnTheStream() {
        WorkflowHandler handler = BlazenComponent.engine(context).start("failing", Map.of(),
                RunOptions.defaults().withStreamEvents(true));
        List<Object> events = handler.streamEvents().toList();
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new StepLifecycleEvent.StepStarted("boom", "blazen::StartEvent"));
        assertThat(events.get(1)).isInstanceOfSatisfying(StepLifecycleEvent.StepFailed.class, failed -> {
            assertThat(failed.step()).isEqualTo("boom");
            assertThat(failed.error()).contains("IllegalStateException: boom");
        });
        assertThat(handler.result()).isCompletedExceptionally();
    }

    @Test
    void streamNeedsToBeRequested() {
        WorkflowHandler handler = BlazenComponent.engine(context).start("ticker", Map.of("count", 1));
        assertThatThrownBy(handler::streamEvents).isInstanceOf(IllegalStateException.class).hasMessageContaining("withStreamEvents");
    }

    @Test
    void awaitReturnsTheResult() throws Exception {
        WorkflowHandler handler = BlazenComponent.engine(context).start("ticker", Map.of("count", 2));
        assertThat(handler.await()).isEqualTo("ticked 2");
        assertThat(handler.isDone()).isTrue();
        assertThat(handler.cancel()).isFalse();
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
