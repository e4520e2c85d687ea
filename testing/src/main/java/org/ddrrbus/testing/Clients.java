package org.ddrrbus.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;

/**
 * The Kafka clients of a {@link TestBus}, whatever it listens on: how its producers and consumers are set, how an
 * agency's events are published, and how a topic is read to its end or waited on.
 */
final class Clients {

    private Clients() {}

    static KafkaProducer<String, byte[]> producer(Map<String, Object> base) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<String, byte[]> consumer(Map<String, Object> base) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Seals and signs the events as {@code agency}, and sends them to its outbox with a producer of its own. */
    static List<ProducerRecord<String, byte[]>> publish(
            Supplier<KafkaProducer<String, byte[]>> producers,
            SigningKey key,
            String agency,
            SpecificRecord... events) {
        EventCodec codec = new EventCodec();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (SpecificRecord event : events) {
            records.add(codec.seal(Topics.outbox(agency), codec.envelope(agency, event)));
        }
        RecordSigner.sender(key)
                .signEvents(
                        records.stream().map(ProducerRecord::headers).toList(),
                        records.stream().map(ProducerRecord::value).toList());
        try (KafkaProducer<String, byte[]> producer = producers.get()) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not publish as " + agency + ": " + e.getCause().getMessage(), e.getCause());
        }
        return records;
    }

    static List<ConsumerRecord<String, byte[]>> readAll(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within 30 s");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }

    /** Reads {@code topic} with {@code readAll} until it holds records matching the predicate, and returns those. */
    static List<ConsumerRecord<String, byte[]>> awaitRecords(
            Supplier<List<ConsumerRecord<String, byte[]>>> readAll,
            String topic,
            Predicate<ConsumerRecord<String, byte[]>> matching,
            int atLeast) {
        List<List<ConsumerRecord<String, byte[]>>> found = new ArrayList<>();
        Awaitility.await(topic + " to hold " + atLeast + " matching record(s)")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    List<ConsumerRecord<String, byte[]>> matches =
                            readAll.get().stream().filter(matching).toList();
                    found.clear();
                    found.add(matches);
                    return matches.size() >= atLeast;
                });
        return found.get(0);
    }
}
