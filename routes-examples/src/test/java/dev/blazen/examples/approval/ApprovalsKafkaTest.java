package dev.blazen.examples.approval;

import dev.blazen.camel.workflow.WorkflowHandler;
import dev.blazen.examples.ExamplesApplication;
import dev.blazen.examples.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.blazen.examples.approval.ApprovalTestSupport.await;
import static dev.blazen.examples.approval.ApprovalTestSupport.desk;
import static dev.blazen.examples.approval.ApprovalTestSupport.engine;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers to the approval workflow from a Kafka topic, with a real broker ({@link KafkaBroker}: Apache Kafka in KRaft
 * mode, in this JVM) and the application as shipped, its Kafka routes switched on by
 * {@code blazen.examples.kafka.brokers}. The answers are produced with a plain {@link KafkaProducer}, as any other
 * system would send them.
 */
class ApprovalsKafkaTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOPIC = "approvals-responses";
    private static final String DEAD_LETTERS = "approvals-dead-letters";
    private static final String REQUEST_ID = PurchaseOrderDrafter.REQUEST_ID;

    private static KafkaBroker broker;
    private static ExamplesApplication app;
    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> deadLetterReader;
    private static final List<ConsumerRecord<String, String>> deadLetters = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        broker = new KafkaBroker().start();
        broker.createTopic(TOPIC, 1);
        broker.createTopic(DEAD_LETTERS, 1);
        app = ApprovalTestSupport.startApplication(ApprovalTestSupport.freePort(), Map.of(
                "blazen.examples.kafka.brokers", broker.bootstrapServers(),
                "blazen.examples.kafka.topic", TOPIC,
                "blazen.examples.kafka.dead-letter-topic", DEAD_LETTERS,
                "blazen.examples.kafka.group-id", "approvals-kafka-test"));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
        deadLetterReader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        TopicPartition partition = new TopicPartition(DEAD_LETTERS, 0);
        deadLetterReader.assign(List.of(partition));
        deadLetterReader.seekToBeginning(List.of(partition));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (producer != null) {
                producer.close();
            }
            if (deadLetterReader != null) {
                deadLetterReader.close();
            }
            if (app != null) {
                app.stop();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void theKafkaRouteIsThereBecauseBrokersAreSet() {
        assertThat(app.getCamelContext().getRoute("approvals-kafka")).isNotNull();
        assertThat(app.getCamelContext().getRoute("approvals-kafka").getEndpoint().getEndpointUri())
                .startsWith("kafka://" + TOPIC);
    }

    @Test
    void anAnswerFromKafkaFinishesTheRunWithIt() throws Exception {
        WorkflowHandler run = engine(app.getCamelContext()).start("approval", "Twelve USB-C docks");
        awaitWaiting(run.runId());
        assertThat(run.isDone()).isFalse();

        send(run.runId(), answer(run.runId(), REQUEST_ID, true, "for the new desks"));

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) run.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result).containsEntry("run_id", run.runId()).containsEntry("decision", "approved")
                .containsEntry("comment", "for the new desks")
                .containsEntry("draft", "Purchase order: Twelve USB-C docks. Supplier: the usual one. "
                        + "Delivery: within 10 working days.");
        Map<String, Object> status = awaitAnswers(run.runId(), 1);
        assertThat(status.get("status")).isEqualTo("decided");
        assertThat(answers(status)).containsExactly("ACCEPTED via kafka");
    }

    @Test
    void aRepeatedAnswerIsADuplicateWithoutASecondResumeOrAnError() throws Exception {
        WorkflowHandler run = engine(app.getCamelContext()).start("approval", "A projector");
        awaitWaiting(run.runId());

        send(run.runId(), answer(run.runId(), REQUEST_ID, false, "use the one in room 2"));
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) run.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result).containsEntry("decision", "rejected");

        // the same record again, and one that changes its mind: both answered idempotently
        send(run.runId(), answer(run.runId(), REQUEST_ID, false, "use the one in room 2"));
        send(run.runId(), answer(run.runId(), REQUEST_ID, true, "changed my mind"));

        Map<String, Object> status = awaitAnswers(run.runId(), 3);
        assertThat(answers(status)).containsExactly("ACCEPTED via kafka", "DUPLICATE via kafka", "DUPLICATE via kafka");
        @SuppressWarnings("unchecked")
        Map<String, Object> decision = (Map<String, Object>) status.get("decision");
        assertThat(decision).containsEntry("decision", "rejected").containsEntry("comment", "use the one in room 2");
        assertThat(desk(app).timesDecided(run.runId())).as("decide step runs").isEqualTo(1);
        assertThat(run.result().get()).isEqualTo(result);
        // a duplicate is not an error: nothing of this run reached the dead-letter topic
        assertThat(readDeadLetters(Duration.ofMillis(500))).noneMatch(record -> record.value().contains(run.runId()));
    }

    @Test
    void undeliverableRecordsGoToTheDeadLetterTopicAndTheConsumerGoesOn() throws Exception {
        String unknownRun = answer("no-such-run", REQUEST_ID, true, null);
        send("no-such-run", unknownRun);
        send("garbage", "approve it!");
        send("no-ids", "{\"response\": {\"approved\": true}}");

        // records behind the bad ones in the same partition are still consumed
        WorkflowHandler run = engine(app.getCamelContext()).start("approval", "Whiteboard markers");
        awaitWaiting(run.runId());
        String wrongRequest = answer(run.runId(), "budget-approval", true, null);
        send(run.runId(), wrongRequest);
        send(run.runId(), answer(run.runId(), REQUEST_ID, true, null));
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) run.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result).containsEntry("decision", "approved");

        ConsumerRecord<String, String> noRun = awaitDeadLetter("no-such-run");
        assertThat(noRun.value()).isEqualTo(unknownRun);
        assertThat(header(noRun, "blazen-error")).isEqualTo("UnknownRunException");
        assertThat(header(noRun, "blazen-error-message")).contains("unknown run 'no-such-run'");

        ConsumerRecord<String, String> garbage = awaitDeadLetter("garbage");
        assertThat(garbage.value()).isEqualTo("approve it!");
        assertThat(header(garbage, "blazen-error")).isNotBlank();

        ConsumerRecord<String, String> noIds = awaitDeadLetter("no-ids");
        assertThat(header(noIds, "blazen-error")).isEqualTo("IllegalArgumentException");
        assertThat(header(noIds, "blazen-error-message")).contains("\"run_id\"");

        ConsumerRecord<String, String> noRequest = awaitDeadLetter(run.runId());
        assertThat(noRequest.value()).isEqualTo(wrongRequest);
        assertThat(header(noRequest, "blazen-error")).isEqualTo("UnknownInputRequestException");
        assertThat(answers(desk(app).status(run.runId()))).containsExactly("ACCEPTED via kafka");
    }

    private static String answer(String runId, String requestId, boolean approved, String comment) {
        return "{\"run_id\": \"" + runId + "\", \"request_id\": \"" + requestId + "\", \"response\": {\"approved\": "
                + approved + (comment == null ? "" : ", \"comment\": \"" + comment + "\"") + "}}";
    }

    private static void send(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, key, value)).get(10, TimeUnit.SECONDS);
    }

    /** The stream-events route saw the run's input request: the run is parked and waits. */
    private static void awaitWaiting(String runId) throws InterruptedException {
        await("run " + runId + " waiting for approval", WAIT, () -> desk(app).pending().stream()
                .filter(p -> runId.equals(p.get("run_id"))).findFirst().orElse(null));
    }

    private static Map<String, Object> awaitAnswers(String runId, int count) throws InterruptedException {
        return await(count + " answers for run " + runId, WAIT, () -> {
            Map<String, Object> status = desk(app).status(runId);
            return status != null && answers(status).size() >= count && "decided".equals(status.get("status"))
                    ? status : null;
        });
    }

    @SuppressWarnings("unchecked")
    private static List<String> answers(Map<String, Object> status) {
        return ((List<Map<String, Object>>) status.get("answers")).stream()
                .map(a -> a.get("outcome") + " via " + a.get("via")).toList();
    }

    private static ConsumerRecord<String, String> awaitDeadLetter(String key) throws InterruptedException {
        return await("a dead letter with key " + key, WAIT, () -> readDeadLetters(Duration.ofMillis(100)).stream()
                .filter(record -> key.equals(record.key())).findFirst().orElse(null));
    }

    /** Every dead letter so far (the reader only ever moves forward, so they are kept). */
    private static List<ConsumerRecord<String, String>> readDeadLetters(Duration poll) {
        deadLetterReader.poll(poll).forEach(deadLetters::add);
        return List.copyOf(deadLetters);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
