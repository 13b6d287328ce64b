package dev.blazen.camel.workflow;

import dev.blazen.camel.BlazenComponent;
import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.context.WorkflowContext;
import dev.blazen.camel.workflow.event.StopEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** maxConcurrency per step, in-flight limits per run and per engine, and backpressure on sendEvent. */
class ConcurrencyTest extends CamelTestSupport {

    static final int ENGINE_LIMIT = 6;

    record Item(int n) {
    }

    record Done() {
    }

    final Gauge limitedGauge = new Gauge();
    final Gauge openGauge = new Gauge();
    final Gauge engineGauge = new Gauge();
    final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger maxBacklog = new AtomicInteger();

    /** Counts invocations running at once and remembers the peak. */
    static final class Gauge {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();

        void enter() {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
        }

        void exit() {
            now.decrementAndGet();
        }
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        BlazenComponent blazen = camel.getComponent("blazen", BlazenComponent.class);
        blazen.setEngineMaxInFlight(ENGINE_LIMIT);
        blazen.setWorkerThreads(8); // these steps sleep: give them threads, the limits under test must hold anyway
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // limited: fan out 12 items to a step that may run 2 at a time, then fan in 12
                from("blazen:step:limited/split?accepts=StartEvent")
                        .setBody(e -> IntStream.range(0, 12).mapToObj(Item::new).toList());
                from("blazen:step:limited/work?accepts=Item&maxConcurrency=2")
                        .process(e -> slow(limitedGauge, 30))
                        .setBody(e -> new Done());
                from("blazen:step:limited/join?accepts=Done&collect=12").setBody(e -> new StopEvent(((List<?>) e.getMessage().getBody()).size()));

                // open: the same without a step limit; the run's maxInFlight decides
                from("blazen:step:open/split?accepts=StartEvent")
                        .setBody(e -> IntStream.range(0, 12).mapToObj(Item::new).toList());
                from("blazen:step:open/work?accepts=Item")
                        .process(e -> slow(openGauge, 30))
                        .setBody(e -> new Done());
                from("blazen:step:open/join?accepts=Done&collect=12").setBody(e -> new StopEvent("joined"));

                // engine: several runs fanning out at once share the engine's in-flight limit
                from("blazen:step:engine/split?accepts=StartEvent")
                        .setBody(e -> IntStream.range(0, 8).mapToObj(Item::new).toList());
                from("blazen:step:engine/work?accepts=Item")
                        .process(e -> slow(engineGauge, 20))
                        .setBody(e -> new Done());
                from("blazen:step:engine/join?accepts=Done&collect=8").setBody(e -> new StopEvent("joined"));

                // backpressure: one step sends 300 events through ctx.sendEvent to a slow consumer
                from("blazen:step:flood/send?accepts=StartEvent")
                        .process(e -> {
                            WorkflowContext ctx = e.getVariable(BlazenConstants.CONTEXT_VARIABLE, WorkflowContext.class);
                            for (int i = 0; i < 300; i++) {
                                ctx.sendEvent(new Item(i));
                                maxBacklog.accumulateAndGet(sent.incrementAndGet() - started.get(), Math::max);
                            }
                            e.getMessage().setBody((Object) null);
                        });
                from("blazen:step:flood/consume?accepts=Item")
                        .process(e -> {
                            started.incrementAndGet();
                            TimeUnit.MICROSECONDS.sleep(300);
                        })
                        .setBody(e -> new Done());
                from("blazen:step:flood/join?accepts=Done&collect=300").setBody(e -> new StopEvent("drained"));
            }
        };
    }

    private static void slow(Gauge gauge, long millis) throws InterruptedException {
        gauge.enter();
        try {
            Thread.sleep(millis);
        } finally {
            gauge.exit();
        }
    }

    @Test
    void maxConcurrencyLimitsAStep() {
        assertThat(template.requestBody("blazen:workflow:limited", Map.of())).isEqualTo(12);
        assertThat(limitedGauge.peak).hasValue(2);
    }

    @Test
    void withoutAStepLimitTheRunsMaxInFlightDecides() {
        assertThat(template.requestBody("blazen:workflow:open?maxInFlight=3", Map.of())).isEqualTo("joined");
        assertThat(openGauge.peak).hasValue(3);
    }

    @Test
    void theEngineBoundsInFlightInvocationsAcrossRuns() throws Exception {
        List<java.util.concurrent.CompletableFuture<Object>> runs = IntStream.range(0, 4)
                .mapToObj(i -> template.asyncRequestBody("blazen:workflow:engine", Map.of())).toList();
        for (var run : runs) {
            assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo("joined");
        }
        assertThat(engineGauge.peak.get()).isLessThanOrEqualTo(ENGINE_LIMIT).isGreaterThan(1);
    }

    @Test
    void sendEventWaitsWhenThePendingBufferIsFull() {
        Object result = template.requestBody("blazen:workflow:flood?maxPendingEvents=10&maxInFlight=2", Map.of());
        assertThat(result).isEqualTo("drained");
        assertThat(started).hasValue(300);
        // sent but not yet started: at most the pending buffer, the in-flight slots, and the sender's own slot
        assertThat(maxBacklog.get()).isLessThanOrEqualTo(10 + 2 + 1);
    }
}
