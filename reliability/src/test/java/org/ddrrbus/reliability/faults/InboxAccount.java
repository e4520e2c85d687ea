package org.ddrrbus.reliability.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What reached an inbox, counted the way the promise is stated: every acknowledged event exactly once, in order per
 * subjectRef. Reads committed records only, as every recipient does.
 */
record InboxAccount(Set<String> lost, Set<String> duplicated, List<String> outOfOrder, int delivered) {

    static InboxAccount of(
            Map<String, Object> client, String inbox, String subjectPrefix, Set<String> acknowledged, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        InboxAccount account;
        do {
            account = read(client, inbox, subjectPrefix, acknowledged);
            if (account.lost().isEmpty()) {
                return account;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        return account;
    }

    private static InboxAccount read(
            Map<String, Object> client, String inbox, String subjectPrefix, Set<String> acknowledged) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, Integer> copies = new HashMap<>();
        Map<String, List<Long>> sequences = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(inbox, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(inbox, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null
                            || !record.key().startsWith(subjectPrefix)
                            || !from(record, "/agencies/iom")) {
                        continue;
                    }
                    String id = header(record, "ce_id");
                    copies.merge(id, 1, Integer::sum);
                    sequences
                            .computeIfAbsent(record.key(), k -> new ArrayList<>())
                            .add(sequenceOf(record));
                }
            }
        }
        Set<String> lost = new TreeSet<>(acknowledged);
        lost.removeAll(copies.keySet());
        Set<String> duplicated = new TreeSet<>();
        copies.forEach((id, count) -> {
            if (count > 1) {
                duplicated.add(id);
            }
        });
        List<String> outOfOrder = new ArrayList<>();
        sequences.forEach((subject, seqs) -> {
            for (int i = 1; i < seqs.size(); i++) {
                if (seqs.get(i) <= seqs.get(i - 1)) {
                    outOfOrder.add(subject + " at " + seqs.get(i));
                }
            }
        });
        return new InboxAccount(lost, duplicated, outOfOrder, copies.size());
    }

    private static boolean from(ConsumerRecord<String, byte[]> record, String source) {
        return source.equals(header(record, "ce_source"));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The event id is {@code STEADY-<8-digit sequence>-<uuid>}, as {@link SteadyPublisher} draws it. */
    private static long sequenceOf(ConsumerRecord<String, byte[]> record) {
        return Long.parseLong(header(record, "ce_id").substring("STEADY-".length(), "STEADY-".length() + 8));
    }
}
