package org.ddrrbus.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The auditor may read every inbox. Its command line records each run in {@code ddrr.audit-access}; a plain Kafka
 * client logged in with the auditor's password records nothing there, so the broker itself must keep the read.
 */
class BrokerRecordsReadsIT {

    private static TestBus bus;

    @BeforeAll
    static void start() {
        // A broker of its own: its read log then holds only what these tests did.
        bus = TestBus.start(AgreementLoader.loadDefault());
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    /** What Kafka's console consumer does with a client file: log in, take the partitions, read from the start. */
    private static List<ConsumerRecord<String, String>> plainConsumerReads(String principal, String topic) {
        Map<String, Object> props = new HashMap<>(bus.clientProperties(principal));
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (read.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            return read;
        }
    }

    private static String readLog() {
        try {
            return Files.readString(bus.broker().readLog());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void plainConsumerLoggedInAsTheAuditorReadsAnInboxAndTheBrokerRecordsTheRead() throws Exception {
        try (KafkaProducer<String, byte[]> exchange =
                TestBus.producer(bus.broker().adminClientProperties())) {
            exchange.send(new ProducerRecord<>(Topics.inbox("iom"), "KE-READ-LOG", new byte[] {1}))
                    .get();
        }

        List<ConsumerRecord<String, String>> read = plainConsumerReads("auditor", Topics.inbox("iom"));

        assertThat(read).extracting(ConsumerRecord::key).contains("KE-READ-LOG");
        Awaitility.await("the auditor's read in the broker's read log")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(readLog().lines())
                        .anySatisfy(line -> assertThat(line)
                                .contains("Principal = User:auditor is Allowed operation = READ")
                                .contains("on resource = Topic:LITERAL:" + Topics.inbox("iom"))
                                .contains("for request = Fetch")));
        Path log = bus.broker().readLog();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-------");
        assertThat(log.getParent()).isEqualTo(bus.dataDir());
    }

    @Test
    void refusedReadOfAnyPrincipalIsRecordedButAnAgencyReadingItsOwnInboxIsNot() {
        plainConsumerReads("iom", Topics.inbox("iom"));
        assertThatThrownBy(() -> plainConsumerReads("iom", Topics.inbox("nctc")))
                .isInstanceOf(TopicAuthorizationException.class);

        Awaitility.await("iom's refused read in the broker's read log")
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(readLog())
                        .contains("Principal = User:iom is Denied operation = ")
                        .contains("Topic:LITERAL:" + Topics.inbox("nctc")));
        assertThat(readLog()).doesNotContain("Principal = User:iom is Allowed");
    }
}
