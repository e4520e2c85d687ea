package org.ddrrbus.bench.pipe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Two hops through Kafka, measured the same way for the bus and for the plain baseline: producers publish at a rate
 * (or flat out), something relays, and a consumer at the end counts records and their publish-to-delivery latency
 * (its clock minus the record timestamp, which both relays carry over from the original record).
 */
public abstract class Pipeline {

    protected static final int SUBJECTS = 10_000;
    /** Most records in flight to the final consumer: a flat-out producer would only measure filling the broker. */
    private static final long IN_FLIGHT = 20_000;

    /** At a set rate, what became due in this long is published (and, by the bus, signed) at once. */
    public static final long GATHER_MICROS = 1000;

    /** Whether runs print what was sent and delivered every second ({@code ./ddrr bench --trace}). */
    public static volatile boolean trace;
    /** Where runs at a set rate write each measured delivery ({@code ./ddrr bench --latency-log FILE}), or null. */
    public static volatile java.nio.file.Path latencyLog;

    /**
     * What else a trace line shows: for the bus, what the exchange counts as delivered. When that rises while the sink
     * sees nothing, the deliveries are written but not yet committed (read_committed); when neither rises, the
     * exchange itself has stopped.
     */
    public static volatile java.util.function.Supplier<String> traceProbe = () -> "";

    /** Publishes a chunk of records; returns how many were sent. */
    protected abstract int publishChunk(KafkaProducer<byte[], byte[]> producer, int records, long sequence);

    protected abstract String name();

    protected abstract Map<String, Object> producerProperties();

    protected abstract Map<String, Object> sinkProperties();

    protected abstract String sinkTopic();

    protected abstract int valueBytes();

    /** Whether a record at the sink is one this pipeline delivered (inboxes also hold other records). */
    protected boolean counts(ConsumerRecord<byte[], byte[]> record) {
        return true;
    }

    /** The headers of a record the sink counted in the last run: what one delivery carries. */
    private volatile org.apache.kafka.common.header.Header[] sampleHeaders =
            new org.apache.kafka.common.header.Header[0];

    public org.apache.kafka.common.header.Header[] sampleHeaders() {
        return sampleHeaders.clone();
    }

    /** The headers of another record delivered in the last run than {@link #sampleHeaders()}'s. */
    private volatile org.apache.kafka.common.header.Header[] otherSampleHeaders =
            new org.apache.kafka.common.header.Header[0];

    /**
     * The headers of the records this pipeline delivered, as the floor should write them: with the values that
     * differed between two of them drawn anew for every record.
     */
    public HeaderVariants deliveredHeaders() {
        return HeaderVariants.of(sampleHeaders, otherSampleHeaders);
    }

    /** When the record was published, in epoch milliseconds: its timestamp, which every relay here carries over. */
    protected long publishedAt(ConsumerRecord<byte[], byte[]> record) {
        return record.timestamp();
    }

    /**
     * Why the last run measured nothing, when it did not: what was sent, what reached the sink and when, and the
     * relay's own account ({@link #relayState()}). Empty when the last run measured something.
     */
    private volatile String nothingMeasured = "";

    public String nothingMeasured() {
        return nothingMeasured;
    }

    /** What the relay between the two hops says about itself, for a run that measured nothing; empty if nothing. */
    protected String relayState() {
        return "";
    }

    protected void startRelay() {}

    protected void stopRelay() {}

    public Result run(long ratePerSecond, Duration duration, Duration warmUp, int producerThreads)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean draining = new AtomicBoolean(true);
        AtomicLong delivered = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong lastDelivery = new AtomicLong(System.nanoTime());
        AtomicLong earlier = new AtomicLong();
        Latencies latencies = new Latencies();
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long[] measured = new long[1];
        long startedAt = System.currentTimeMillis();
        int[] headerBytes = new int[1];
        ArrivalLog arrivals = ArrivalLog.open(latencyLog, name(), ratePerSecond);

        KafkaConsumer<byte[], byte[]> sink =
                new KafkaConsumer<>(sinkConsumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = sink.partitionsFor(sinkTopic()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        sink.assign(partitions);
        sink.seekToEnd(partitions);
        partitions.forEach(sink::position);
        long measureUntil = System.nanoTime() + duration.toNanos();
        Thread consumer = new Thread(
                () -> {
                    while (draining.get()) {
                        for (ConsumerRecord<byte[], byte[]> record : sink.poll(Duration.ofMillis(50))) {
                            // Anything arriving keeps the drain waiting, but only what this run published counts: a
                            // backlog of an earlier run, or a relay of one still finishing, may come first.
                            lastDelivery.set(System.nanoTime());
                            if (publishedAt(record) < startedAt || !counts(record)) {
                                earlier.incrementAndGet();
                                continue;
                            }
                            delivered.incrementAndGet();
                            if (headerBytes[0] == 0) {
                                headerBytes[0] = headerBytes(record);
                                sampleHeaders = record.headers().toArray();
                                otherSampleHeaders = new org.apache.kafka.common.header.Header[0];
                            } else if (otherSampleHeaders.length == 0) {
                                otherSampleHeaders = record.headers().toArray();
                            }
                            lastDelivery.set(System.nanoTime());
                            long now = System.nanoTime();
                            if (now >= measureFrom && now < measureUntil) {
                                measured[0]++;
                                long read = System.currentTimeMillis();
                                latencies.record((read - publishedAt(record)) * 1000);
                                arrivals.record(read, publishedAt(record), record.partition(), record.offset());
                            }
                        }
                    }
                    sink.close();
                    arrivals.close();
                },
                name() + "-sink");
        consumer.start();
        startRelay();

        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < producerThreads; t++) {
            long perThread = ratePerSecond / producerThreads;
            int index = t;
            Thread producer =
                    new Thread(() -> produce(running, perThread, index, sent, delivered), name() + "-producer-" + t);
            producers.add(producer);
            producer.start();
        }
        if (trace) {
            long until = System.nanoTime() + duration.toNanos();
            long start = System.nanoTime();
            while (System.nanoTime() < until) {
                Thread.sleep(Math.min(1000, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
                System.out.printf(
                        "    %tT %s %5.1f s: sent %d, delivered %d%s%n",
                        System.currentTimeMillis(),
                        name(),
                        (System.nanoTime() - start) / 1e9,
                        sent.get(),
                        delivered.get(),
                        traceProbe.get());
            }
        } else {
            Thread.sleep(duration.toMillis());
        }
        running.set(false);
        for (Thread producer : producers) {
            producer.join();
        }
        // Let everything sent arrive before the next measurement starts, so no backlog spills into it.
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (delivered.get() < sent.get()
                && System.nanoTime() < deadline
                && System.nanoTime() - lastDelivery.get()
                        < Duration.ofSeconds(15).toNanos()) {
            Thread.sleep(100);
        }
        if (trace) {
            System.out.printf(
                    "    %s drained: sent %d, delivered %d, %.1f s after the producers stopped%n",
                    name(), sent.get(), delivered.get(), (System.nanoTime() - measureUntil) / 1e9);
        }
        draining.set(false);
        consumer.join();
        String relay = relayState();
        stopRelay();
        double seconds = (duration.toMillis() - warmUp.toMillis()) / 1000.0;
        nothingMeasured = measured[0] > 0
                ? ""
                : String.format(
                        "sent %d, of which %d reached %s, none within the measured %.0f s; %d other records (of earlier"
                                + " runs, or not this pipeline's) reached it during the run%s",
                        sent.get(), delivered.get(), sinkTopic(), seconds, earlier.get(), relay);
        return new Result(
                name(),
                ratePerSecond,
                measured[0] / seconds,
                latencies.percentileMillis(50),
                latencies.percentileMillis(95),
                latencies.percentileMillis(99),
                valueBytes(),
                headerBytes[0],
                delivered.get());
    }

    private void produce(
            AtomicBoolean running, long ratePerSecond, int thread, AtomicLong sentSoFar, AtomicLong delivered) {
        Map<String, Object> props = new HashMap<>(producerProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long sequence = (long) thread << 40;
            long started = System.nanoTime();
            long sent = 0;
            while (running.get()) {
                if (sentSoFar.get() - delivered.get() > IN_FLIGHT) {
                    sleepMicros(500);
                    continue;
                }
                int chunk = 100;
                if (ratePerSecond > 0) {
                    long due = (long) ((System.nanoTime() - started) / 1e9 * ratePerSecond);
                    if (due - sent < Math.max(1, ratePerSecond * GATHER_MICROS / 1_000_000)) {
                        sleepMicros(200);
                        continue;
                    }
                    chunk = (int) Math.min(500, due - sent);
                }
                int published = publishChunk(producer, chunk, sequence + sent);
                sent += published;
                sentSoFar.addAndGet(published);
            }
        }
    }

    private Map<String, Object> sinkConsumerProps() {
        Map<String, Object> props = new HashMap<>(sinkProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        return props;
    }

    /** The bytes a record's headers take: names and values, as the broker stores them (before compression). */
    static int headerBytes(ConsumerRecord<byte[], byte[]> record) {
        int bytes = 0;
        for (org.apache.kafka.common.header.Header header : record.headers()) {
            bytes += header.key().length() + (header.value() == null ? 0 : header.value().length);
        }
        return bytes;
    }

    protected static byte[] subjectKey(long sequence) {
        return subjectRef(sequence).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    protected static String subjectRef(long sequence) {
        return String.format("KE-BNCH-%04d", sequence % SUBJECTS);
    }

    private static void sleepMicros(long micros) {
        try {
            Thread.sleep(0, (int) Math.min(999_999, micros * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
