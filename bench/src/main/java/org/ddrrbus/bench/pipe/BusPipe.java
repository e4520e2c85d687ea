package org.ddrrbus.bench.pipe;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SupportDelivered;

/**
 * The bus: iom publishes signed Avro events (each chunk one Merkle-signed batch) to its outbox; the exchange checks
 * schema, signature, source, replay and the agreement, countersigns, and delivers to nctc's inbox (and iom's own
 * receipt) exactly once; a consumer reads nctc's inbox with read_committed.
 */
public final class BusPipe extends Pipeline {

    private final Map<String, Object> sender;
    private final Map<String, Object> recipient;
    private final SigningKey key;
    private final EventCodec codec = new EventCodec();
    private final int valueBytes;

    public BusPipe(Map<String, Object> senderClient, Map<String, Object> recipientClient, SigningKey iomKey) {
        this.sender = senderClient;
        this.recipient = recipientClient;
        this.key = iomKey;
        this.valueBytes = codec.encode(event(0)).length;
    }

    /**
     * A representative event: a report addressed to one agency. It names no referral, since the exchange accepts an
     * answer to a referral only from the agency the referral was issued to, and the bench issues none.
     */
    static SupportDelivered event(long sequence) {
        return new SupportDelivered(
                subjectRef(sequence), null, "nctc", ServiceKind.LIVELIHOOD, LocalDate.of(2026, 1, 1));
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

    @Override
    protected boolean counts(ConsumerRecord<byte[], byte[]> record) {
        return HeaderText.of(record.headers(), CloudEventHeaders.SOURCE)
                .filter(CloudEventHeaders.sourceOf("iom")::equals)
                .isPresent();
    }

    @Override
    protected int publishChunk(KafkaProducer<byte[], byte[]> producer, int records, long sequence) {
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            batch.add(codec.seal(Topics.outbox("iom"), codec.envelope("iom", event(sequence + i))));
        }
        RecordSigner.sender(key)
                .signEvents(
                        batch.stream().map(ProducerRecord::headers).toList(),
                        batch.stream().map(ProducerRecord::value).toList());
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
}
