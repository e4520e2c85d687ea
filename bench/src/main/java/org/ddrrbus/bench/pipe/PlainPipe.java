package org.ddrrbus.bench.pipe;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The baseline: byte-array records of the same size as the bus's values, producer to relay (consumer plus producer,
 * acks=all, idempotent, at least once) to consumer, on the same broker.
 */
public final class PlainPipe extends Pipeline {

    public static final String IN = "bench.plain.in";
    public static final String OUT = "bench.plain.out";

    private final Map<String, Object> client;
    private final byte[] payload;
    private final AtomicBoolean relaying = new AtomicBoolean();
    private Thread relay;

    public PlainPipe(Map<String, Object> adminClient, int valueBytes) {
        this.client = adminClient;
        this.payload = new byte[valueBytes];
        new java.util.Random(7).nextBytes(payload);
    }

    @Override
    protected String name() {
        return "plain Kafka pipe";
    }

    @Override
    protected int valueBytes() {
        return payload.length;
    }

    @Override
    protected Map<String, Object> producerProperties() {
        return client;
    }

    @Override
    protected Map<String, Object> sinkProperties() {
        return client;
    }

    @Override
    protected String sinkTopic() {
        return OUT;
    }

    @Override
    protected int publishChunk(KafkaProducer<byte[], byte[]> producer, int records, long sequence) {
        for (int i = 0; i < records; i++) {
            producer.send(new ProducerRecord<>(IN, subjectKey(sequence + i), payload));
        }
        return records;
    }

    @Override
    protected void startRelay() {
        relaying.set(true);
        relay = new Thread(this::relay, "plain-relay");
        relay.start();
    }

    @Override
    protected void stopRelay() {
        relaying.set(false);
        try {
            relay.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void relay() {
        Map<String, Object> consumerProps = new HashMap<>(client);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-plain-relay");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumerProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        Map<String, Object> producerProps = new HashMap<>(client);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaConsumer<byte[], byte[]> in =
                        new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> out =
                        new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            in.subscribe(List.of(IN));
            while (relaying.get()) {
                var records = in.poll(Duration.ofMillis(50));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    out.send(new ProducerRecord<>(OUT, null, record.timestamp(), record.key(), record.value()));
                }
                if (!records.isEmpty()) {
                    in.commitAsync();
                }
            }
        }
    }
}
