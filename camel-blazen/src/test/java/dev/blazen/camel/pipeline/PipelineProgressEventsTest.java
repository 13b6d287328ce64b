package dev.blazen.camel.pipeline;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.pipeline.PipelineProgressEvent.StageCompleted;
import dev.blazen.camel.pipeline.PipelineProgressEvent.StageFailed;
import dev.blazen.camel.pipeline.PipelineProgressEvent.StageSkipped;
import dev.blazen.camel.pipeline.PipelineProgressEvent.StageStarted;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.blazen.camel.pipeline.PipelineRunTest.failure;
import static org.assertj.core.api.Assertions.assertThat;

/** A pipeline's progress reaches blazen:stream-events consumers of its name, in order. */
class PipelineProgressEventsTest extends CamelTestSupport {

    @Override
    protected RouteBuilder[] createRouteBuilders() {
        return new RouteBuilder[] {new PipelineWorkflows(), new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:stream-events:progress").to("mock:progress");
            }
        }};
    }

    @Test
    void stagesStartedCompletedSkippedAndFailedArriveInOrderWithTheRunId() throws Exception {
        MockEndpoint progress = getMockEndpoint("mock:progress");
        progress.expectedMessageCount(5);
        Pipeline pipeline = Pipeline.builder("progress")
                .stage("shout", "upper")
                .stage("never", "exclaim").when(state -> false)
                .stage("explode", "boom")
                .build();

        PipelineHandler handler = PipelineRunner.of(context).start(pipeline, "hi");
        failure(handler, PipelineStageFailedException.class);

        progress.assertIsSatisfied();
        List<Object> events = progress.getExchanges().stream().map(e -> e.getMessage().getBody()).toList();
        assertThat(events.get(0)).isEqualTo(new StageStarted("progress", "shout", 0, 3));
        assertThat(events.get(1)).isInstanceOfSatisfying(StageCompleted.class, completed -> {
            assertThat(completed.stage()).isEqualTo("shout");
            assertThat(completed.index()).isZero();
            assertThat(completed.count()).isEqualTo(3);
            assertThat(completed.durationMicros()).isPositive();
        });
        assertThat(events.get(2)).isEqualTo(new StageSkipped("progress", "never", 1, 3));
        assertThat(events.get(3)).isEqualTo(new StageStarted("progress", "explode", 2, 3));
        assertThat(events.get(4)).isInstanceOfSatisfying(StageFailed.class, failed -> {
            assertThat(failed.stage()).isEqualTo("explode");
            assertThat(failed.index()).isEqualTo(2);
            assertThat(failed.error()).contains("boom on HI");
        });
        Exchange first = progress.getExchanges().get(0);
        assertThat(first.getMessage().getHeader(BlazenConstants.RUN_ID)).isEqualTo(handler.runId());
        assertThat(first.getMessage().getHeader(BlazenConstants.WORKFLOW)).isEqualTo("progress");
        assertThat(first.getMessage().getHeader(BlazenConstants.EVENT_TYPE)).isEqualTo("blazen::PipelineStageStarted");
    }
}
