package org.ddrrbus.bench.pipe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The design's floor on Kafka: a Kafka Streams relay with the exchange's guarantee and settings (exactly once v2,
 * the bus's commit interval, one stream thread, the same producer compression and linger) that writes as many
 * records per input as the exchange does, with headers of the same size as the bus's, differing from record to record
 * where the bus's do ({@link HeaderVariants}), or with none. It checks nothing and signs nothing, so the bus's distance
 * to it is what the bus's own work costs.
 */
public final class StreamsRelay extends Pipeline {

    public static final String IN = "bench.relay.in";
    public static final String OUT = "bench.relay.out";
    /** Where the relay writes the records beyond the one the sink reads (the exchange's receipts and changelogs). */
    public static final String SIDE = "bench.relay.side";

    private final String name;
    private final Map<String, Object> client;
    private final byte[] payload;
    private final HeaderVariants inputHeaders;
    private final HeaderVariants outputHeaders;
    private final int recordsPerInput;
    private final Duration commitInterval;
    private final Path stateDir;
    private final String compression;
    private final int batchSize;
    /**
     * Numbers every relay run of this process. Each run is a consumer group and transactional id of its own: until
     * 2026-12-04 the number counted the runs of one relay only, so the relay of the second size reused the first
     * size's groups and started from their committed offsets, behind every record the first size's runs had written
     * since (about 14 s of backlog in a 10 s run, and at 20 s per run more than the measurement: 0 delivered).
     */
    private static final AtomicInteger RUNS = new AtomicInteger();

    private KafkaStreams streams;
    private String applicationId;
    private boolean started;

    /**
     * @param inputHeaders what the input records carry (variants of a signed outbox record's headers, or none)
     * @param outputHeaders what the written records carry (variants of a delivery's headers, or none)
     * @param recordsPerInput how many records the relay writes for each input, as the exchange does
     * @param compression as the exchange's producer compresses (null: its default, lz4)
     * @param batchSize as the exchange's producer batches (0: Kafka's default)
     */
    public StreamsRelay(
            String name,
            Map<String, Object> adminClient,
            int valueBytes,
            HeaderVariants inputHeaders,
            HeaderVariants outputHeaders,
            int recordsPerInput,
            Duration commitInterval,
            Path stateDir,
            String compression,
            int batchSize) {
        this.name = name;
        this.client = adminClient;
        this.payload = new byte[valueBytes];
        new java.util.Random(11).nextBytes(payload);
        this.inputHeaders = inputHeaders;
        this.outputHeaders = outputHeaders;
        this.recordsPerInput = recordsPerInput;
        this.commitInterval = commitInterval;
        this.stateDir = stateDir;
        this.compression = compression == null ? "lz4" : compression;
        this.batchSize = batchSize;
    }

    @Override
    protected String name() {
        return name;
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
            producer.send(new ProducerRecord<>(
                    IN, null, subjectKey(sequence + i), payload, new RecordHeaders(inputHeaders.get(sequence + i))));
        }
        return records;
    }

    @Override
    protected void startRelay() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(
                        IN,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                                .withOffsetResetPolicy(AutoOffsetReset.latest()))
                .process(() -> new Fanout(outputHeaders, recordsPerInput))
                .to(
                        (key, value, context) -> context.headers().lastHeader(Fanout.TARGET) == null ? OUT : SIDE,
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties props = new Properties();
        props.putAll(client);
        // A group of its own per run: no backlog of an earlier run, and no wait for an earlier member to expire.
        applicationId = "bench-relay-" + name.replaceAll("[^a-z0-9]+", "-") + "-" + RUNS.incrementAndGet();
        startAtTheEnd(applicationId);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) commitInterval.toMillis());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(
                StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(applicationId).toString());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), compression);
        if (batchSize > 0) {
            props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), batchSize);
        }
        streams = new KafkaStreams(builder.build(), props);
        streams.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            sleepMillis(50);
        }
        started = streams.state() == KafkaStreams.State.RUNNING;
        if (!started) {
            // The run then measures nothing, and the bench stops with this reason (relayState).
            System.err.println("  " + name + " did not start within 60 s (state " + streams.state() + ")");
        }
    }

    /**
     * The new group's offsets set to the input's end before it starts: the relay then reads exactly what this run
     * publishes, however long its first rebalance takes (with {@code latest} alone, what is published before the
     * consumer first asks for its position would be skipped, and the run would wait for it in vain).
     */
    private void startAtTheEnd(String group) {
        try (Admin admin = Admin.create(client)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(IN))
                    .allTopicNames()
                    .get()
                    .get(IN)
                    .partitions()
                    .forEach(p -> latest.put(new TopicPartition(IN, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get()
                    .forEach((partition, end) -> ends.put(partition, new OffsetAndMetadata(end.offset())));
            admin.alterConsumerGroupOffsets(group, ends).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not start " + name + " at the end of " + IN + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name);
        }
    }

    @Override
    protected String relayState() {
        return streams == null
                ? ""
                : "; the relay " + applicationId + " was " + streams.state()
                        + (started ? "" : ", and had not started within 60 s");
    }

    @Override
    protected void stopRelay() {
        if (trace) {
            System.out.println("    " + name + ": "
                    + StreamsFigures.of(streams.metrics(), applicationId).since(StreamsFigures.none()));
        }
        streams.close(
                new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
    }

    /** Each input once to the sink's topic and {@code recordsPerInput - 1} times to the side topic. */
    private static final class Fanout implements Processor<byte[], byte[], byte[], byte[]> {
        static final String TARGET = "bench_side";

        private final HeaderVariants headers;
        private final int records;
        private ProcessorContext<byte[], byte[]> context;
        private long written;

        Fanout(HeaderVariants headers, int records) {
            this.headers = headers;
            this.records = records;
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            context.forward(record.withHeaders(new RecordHeaders(headers.get(written++))));
            for (int i = 1; i < records; i++) {
                RecordHeaders side = new RecordHeaders(headers.get(written++));
                side.add(TARGET, new byte[0]);
                context.forward(record.withHeaders(side));
            }
        }
    }

    public static List<String> topics() {
        return List.of(IN, OUT, SIDE);
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
