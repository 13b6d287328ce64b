package dev.blazen.camel.pipeline;

import dev.blazen.camel.BlazenConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** blazen:pipeline from Java routes: a Pipeline bean or the stages option, results, async, resume, bad definitions. */
class PipelineEndpointTest extends CamelTestSupport {

    private static final String FLAKY = "stages=shout:upper,wobble:flaky,finish:exclaim";

    private final PipelineWorkflows workflows = new PipelineWorkflows();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.getRegistry().bind("ingest", Pipeline.builder("ingest")
                .stage("shout", "upper")
                .stage("measure", "length").input(state -> state.result("shout") + "/" + state.input())
                .build());
        return camel;
    }

    @Override
    protected RouteBuilder[] createRouteBuilders() {
        return new RouteBuilder[] {workflows, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:ingest").to("blazen:pipeline:ingest");
                from("direct:keep").to("blazen:pipeline:ingest?resultVariable=measured");
                from("direct:async").to("blazen:pipeline:ingest?async=true");
                from("direct:all").to("blazen:pipeline:fan?stages=shout:upper,enrich:all(size:length,loud:exclaim)");
                from("direct:first").to("blazen:pipeline:race?stages=answer:first(slow:slow,fast:upper-after-slow)");
                from("direct:flaky").to("blazen:pipeline:flaky?" + FLAKY);
                from("direct:resume").to("blazen:pipeline:flaky?" + FLAKY + "&resume=true");
                from("direct:impatient").to("blazen:pipeline:impatient?stages=nap:sleepy&timeoutPerStage=100ms");
            }
        }};
    }

    @Test
    void aPipelineBeanRunsWithTheBodyAsInputAndItsResultAsBody() {
        Exchange exchange = template.request("direct:ingest", e -> e.getMessage().setBody("hello"));

        assertThat(exchange.getMessage().getBody()).isEqualTo(11);
        assertThat(exchange.getMessage().getHeader(BlazenConstants.RUN_ID, String.class)).isNotBlank();
    }

    @Test
    void aStreamBodyIsReadAsText() {
        Object result = template.requestBody("direct:ingest",
                new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));

        assertThat(result).isEqualTo(11);
    }

    @Test
    void resultVariableKeepsTheBody() {
        Exchange exchange = template.request("direct:keep", e -> e.getMessage().setBody("hello"));

        assertThat(exchange.getMessage().getBody()).isEqualTo("hello");
        assertThat(exchange.getVariable("measured")).isEqualTo(11);
    }

    @Test
    void asyncAnswersWithTheRunIdAtOnce() throws Exception {
        Exchange exchange = template.request("direct:async", e -> e.getMessage().setBody("hello"));

        String runId = exchange.getMessage().getBody(String.class);
        assertThat(runId).isEqualTo(exchange.getMessage().getHeader(BlazenConstants.RUN_ID));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (workflows.executions("length") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(workflows.executions("length")).as("the run went on").isEqualTo(1);
    }

    @Test
    void theStagesOptionDefinesParallelStages() {
        assertThat(template.requestBody("direct:all", "hi")).isEqualTo(Map.of("size", 2, "loud", "HI!"));
        assertThat(template.requestBody("direct:first", "hi")).isEqualTo("HI");
    }

    @Test
    void resumeTrueResumesTheRunNamedByTheRunIdHeader() {
        workflows.flakyFails = true;
        Exchange failed = template.request("direct:flaky", e -> e.getMessage().setBody("hi"));
        assertThat(failed.getException()).isInstanceOf(PipelineStageFailedException.class)
                .hasMessageContaining("stage 'wobble' failed");
        String runId = failed.getMessage().getHeader(BlazenConstants.RUN_ID, String.class);
        workflows.flakyFails = false;

        Object result = template.requestBodyAndHeader("direct:resume", null, BlazenConstants.RUN_ID, runId);

        assertThat(result).isEqualTo("HI!");
        assertThat(workflows.executions("upper")).isEqualTo(1);
    }

    @Test
    void resumeNeedsARunId() {
        Exchange exchange = template.request("direct:resume", e -> e.getMessage().setBody("hi"));

        assertThat(exchange.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("blazen:pipeline:flaky?resume=true needs the run id to resume in the CamelBlazenRunId header");
    }

    @Test
    void timeoutPerStageComesFromTheEndpoint() {
        Exchange exchange = template.request("direct:impatient", e -> e.getMessage().setBody("hi"));

        assertThat(exchange.getException()).isInstanceOf(PipelineStageTimeoutException.class)
                .hasMessage("pipeline 'impatient': stage 'nap' timed out after 100 ms");
    }

    @Test
    void aBadDefinitionFailsTheRouteWhenItStarts() {
        assertThat(routeStartFailure("blazen:pipeline:bad?stages=a:all(x)"))
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessageStartingWith("pipeline 'bad': bad stages option 'a:all(x)': expected ':' at position 7");
        assertThat(routeStartFailure("blazen:pipeline:nowhere"))
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessageStartingWith("pipeline 'nowhere': no definition: bind a Pipeline bean named 'nowhere' or give "
                        + "the stages option");
        assertThat(routeStartFailure("blazen:pipeline:ingest?stages=a:upper"))
                .isInstanceOf(InvalidPipelineException.class)
                .hasMessage("pipeline 'ingest': defined twice, by a Pipeline bean named 'ingest' and by the stages option; "
                        + "keep one");
    }

    private Throwable routeStartFailure(String uri) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:bad-" + uri.hashCode()).to(uri);
            }
        }));
        assertThat(failure).as(uri).isNotNull();
        Throwable cause = failure;
        while (!(cause instanceof PipelineException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
