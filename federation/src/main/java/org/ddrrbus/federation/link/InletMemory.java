package org.ddrrbus.federation.link;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.events.ConsentRecorded;

/**
 * What the inlet remembers across restarts, in its compacted {@code .seen} topic: the ids of the events it handled
 * (a second copy is dropped by event id, never by offset) and the consents that crossed, by subjectRef and consentRef,
 * each sealed under this bus's key of the person (the key holds the case code and consent reference alone).
 * What the batch under way adds counts once its transaction commits.
 */
final class InletMemory {

    private static final String CONSENT = "ConsentRecorded";

    private final String seenTopic;
    private final EventCodec codec;
    private final Set<String> seen = new HashSet<>();
    /** What the batch under way handled; it counts once its transaction commits. */
    private final Set<String> seenNow = new HashSet<>();

    private final Map<String, ConsentRecorded> consentsNow = new HashMap<>();
    /** Consents that crossed, by subjectRef and consentRef: their purposes and last valid day (or none). */
    private final Map<String, ConsentRecorded> consents = new HashMap<>();

    /** Seals the consents kept under this bus's key of the person, so an erasure here makes them unreadable. */
    private final SubjectCipher cipher;

    InletMemory(String seenTopic, EventCodec codec, SubjectCipher cipher) {
        this.seenTopic = seenTopic;
        this.codec = codec;
        this.cipher = cipher;
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
        out.add(new ProducerRecord<>(
                seenTopic,
                key,
                cipher.seal(CONSENT, key, consentType(), subjectRef, Instant.now(), codec.encode(consent))));
    }

    /** The consent that crossed for this person under this reference, in this batch or before, if any. */
    ConsentRecorded consent(String subjectRef, Object consentRef) {
        String key = subjectRef + "|" + consentRef;
        return consentsNow.getOrDefault(key, consents.get(key));
    }

    /**
     * Forgets the consents kept for a person erased here: the records that keep them no longer open, their key being
     * destroyed, and nothing about the person is checked against them again.
     */
    void forget(String subjectRef) {
        consents.keySet().removeIf(key -> key.startsWith(subjectRef + "|"));
        consentsNow.keySet().removeIf(key -> key.startsWith(subjectRef + "|"));
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
                        opened(r).ifPresent(consent -> consents.put(r.key(), consent));
                    } else {
                        seen.add(r.key());
                    }
                }
            }
        }
    }

    /** A kept consent, opened with the person's key on this bus; empty once the person was erased here. */
    private Optional<ConsentRecorded> opened(ConsumerRecord<String, byte[]> record) {
        String subjectRef = record.key().substring(0, Math.max(0, record.key().indexOf('|')));
        try {
            return cipher.open(record.value(), record.key(), consentType(), subjectRef)
                    .map(plain -> (ConsentRecorded) codec.decode(plain));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not sealed as the inlet seals it: not a consent it kept
        }
    }

    private String consentType() {
        return codec.catalogue().byName(CONSENT).orElseThrow().cloudEventType();
    }

    int seenCount() {
        return seen.size();
    }

    int consentCount() {
        return consents.size();
    }
}
