package dev.blazen.camel.pipeline;

import dev.blazen.camel.workflow.event.StopEvent;
import org.apache.camel.builder.RouteBuilder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** The workflows the pipeline tests run as stages, each counting how often it ran. */
class PipelineWorkflows extends RouteBuilder {

    /** A workflow's steps' event. */
    record SlowDone() {
    }

    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final long sleepMillis;
    /** While true, the flaky workflow fails. */
    volatile boolean flakyFails;
    private final CountDownLatch slowStarted = new CountDownLatch(1);

    PipelineWorkflows() {
        this(1000);
    }

    /** @param sleepMillis how long the sleepy workflow takes */
    PipelineWorkflows(long sleepMillis) {
        this.sleepMillis = sleepMillis;
    }

    /** How often a workflow (or, for slow, its first step "slow" and its second "slow-finish") ran. */
    int executions(String workflow) {
        return executions.computeIfAbsent(workflow, w -> new AtomicInteger()).get();
    }

    void count(String workflow) {
        executions.computeIfAbsent(workflow, w -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void configure() {
        workflow("upper", body -> body.toString().toUpperCase());
        workflow("exclaim", body -> body + "!");
        workflow("length", body -> body.toString().length());
        workflow("increment", body -> ((Number) body).intValue() + 1);
        workflow("boom", body -> {
            throw new IllegalStateException("boom on " + body);
        });
        // upper once the slow workflow has started, so a race between the two is always won by this one
        workflow("upper-after-slow", body -> {
            try {
                slowStarted.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return body.toString().toUpperCase();
        });
        workflow("flaky", body -> {
            if (flakyFails) {
                throw new IllegalStateException("flaky on " + body);
            }
            return body;
        });

        // two steps 300 ms apart: a cancelled run never reaches the second
        from("blazen:step:slow/start?accepts=StartEvent")
                .process(e -> {
                    count("slow");
                    slowStarted.countDown();
                })
                .delay(300).asyncDelayed()
                .setBody(e -> new SlowDone());
        from("blazen:step:slow/finish?accepts=SlowDone")
                .process(e -> count("slow-finish"))
                .setBody(e -> new StopEvent("slow"));

        // takes its time without holding a thread meanwhile
        from("blazen:step:sleepy/run?accepts=StartEvent")
                .process(e -> count("sleepy"))
                .delay(sleepMillis).asyncDelayed()
                .setBody(e -> new StopEvent("slept"));
    }

    private void workflow(String name, UnaryOperator<Object> function) {
        from("blazen:step:" + name + "/run?accepts=StartEvent").process(e -> {
            count(name);
            e.getMessage().setBody(new StopEvent(function.apply(e.getMessage().getBody())));
        });
    }
}
