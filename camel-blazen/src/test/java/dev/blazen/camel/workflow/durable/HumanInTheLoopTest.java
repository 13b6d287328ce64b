package dev.blazen.camel.workflow.durable;

import dev.blazen.camel.BlazenConstants;
import dev.blazen.camel.workflow.InputRejectedException;
import dev.blazen.camel.workflow.InputTimeoutException;
import dev.blazen.camel.workflow.RespondOutcome;
import dev.blazen.camel.workflow.RunOptions;
import dev.blazen.camel.workflow.UnknownInputRequestException;
import dev.blazen.camel.workflow.UnknownRunException;
import dev.blazen.camel.workflow.WorkflowEngine;
import dev.blazen.camel.workflow.WorkflowHandler;
import dev.blazen.camel.workflow.event.InputRequestEvent;
import dev.blazen.camel.workflow.event.InputResponseEvent;
import dev.blazen.camel.workflow.event.StopEvent;
import dev.blazen.camel.workflow.snapshot.RunSnapshot;
import dev.blazen.camel.workflow.snapshot.RunStatus;
import dev.blazen.camel.workflow.snapshot.SnapshotCodec;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Input requests park a run; blazen:respond resumes it, here or on another node. */
class HumanInTheLoopTest {

    private final SharedStore store = new SharedStore();
    private final Nodes nodes = new Nodes(store);
    private final BlockingQueue<Exchange> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger reviews = new AtomicInteger();

    @AfterEach
    void stop() {
        nodes.close();
    }

    /** draft -> an input request -> decide (accepts the response) -> StopEvent. */
    private RouteBuilder approval() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("blazen:step:approval/draft?accepts=StartEvent").process(e -> {
                    reviews.incrementAndGet();
                    String topic = e.getMessage().getBody(Map.class).get("topic").toString();
                    e.getMessage().setBody(new InputRequestEvent("approve-" + topic, "Publish '" + topic + "'?",
                            Map.of("topic", topic)));
                });
                from("blazen:step:approval/decide?accepts=InputResponseEvent").process(e -> {
                    InputResponseEvent answer = e.getMessage().getBody(InputResponseEvent.class);
                    e.getMessage().setBody(new StopEvent(Map.of("request", answer.requestId(), "decision", answer.response())));
                });
                from("blazen:stream-events:approval").filter(header(BlazenConstants.EVENT_TYPE).isEqualTo(InputRequestEvent.TYPE))
                        .process(requests::add);
                from("direct:answer").to("blazen:respond:approval");
            }
        };
    }

    private RunSnapshot record(String runId) {
        return SnapshotCodec.read(store.get(RunSnapshot.key(runId)).orElseThrow().data());
    }

    private static void awaitStatus(RunStatus status, java.util.function.Supplier<RunSnapshot> read) throws InterruptedException {
        long end = System.currentTimeMillis() + 5000;
        while (read.get().status() != status && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        assertThat(read.get().status()).isEqualTo(status);
    }

    @Test
    void aRequestParksTheRunAndARespondResumesIt() throws Exception {
        CamelContext node = nodes.start(approval());
        WorkflowEngine engine = Nodes.engine(node);
        WorkflowHandler run = engine.start("approval", Map.of("topic", "q3"),
                RunOptions.defaults().withTimeout(Duration.ofMillis(700)));
        Exchange published = requests.poll(5, TimeUnit.SECONDS);
        assertThat(published).isNotNull();
        assertThat(published.getMessage().getHeader(BlazenConstants.REQUEST_ID)).isEqualTo("approve-q3");
        assertThat(published.getMessage().getHeader(BlazenConstants.RUN_ID)).isEqualTo(run.runId());
        assertThat(published.getMessage().getBody(InputRequestEvent.class).prompt()).isEqualTo("Publish 'q3'?");
        awaitStatus(RunStatus.PARKED, () -> record(run.runId()));
        assertThat(record(run.runId()).inputRequests()).extracting(i -> i.request().requestId()).containsExactly("approve-q3");

        Thread.sleep(1000); // past the workflow timeout: it does not tick while parked
        assertThat(run.isDone()).isFalse();

        ProducerTemplate template = node.createProducerTemplate();
        Map reply = template.requestBodyAndHeaders("direct:answer", Map.of("approved", true),
                Map.of(BlazenConstants.RUN_ID, run.runId(), BlazenConstants.REQUEST_ID, "approve-q3"), Map.class);
        assertThat(reply).containsEntry("outcome", "ACCEPTED").containsEntry("run_id", run.runId());
        assertThat(run.result().get(5, TimeUnit.SECONDS))
                .isEqualTo(Map.of("request", "approve-q3", "decision", Map.of("approved", true)));

        // the same answer again: answered idempotently, nothing runs twice
        Map again = template.requestBodyAndHeaders("direct:answer", Map.of("approved", true),
                Map.of(BlazenConstants.RUN_ID, run.runId(), BlazenConstants.REQUEST_ID, "approve-q3"), Map.class);
        assertThat(again).containsEntry("outcome", "DUPLICATE");
        assertThat(reviews).hasValue(1);
    }

    @Test
    void unknownRunsAndRequestsAreTypedErrors() throws Exception {
        CamelContext node = nodes.start(approval());
        WorkflowHandler run = Nodes.engine(node).start("approval", Map.of("topic", "x"));
        requests.poll(5, TimeUnit.SECONDS);
        ProducerTemplate template = node.createProducerTemplate();
        assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:answer", "yes",
                Map.of(BlazenConstants.RUN_ID, "no-such-run", BlazenConstants.REQUEST_ID, "approve-x")))
                .isInstanceOf(CamelExecutionException.class).cause().isInstanceOf(UnknownRunException.class)
                .hasMessageContaining("no-such-run");
        assertThatThrownBy(() -> template.requestBodyAndHeaders("direct:answer", "yes",
                Map.of(BlazenConstants.RUN_ID, run.runId(), BlazenConstants.REQUEST_ID, "other")))
                .cause().isInstanceOf(UnknownInputRequestException.class)
                .hasMessageContaining("'other'").hasMessageContaining("approve-x");
        assertThatThrownBy(() -> template.requestBody("direct:answer", "yes")).cause()
                .isInstanceOf(UnknownRunException.class).hasMessageContaining("CamelBlazenRunId");
        assertThat(run.isDone()).isFalse(); // bad answers lose nothing
        // the envelope form, as an HTTP or Kafka client sends it
        Map reply = template.requestBody("direct:answer", "{\"run_id\":\"" + run.runId()
                + "\",\"request_id\":\"approve-x\",\"response\":\"ok\"}", Map.class);
        assertThat(reply).containsEntry("outcome", "ACCEPTED");
        assertThat(run.result().get(5, TimeUnit.SECONDS)).isEqualTo(Map.of("request", "approve-x", "decision", "ok"));
    }

    @Test
    void theAnswerCanArriveAtAnotherNode() throws Exception {
        CamelContext first = nodes.start(approval());
        WorkflowHandler run = Nodes.engine(first).start("approval", Map.of("topic", "far"));
        requests.poll(5, TimeUnit.SECONDS);
        awaitStatus(RunStatus.PARKED, () -> record(run.runId()));
        first.stop(); // the node that started it is gone; the parked run stays in the store
        assertThat(record(run.runId()).status()).isEqualTo(RunStatus.PARKED);

        CamelContext second = nodes.start(approval());
        Map reply = second.createProducerTemplate().requestBodyAndHeaders("direct:answer", "ship it",
                Map.of(BlazenConstants.RUN_ID, run.runId(), BlazenConstants.REQUEST_ID, "approve-far"), Map.class);
        assertThat(reply).containsEntry("outcome", "ACCEPTED");
        long end = System.currentTimeMillis() + 5000;
        while (!record(run.runId()).status().isFinished() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        RunSnapshot done = record(run.runId());
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.result()).isEqualTo(Map.of("request", "approve-far", "decision", "ship it"));
        assertThat(Nodes.engine(second).respond("approval", run.runId(), "approve-far", "again", false))
                .isEqualTo(RespondOutcome.DUPLICATE);
        assertThat(reviews).hasValue(1);
    }

    @Test
    void aLiveNodeLetsGoOfARunAnsweredElsewhere() throws Exception {
        CamelContext first = nodes.start(approval());
        WorkflowHandler run = Nodes.engine(first).start("approval", Map.of("topic", "both"));
        requests.poll(5, TimeUnit.SECONDS);
        awaitStatus(RunStatus.PARKED, () -> record(run.runId()));

        CamelContext second = nodes.start(approval());
        assertThat(Nodes.engine(second).respond("approval", run.runId(), "approve-both", "yes", false))
                .isEqualTo(RespondOutcome.ACCEPTED);
        // the first node's caller learns that the run went on elsewhere (its recovery pass sees the newer record)
        assertThatThrownBy(() -> run.result().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(dev.blazen.camel.workflow.RunTakenOverException.class);
        awaitStatus(RunStatus.COMPLETED, () -> record(run.runId()));
        assertThat(record(run.runId()).result()).isEqualTo(Map.of("request", "approve-both", "decision", "yes"));
        assertThat(Nodes.engine(first).activeRuns()).isZero();
    }

    @Test
    void anUnansweredRequestTimesOut() throws Exception {
        CamelContext node = nodes.start(approval());
        WorkflowHandler run = Nodes.engine(node).start("approval", Map.of("topic", "late"),
                RunOptions.defaults().withInputTimeout(Duration.ofMillis(300)));
        assertThatThrownBy(() -> run.result().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(InputTimeoutException.class).hasMessageContaining("approve-late");
    }

    @Test
    void aRejectionFailsTheRun() throws Exception {
        CamelContext node = nodes.start(approval());
        WorkflowHandler run = Nodes.engine(node).start("approval", Map.of("topic", "no"));
        requests.poll(5, TimeUnit.SECONDS);
        node.createProducerTemplate().requestBodyAndHeaders("direct:answer", "not this quarter",
                Map.of(BlazenConstants.RUN_ID, run.runId(), BlazenConstants.REQUEST_ID, "approve-no",
                        BlazenConstants.REJECTED, true));
        assertThatThrownBy(() -> run.result().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOf(InputRejectedException.class).hasMessageContaining("not this quarter");
    }

    @Test
    void anInlineInputHandlerAnswersWithoutParking() throws Exception {
        CamelContext node = nodes.start(approval());
        WorkflowEngine engine = Nodes.engine(node);
        engine.setInputHandler("approval", request -> "auto: " + request.prompt());
        WorkflowHandler run = engine.start("approval", Map.of("topic", "bot"));
        assertThat(run.result().get(5, TimeUnit.SECONDS))
                .isEqualTo(Map.of("request", "approve-bot", "decision", "auto: Publish 'bot'?"));
        assertThat(requests.poll(1, TimeUnit.SECONDS)).isNotNull(); // still published on the stream
    }

    @Test
    void respondToInputOnTheHandler() throws Exception {
        CamelContext node = nodes.start(approval());
        WorkflowHandler run = Nodes.engine(node).start("approval", Map.of("topic", "h"), RunOptions.defaults().withDurable(false));
        requests.poll(5, TimeUnit.SECONDS);
        assertThat(run.respondToInput("approve-h", List.of(1, 2))).isEqualTo(RespondOutcome.ACCEPTED);
        assertThat(run.result().get(5, TimeUnit.SECONDS)).isEqualTo(Map.of("request", "approve-h", "decision", List.of(1, 2)));
    }
}
