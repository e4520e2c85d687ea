package org.ddrrbus.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Makes an inbox hold enough records to time {@code audit verify} over: the deliveries the exchange made in this run,
 * written again byte for byte (key, value, every header) until the inbox holds {@code atLeast}. Each copy verifies as
 * its original does, at the same cost; a short run of the bus on this machine delivers far fewer than a million.
 */
final class AuditCopies {

    private static final int MOST_KEPT = 50_000;

    private AuditCopies() {}

    static void fill(Map<String, Object> admin, String topic, long atLeast) {
        List<ConsumerRecord<byte[], byte[]>> originals = read(admin, topic);
        long have = originals.size();
        if (originals.isEmpty() || have >= atLeast) {
            return;
        }
        Map<String, Object> props = new HashMap<>(admin);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        System.out.println(
                "  copying " + originals.size() + " deliveries until " + topic + " holds " + atLeast + " ...");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long written = 0;
            long wanted = atLeast - totalIn(admin, topic);
            while (written < wanted) {
                for (ConsumerRecord<byte[], byte[]> r : originals) {
                    producer.send(new ProducerRecord<>(topic, r.partition(), r.key(), r.value(), r.headers()));
                    if (++written >= wanted) {
                        break;
                    }
                }
            }
            producer.flush();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(Map<String, Object> admin, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(admin)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (records.size() < MOST_KEPT
                    && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (records.size() < MOST_KEPT) {
                        records.add(r);
                    }
                }
            }
        }
        return records;
    }

    private static long totalIn(Map<String, Object> admin, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(admin)) {
            return consumer.endOffsets(partitions(consumer, topic)).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> admin) {
        Map<String, Object> props = new HashMap<>(admin);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
