package org.ddrrbus.federation.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads committed records of one bus and writes what a step makes of each batch in one transaction with the read
 * positions: exactly once within that bus. Positions are this bus's own offsets only; nothing here knows the other
 * bus's.
 */
final class TransactionalRelay implements AutoCloseable {

    /** What a batch of read records becomes. */
    interface Step {
        List<ProducerRecord<String, byte[]>> process(List<ConsumerRecord<String, byte[]>> batch);

        /** The last batch's transaction committed: what it handled now counts. */
        default void committed() {}

        /** The last batch's transaction aborted: it will be read again, so nothing of it counts. */
        default void aborted() {}
    }

    private static final Logger log = LoggerFactory.getLogger(TransactionalRelay.class);

    /** The pause after a batch fails, doubled after each failure in a row up to {@link #MAX_PAUSE}. */
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);

    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Step step;
    private final Thread thread;
    private volatile boolean running = true;

    TransactionalRelay(
            String name, Map<String, Object> client, String group, String transactionalId, Pattern topics, Step step) {
        Map<String, Object> c = new HashMap<>(client);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 2_000);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.step = step;
        consumer.subscribe(topics);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        producer.initTransactions();
        thread.start();
    }

    private void run() {
        Duration pause = FIRST_PAUSE;
        while (running) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = consumer.poll(Duration.ofMillis(200));
            } catch (WakeupException e) {
                break;
            }
            if (records.isEmpty()) {
                continue;
            }
            List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
            records.forEach(batch::add);
            try {
                producer.beginTransaction();
                for (ProducerRecord<String, byte[]> out : step.process(batch)) {
                    producer.send(out);
                }
                producer.sendOffsetsToTransaction(next(records), consumer.groupMetadata());
                producer.commitTransaction();
                step.committed();
                pause = FIRST_PAUSE;
            } catch (RuntimeException e) {
                // Nothing of the batch counts: abort and read it again from the last committed position.
                log.warn("Federation relay {} aborts a batch and reads it again: {}", thread.getName(), e.toString());
                step.aborted();
                try {
                    producer.abortTransaction();
                } catch (RuntimeException abortFailed) {
                    // Fenced: another process took over this relay's transactional id. Nothing more of it can commit.
                    log.error(
                            "Federation relay {} stopped for good: its transaction cannot be aborted ({}); another"
                                    + " process probably took over its transactional id. Stop this link and start one",
                            thread.getName(),
                            abortFailed.toString());
                    running = false;
                    break;
                }
                rewind(records.partitions());
                // What failed (the other bus's key holder, the broker) is given time before the batch is tried again,
                // rather than asked in a tight loop; close() ends the pause at once.
                LockSupport.parkNanos(this, pause.toNanos());
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private void rewind(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata at = committed.get(partition);
            if (at == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, at.offset());
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> next(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> of = records.records(partition);
            next.put(partition, new OffsetAndMetadata(of.get(of.size() - 1).offset() + 1));
        }
        return next;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        LockSupport.unpark(thread);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
