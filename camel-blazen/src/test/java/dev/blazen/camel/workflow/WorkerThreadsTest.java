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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a single worker thread, a step waiting in sendEvent for the run's buffer to drain must not starve the steps
 * that drain it: the pool lends a thread for the wait.
 */
class WorkerThreadsTest extends CamelTestSupport {

    record Item(int n) {
    }

    record Done() {
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.getComponent("blazen", BlazenComponent.class).setWorkerThreads(1);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:step:flood/send?accepts=StartEvent")
                        .process(e -> {
                            WorkflowContext ctx = e.getVariable(BlazenConstants.CONTEXT_VARIABLE, WorkflowContext.class);
                            for (int i = 0; i < 200; i++) {
                                ctx.sendEvent(new Item(i));
                            }
                            e.getMessage().setBody((Object) null);
                        });
                from("blazen:step:flood/consume?accepts=Item").setBody(e -> new Done());
                from("blazen:step:flood/join?accepts=Done&collect=200").setBody(e -> new StopEvent("drained"));
            }
        };
    }

    @Test
    void waitingSendersDoNotStarveTheirConsumers() throws Exception {
        List<CompletableFuture<Object>> runs = IntStream.range(0, 3)
                .mapToObj(i -> template.asyncRequestBody("blazen:workflow:flood?maxPendingEvents=5&workflowTimeout=20s", Map.of()))
                .toList();
        for (CompletableFuture<Object> run : runs) {
            assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo("drained");
        }
    }
}
