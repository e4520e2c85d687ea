package org.ddrrbus.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerIT {

    @TempDir
    Path data;

    @Test
    void recordsSurviveARestartAndWrongPasswordsAreRefused() throws Exception {
        BrokerSettings settings = new BrokerSettings(data, freePort(), freePort(), "admin-secret");

        try (EmbeddedBroker broker = new EmbeddedBroker(settings).start();
                Admin admin = Admin.create(broker.adminClientProperties());
                KafkaProducer<String, String> producer = producer(broker.adminClientProperties())) {
            admin.createTopics(List.of(new NewTopic("ddrr.test", 1, (short) 1)))
                    .all()
                    .get();
            producer.send(new ProducerRecord<>("ddrr.test", "KE-1", "kept")).get();
        }

        try (EmbeddedBroker broker = new EmbeddedBroker(settings).start();
                KafkaConsumer<String, String> consumer = consumer(broker.adminClientProperties())) {
            TopicPartition partition = new TopicPartition("ddrr.test", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = consumer.poll(Duration.ofSeconds(10)).records(partition).stream()
                    .map(ConsumerRecord::value)
                    .toList();
            assertThat(values).containsExactly("kept");

            Map<String, Object> wrong = new HashMap<>(broker.adminClientProperties());
            wrong.put(SaslConfigs.SASL_JAAS_CONFIG, EmbeddedBroker.scramJaas("admin", "guess"));
            try (KafkaProducer<String, String> intruder = producer(wrong)) {
                assertThatThrownBy(() -> intruder.send(new ProducerRecord<>("ddrr.test", "x"))
                                .get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> base) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> base) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
