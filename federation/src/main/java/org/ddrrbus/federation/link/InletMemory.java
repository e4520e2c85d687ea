package org.ddrrbus.federation.link;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.events.ConsentRecorded;

/**
 * What the inlet remembers across restarts, in its compacted {@code .seen} topic: the ids of the events it handled
 * (a second copy is dropped by event id, never by offset) and the consents that crossed, by subjectRef and consentRef.
 * What the batch under way adds counts once its transaction commits.
 */
final class InletMemory {

    private final String seenTopic;
    private final EventCodec codec;
    private final Set<String> seen = new HashSet<>();
    /** What the batch under way handled; it counts once its transaction commits. */
    private final Set<String> seenNow = new HashSet<>();

    private final Map<String, ConsentRecorded> consentsNow = new HashMap<>();
    /** Consents that crossed, by subjectRef and consentRef: their purposes and last valid day (or none). */
    private final Map<String, ConsentRecorded> consents = new HashMap<>();

    InletMemory(String seenTopic, EventCodec codec) {
        this.seenTopic = seenTopic;
        this.codec = codec;
    }

    /**
     * Whether the event {@code (source, id)} is new; if so it is marked handled in this batch, and the record that
     * keeps it is added to {@code out}.
     */
    boolean firstSight(String source, String id, List<ProducerRecord<String, byte[]>> out) {
        String seenKey = source + "|" + id;
        if (seen.contains(seenKey) || seenNow.contains(seenKey)) {
            return false;
        }
        seenNow.add(seenKey);
        out.add(new ProducerRecord<>(seenTopic, seenKey, new byte[0]));
        return true;
    }

    /** Keeps a consent that crossed, in this batch; the record that keeps it is added to {@code out}. */
    void keep(String subjectRef, ConsentRecorded consent, List<ProducerRecord<String, byte[]>> out) {
        String key = subjectRef + "|" + consent.getConsentRef();
        consentsNow.put(key, consent);
        out.add(new ProducerRecord<>(seenTopic, key, codec.encode(consent)));
    }

    /** The consent that crossed for this person under this reference, in this batch or before, if any. */
    ConsentRecorded consent(String subjectRef, Object consentRef) {
        String key = subjectRef + "|" + consentRef;
        return consentsNow.getOrDefault(key, consents.get(key));
    }

    void committed() {
        seen.addAll(seenNow);
        consents.putAll(consentsNow);
        seenNow.clear();
        consentsNow.clear();
    }

    void aborted() {
        seenNow.clear();
        consentsNow.clear();
    }

    /** Reads back the handled ids and the consents from the start of the {@code .seen} topic. */
    void restore(Map<String, Object> client) {
        Map<String, Object> c = new HashMap<>(client);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(seenTopic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(seenTopic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && r.value().length > 0) {
                        consents.put(r.key(), (ConsentRecorded) codec.decode(r.value()));
                    } else {
                        seen.add(r.key());
                    }
                }
            }
        }
    }

    int seenCount() {
        return seen.size();
    }

    int consentCount() {
        return consents.size();
    }
}
