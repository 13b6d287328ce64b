package dev.blazen.camel.workflow;

import dev.blazen.camel.workflow.event.StopEvent;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Camel's error handling on a step route is the step retry. */
class StepRetryTest extends CamelTestSupport {

    final AtomicInteger flakyAttempts = new AtomicInteger();
    final AtomicInteger brokenAttempts = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:step:flaky/call?accepts=StartEvent")
                        .errorHandler(defaultErrorHandler().maximumRedeliveries(3).redeliveryDelay(10))
                        .process(e -> {
                            if (flakyAttempts.incrementAndGet() < 3) {
                                throw new IllegalStateException("transient failure " + flakyAttempts.get());
                            }
                            e.getMessage().setBody(new StopEvent("ok after " + flakyAttempts.get()));
                        });

                from("blazen:step:broken/call?accepts=StartEvent")
                        .errorHandler(defaultErrorHandler().maximumRedeliveries(2).redeliveryDelay(0))
                        .process(e -> {
                            brokenAttempts.incrementAndGet();
                            throw new IllegalStateException("always broken");
                        });

                from("blazen:step:recovered/call?accepts=StartEvent")
                        .onException(IllegalArgumentException.class).handled(true)
                            .setBody(constant(Map.of("type", "StopEvent", "result", "fallback")))
                        .end()
                        .process(e -> {
                            throw new IllegalArgumentException("bad input");
                        });
            }
        };
    }

    @Test
    void redeliveryRetriesTheStep() {
        assertThat(template.requestBody("blazen:workflow:flaky", Map.of())).isEqualTo("ok after 3");
        assertThat(flakyAttempts).hasValue(3);
    }

    @Test
    void exhaustedRetriesFailTheRunWithStepFailed() {
        assertThatThrownBy(() -> template.requestBody("blazen:workflow:broken", Map.of()))
                .cause().isInstanceOf(StepFailedException.class)
                .hasMessageContaining("step 'call'").hasMessageContaining("always broken")
                .satisfies(e -> assertThat(((StepFailedException) e).step()).isEqualTo("call"))
                .hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(brokenAttempts).hasValue(3);
    }

    @Test
    void onExceptionCanRecoverAStep() {
        assertThat(template.requestBody("blazen:workflow:recovered", Map.of())).isEqualTo("fallback");
    }
}
