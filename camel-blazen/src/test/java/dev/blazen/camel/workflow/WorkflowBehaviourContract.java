package dev.blazen.camel.workflow;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.event.Events;
import dev.blazen.camel.workflow.event.StepLifecycleEvent;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Blazen's engine behaviours, asserted once and run against the same workflows written in each route DSL
 * ({@link JavaDslBehaviourTest}, {@link YamlDslBehaviourTest}).
 */
abstract class WorkflowBehaviourContract extends CamelTestSupport {

    final List<Object> streamed = Collections.synchronizedList(new ArrayList<>());
    final List<String> workStarted = new CopyOnWriteArrayList<>();
    final CountDownLatch cancelStarted = new CountDownLatch(1);

    /** Adds the DSL's version of the workflows in behaviours.yaml / {@link BehaviourRoutes}. */
    abstract void addWorkflows() throws Exception;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // a consumer slower than the producer: every event costs at least 20 µs, every 500th sleeps 5 ms
                from("direct:stream-sink").process(e -> {
                    Object event = e.getMessage().getBody();
                    if (streamed.size() % 500 == 0) {
                        Thread.sleep(5);
                    }
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    streamed.add(event);
                });
                from("direct:work-started").process(e -> workStarted.add(String.valueOf(field(e.getMessage().getBody(), "id"))));
                from("direct:cancel-started").process(e -> cancelStarted.countDown());
            }
        };
    }

    @Override
    protected void doPostSetup() throws Exception {
        // cancelled and timed-out runs leave their delayed steps behind; don't wait for them at shutdown
        context.getShutdownStrategy().setTimeout(1);
        addWorkflows();
    }

    WorkflowEngine engine() {
        return BlazenComponent.engine(context);
    }

    @Test
    void basic() {
        assertThat(template.requestBody("blazen:workflow:basic", Map.of("name", "Blazen"))).isEqualTo("Hello, Blazen!");
    }

    @Test
    void sequential() {
        assertThat(template.requestBody("blazen:workflow:sequential", Map.of())).isEqualTo("abc");
    }

    @Test
    void branching() {
        assertThat(template.requestBody("blazen:workflow:branching", Map.of("score", 90))).isEqualTo("positive");
        assertThat(template.requestBody("blazen:workflow:branching", Map.of("score", 10))).isEqualTo("negative");
    }

    @Test
    void fanOutFirstStopEventWinsAndCancelsTheRest() throws Exception {
        long start = System.nanoTime();
        Object result = template.requestBody("blazen:workflow:fanout", Map.of());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(result).isEqualTo("fast");
        assertThat(workStarted).containsExactlyInAnyOrder("slow", "fast", "slower");
        assertThat(millis).as("the run ends with the first StopEvent, not the slowest branch").isLessThan(1400);
        assertThat(engine().activeRuns()).isZero();
        Thread.sleep(1700); // the slow branch finishes; its StopEvent must change nothing
        assertThat(engine().activeRuns()).isZero();
    }

    @Test
    void streamingDeliversEveryEventInOrderToASlowConsumer() {
        int count = 10_000;
        Object result = template.requestBody("blazen:workflow:streaming", Map.of("count", count));
        assertThat(((Number) result).intValue()).isEqualTo(count);
        await(() -> progress().size() == count);
        List<Integer> indexes = progress();
        for (int i = 0; i < count; i++) {
            assertThat(indexes.get(i)).as("event %d", i).isEqualTo(i);
        }
        // lifecycle events frame the step: started before the first progress event, completed after the last
        List<Object> all = List.copyOf(streamed);
        assertThat(all.get(0)).isInstanceOf(StepLifecycleEvent.StepStarted.class);
        await(() -> streamed.stream().anyMatch(e -> e instanceof StepLifecycleEvent.StepCompleted));
        StepLifecycleEvent.StepCompleted completed = streamed.stream()
                .filter(e -> e instanceof StepLifecycleEvent.StepCompleted).map(e -> (StepLifecycleEvent.StepCompleted) e)
                .findFirst().orElseThrow();
        assertThat(completed.step()).isEqualTo("produce");
        assertThat(completed.durationMicros()).isPositive();
    }

    @Test
    void lifecycleEventsCanBeSwitchedOff() {
        template.requestBody("blazen:workflow:streaming?lifecycleEvents=false", Map.of("count", 3));
        await(() -> streamed.size() == 3);
        assertThat(streamed).noneMatch(e -> e instanceof StepLifecycleEvent);
    }

    @Test
    void contextStateIsSharedBetweenSteps() {
        Exchange exchange = template.request("blazen:workflow:state", e -> e.getMessage().setBody(Map.of("name", "Ada")));
        assertThat(exchange.getException()).isNull();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = exchange.getMessage().getBody(Map.class);
        assertThat(result).containsEntry("user", "Ada").containsEntry("count", 3);
        assertThat(result.get("runId")).isEqualTo(exchange.getMessage().getHeader(BlazenConstants.RUN_ID));
    }

    @Test
    void anEventNoStepAcceptsFailsTheRunWithNoHandler() {
        assertThatThrownBy(() -> template.requestBody("blazen:workflow:nohandler", Map.of()))
                .isInstanceOf(CamelExecutionException.class)
                .cause().isInstanceOf(NoHandlerException.class)
                .hasMessageContaining("'Orphan'").hasMessageContaining("workflow 'nohandler'");
    }

    @Test
    void aSlowStepFailsWithStepTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> template.requestBody("blazen:workflow:steptimeout", Map.of()))
                .cause().isInstanceOf(StepTimeoutException.class).hasMessageContaining("step 'slow'");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2500);
    }

    @Test
    void aRunThatNeverStopsFailsWithWorkflowTimeout() {
        assertThatThrownBy(() -> template.requestBody("blazen:workflow:wftimeout?workflowTimeout=400ms", Map.of()))
                .cause().isInstanceOf(WorkflowTimeoutException.class).hasMessageContaining("400 ms");
        await(() -> engine().activeRuns() == 0);
    }

    @Test
    void aRunCanBeCancelled() throws Exception {
        WorkflowHandler handler = engine().start("cancel", Map.of());
        assertThat(cancelStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(handler.cancel()).isTrue();
        assertThatThrownBy(() -> handler.result().get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(WorkflowCancelledException.class);
        assertThat(handler.cancel()).as("a second cancel does nothing").isFalse();
    }

    @Test
    void asyncReturnsTheRunIdAtOnce() throws Exception {
        Exchange exchange = template.request("blazen:workflow:cancel?async=true", e -> e.getMessage().setBody(Map.of()));
        String runId = exchange.getMessage().getBody(String.class);
        assertThat(runId).isEqualTo(exchange.getMessage().getHeader(BlazenConstants.RUN_ID));
        assertThat(cancelStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(engine().cancel(runId)).isTrue();
    }

    private List<Integer> progress() {
        List<Integer> indexes = new ArrayList<>();
        for (Object event : List.copyOf(streamed)) {
            if ("Progress".equals(Events.typeOf(event))) {
                indexes.add(((Number) field(event, "i")).intValue());
            }
        }
        return indexes;
    }

    /** A field of a typed or Map event. */
    static Object field(Object event, String name) {
        return Events.json().convertValue(event, Map.class).get(name);
    }

    static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
