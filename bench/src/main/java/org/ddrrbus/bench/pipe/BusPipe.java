package org.ddrrbus.bench.pipe;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;

/**
 * The bus: iom publishes signed Avro events (each chunk one Merkle-signed batch) to its outbox; the exchange checks
 * schema, signature, source, replay and the agreement, countersigns, and delivers to nctc's inbox (and iom's own
 * receipt, and at the demo's size a minimised copy to the county) exactly once; a consumer reads nctc's inbox with
 * read_committed.
 */
public final class BusPipe extends Pipeline {

    /** The size of the event the bench measured with until now. */
    public static final int SMALL = 42;
    /**
     * The mean encoded size of the events {@code ./ddrr demo} publishes: 54.9 bytes over the 1,294 events of a demo
     * of 120 returnees (2026-12-04), read from the outboxes with Kafka's DumpLogSegments.
     */
    public static final int DEMO_MEAN = 55;

    private final Map<String, Object> sender;
    private final Map<String, Object> recipient;
    private final SigningKey key;
    private final EventCodec codec = new EventCodec();
    private final int size;
    private final int valueBytes;

    /** @param size {@link #SMALL} or {@link #DEMO_MEAN} */
    public BusPipe(Map<String, Object> senderClient, Map<String, Object> recipientClient, SigningKey iomKey, int size) {
        this.sender = senderClient;
        this.recipient = recipientClient;
        this.key = iomKey;
        this.size = size;
        this.valueBytes = codec.encode(event(0)).length;
    }

    /**
     * A representative event at either size: a border return, which iom reports and the exchange delivers whole to
     * nctc and minimised (without the border point and the country) to the county, as it does many of the demo's
     * events. Only the places named differ between the sizes.
     */
    SpecificRecord event(long sequence) {
        return size == SMALL
                ? new BorderReturnRecorded(subjectRef(sequence), "Kilifi", "Kiunga", null, LocalDate.of(2026, 1, 1))
                : new BorderReturnRecorded(
                        subjectRef(sequence), "Garissa", "Liboi", "Saudi Arabia", LocalDate.of(2026, 1, 1));
    }

    /**
     * The headers of the signed outbox records of a chunk as large as a flat-out run publishes, with the values that
     * differ between two records of the chunk drawn anew for every record.
     */
    public HeaderVariants outboxHeaders() {
        List<ProducerRecord<String, byte[]>> batch = chunk(100, 0);
        return HeaderVariants.of(
                batch.get(0).headers().toArray(), batch.get(1).headers().toArray());
    }

    public int valueSize() {
        return valueBytes;
    }

    @Override
    protected String name() {
        return "ddrr-bus";
    }

    @Override
    protected int valueBytes() {
        return valueBytes;
    }

    @Override
    protected Map<String, Object> producerProperties() {
        return sender;
    }

    @Override
    protected Map<String, Object> sinkProperties() {
        return recipient;
    }

    @Override
    protected String sinkTopic() {
        return Topics.inbox("nctc");
    }

    /**
     * When iom published the event: its {@code ce_time}, set when the event was sealed. Not the record's timestamp,
     * which an inbox sets to when the exchange's delivery reached it (LogAppendTime) and so would leave out the time
     * in the outbox and the exchange.
     */
    @Override
    protected long publishedAt(ConsumerRecord<byte[], byte[]> record) {
        return HeaderText.of(record.headers(), CloudEventHeaders.TIME)
                .map(time -> java.time.Instant.parse(time).toEpochMilli())
                .orElse(record.timestamp());
    }

    @Override
    protected boolean counts(ConsumerRecord<byte[], byte[]> record) {
        return HeaderText.of(record.headers(), CloudEventHeaders.SOURCE)
                .filter(CloudEventHeaders.sourceOf("iom")::equals)
                .isPresent();
    }

    @Override
    protected int publishChunk(KafkaProducer<byte[], byte[]> producer, int records, long sequence) {
        List<ProducerRecord<String, byte[]>> batch = chunk(records, sequence);
        for (ProducerRecord<String, byte[]> record : batch) {
            producer.send(new ProducerRecord<>(
                    record.topic(),
                    null,
                    record.key().getBytes(StandardCharsets.UTF_8),
                    record.value(),
                    record.headers()));
        }
        return records;
    }

    private List<ProducerRecord<String, byte[]>> chunk(int records, long sequence) {
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            batch.add(codec.seal(Topics.outbox("iom"), codec.envelope("iom", event(sequence + i))));
        }
        RecordSigner.sender(key)
                .signEvents(
                        batch.stream().map(ProducerRecord::headers).toList(),
                        batch.stream().map(ProducerRecord::value).toList());
        return batch;
    }
}
