package org.ddrrbus.reliability.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.HeaderText;

/**
 * What reached an inbox, counted the way the promise is stated: every acknowledged event exactly once, in order per
 * subjectRef. Reads committed records only, as every recipient does.
 */
record InboxAccount(Set<String> lost, Set<String> duplicated, List<String> outOfOrder, int delivered) {

    /**
     * The account once nothing acknowledged is missing, or as it stands after {@code patience}: the caller asserts on
     * what was lost, so a loss is reported, not waited out.
     */
    static InboxAccount of(
            Map<String, Object> client,
            String inbox,
            String subjectPrefix,
            Set<String> acknowledged,
            Duration patience) {
        AtomicReference<InboxAccount> account = new AtomicReference<>();
        try {
            Awaitility.await("every acknowledged event in " + inbox)
                    .atMost(patience)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        account.set(read(client, inbox, subjectPrefix, acknowledged));
                        return account.get().lost().isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            // What is still lost after the patience is the finding.
        }
        return account.get();
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
                    String id = header(record, CloudEventHeaders.ID);
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
        return source.equals(header(record, CloudEventHeaders.SOURCE));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return HeaderText.orEmpty(record.headers(), name);
    }

    /** The event id is {@code STEADY-<8-digit sequence>-<uuid>}, as {@link SteadyPublisher} draws it. */
    private static long sequenceOf(ConsumerRecord<String, byte[]> record) {
        return Long.parseLong(
                header(record, CloudEventHeaders.ID).substring("STEADY-".length(), "STEADY-".length() + 8));
    }
}
