package dev.blazen.examples.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test broker itself: clients reach it, topics get the partitions asked for, close removes every trace. */
class KafkaBrokerTest {

    @Test
    void aProducedRecordIsConsumedAndCloseDeletesTheDirectory() throws Exception {
        Path directory;
        try (KafkaBroker broker = new KafkaBroker(Map.of("num.partitions", "2")).start()) {
            directory = broker.directory();
            assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(directory).isDirectory();
            broker.createTopic("three", 3);
            broker.createTopic("three", 3); // exists: left alone

            RecordMetadata written;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                written = producer.send(new ProducerRecord<>("three", "key", "hello")).get();
                // a topic created on first use gets the overridden default partition count
                producer.send(new ProducerRecord<>("auto", "k", "v")).get();
                assertThat(producer.partitionsFor("three")).hasSize(3);
                assertThat(producer.partitionsFor("auto")).hasSize(2);
            }

            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "broker-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("three"));
                List<ConsumerRecord<String, String>> records = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (records.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
                assertThat(records).singleElement().satisfies(record -> {
                    assertThat(record.key()).isEqualTo("key");
                    assertThat(record.value()).isEqualTo("hello");
                    assertThat(record.partition()).isEqualTo(written.partition());
                });
            }
            assertThat(directory).isNotEmptyDirectory();
        }
        assertThat(Files.exists(directory)).as("broker directory %s after close", directory).isFalse();
    }

    @Test
    void aBrokerStartsOnceAndTellsWhenItDoesNotRun() {
        KafkaBroker broker = new KafkaBroker();
        assertThatThrownBy(broker::bootstrapServers).isInstanceOf(IllegalStateException.class);
        broker.close();
        broker.close(); // again: nothing to do
        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
