package org.ddrrbus.auditor.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.ddrrbus.auditor.AuditFailure;

/**
 * Reads a range of a topic with an assigned consumer: seek, read to the planned end, stop. No group, no commit.
 *
 * <p>Planning asks the broker only for partitions and offsets, never for records, so a command can refuse bad input
 * and record its access before it reads anything.
 */
public final class LogReader {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration timeout;

    public LogReader(KafkaConsumer<String, byte[]> consumer, Duration timeout) {
        this.consumer = consumer;
        this.timeout = timeout;
    }

    /** The topics this principal may see that match, sorted. */
    public List<String> topics(Predicate<String> matching) {
        return consumer.listTopics(timeout).keySet().stream()
                .filter(matching)
                .sorted()
                .toList();
    }

    public ReadPlan plan(String topic, Window window) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, timeout);
        } catch (TopicAuthorizationException e) {
            throw AuditFailure.badInput("topic " + topic + " does not exist or the auditor may not read it");
        }
        if (partitions == null || partitions.isEmpty()) {
            throw AuditFailure.badInput("topic " + topic + " does not exist");
        }
        List<TopicPartition> selected = partitions.stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .filter(tp -> window.partition().map(p -> p == tp.partition()).orElse(true))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
        if (selected.isEmpty()) {
            throw AuditFailure.badInput("topic " + topic + " has partitions 0 to " + (partitions.size() - 1)
                    + "; there is no partition " + window.partition().orElseThrow());
        }
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(selected, timeout);
        // read_committed: the end is the last stable offset, so an open transaction is never waited for.
        Map<TopicPartition, Long> end = consumer.endOffsets(selected, timeout);
        if (window.fromOffset().isPresent()) {
            long from = window.fromOffset().get();
            if (selected.stream().allMatch(tp -> from > end.get(tp))) {
                throw AuditFailure.badInput("--from-offset " + from + " is past the end of " + topic + " ("
                        + describeEnds(selected, end) + ")");
            }
        }
        Map<TopicPartition, OffsetAndTimestamp> byTime = new HashMap<>();
        if (window.fromTime().isPresent()) {
            Map<TopicPartition, Long> query = new HashMap<>();
            selected.forEach(tp -> query.put(tp, window.fromTime().get().toEpochMilli()));
            byTime.putAll(consumer.offsetsForTimes(query, timeout));
        }
        List<ReadPlan.Range> ranges = new ArrayList<>();
        for (TopicPartition tp : selected) {
            long last = end.get(tp);
            long start = beginning.get(tp);
            if (window.fromOffset().isPresent()) {
                start = Math.max(start, Math.min(window.fromOffset().get(), last));
            }
            if (window.fromTime().isPresent()) {
                // The earliest offset whose timestamp is at least from-time: every record before it is earlier.
                OffsetAndTimestamp found = byTime.get(tp);
                start = Math.max(start, found == null ? last : found.offset());
            }
            long stop = last;
            if (window.toOffset().isPresent()) {
                stop = Math.min(stop, window.toOffset().get() + 1);
            }
            ranges.add(
                    new ReadPlan.Range(tp.partition(), Math.min(start, last), Math.max(Math.min(start, last), stop)));
        }
        return new ReadPlan(topic, ranges);
    }

    /**
     * Hands every record of the plan whose timestamp fits the window to {@code handler}, in offset order per
     * partition, counting each in {@code progress}.
     */
    public void read(
            ReadPlan plan, Window window, Consumer<ConsumerRecord<String, byte[]>> handler, Progress progress) {
        Map<TopicPartition, ReadPlan.Range> ranges = new HashMap<>();
        for (ReadPlan.Range range : plan.ranges()) {
            if (range.size() > 0) {
                ranges.put(new TopicPartition(plan.topic(), range.partition()), range);
            }
        }
        if (ranges.isEmpty()) {
            return;
        }
        consumer.assign(ranges.keySet());
        ranges.forEach((tp, range) -> consumer.seek(tp, range.start()));
        Set<TopicPartition> open = new HashSet<>(ranges.keySet());
        // Where each partition's next record was expected: a record further on means offsets passed without records.
        Map<TopicPartition, Long> next = new HashMap<>();
        ranges.forEach((tp, range) -> next.put(tp, range.start()));
        long lastRecord = System.nanoTime();
        try {
            while (!open.isEmpty()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                for (TopicPartition tp : records.partitions()) {
                    long end = ranges.get(tp).end();
                    for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
                        if (record.offset() >= end) {
                            break;
                        }
                        progress.skipped(record.offset() - next.get(tp));
                        next.put(tp, record.offset() + 1);
                        progress.advance();
                        if (window.admitsTime(record.timestamp())) {
                            handler.accept(record);
                        }
                    }
                }
                if (!records.isEmpty()) {
                    lastRecord = System.nanoTime();
                }
                for (TopicPartition tp : List.copyOf(open)) {
                    // Transaction markers take offsets too; the position passes them without returning a record.
                    if (consumer.position(tp, timeout) >= ranges.get(tp).end()) {
                        progress.skipped(ranges.get(tp).end() - next.get(tp));
                        next.put(tp, ranges.get(tp).end());
                        open.remove(tp);
                        consumer.pause(Set.of(tp));
                    }
                }
                if (!open.isEmpty() && System.nanoTime() - lastRecord > timeout.toNanos()) {
                    throw AuditFailure.unavailable(
                            "could not read " + plan.topic() + " to its planned end within " + timeout.toSeconds()
                                    + " s (stuck at " + positions(open) + ")",
                            null);
                }
            }
        } finally {
            consumer.assign(List.of());
        }
    }

    private String positions(Set<TopicPartition> open) {
        return open.stream()
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .map(tp -> "partition " + tp.partition() + " offset " + consumer.position(tp, timeout))
                .collect(Collectors.joining(", "));
    }

    private static String describeEnds(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        if (partitions.size() == 1) {
            return "partition " + partitions.get(0).partition() + " ends before offset " + end.get(partitions.get(0));
        }
        return "its partitions end before offsets "
                + partitions.stream()
                        .map(tp -> tp.partition() + ":" + end.get(tp))
                        .collect(Collectors.joining(", "));
    }
}
