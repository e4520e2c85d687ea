package org.ddrrbus.client.subjectkeys;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.SubjectKeyAnswered;

/**
 * Records the key holder's answers in {@value Topics#KEY_GRANTS}: each a {@code SubjectKeyAnswered} event of the
 * exchange, keyed by the person's case code and signed with the exchange's own key, so the auditor verifies it like the
 * ledger. One idempotent producer with {@code acks=all} and a short linger serves every request: answers given within
 * the same few milliseconds share one round trip to the broker.
 */
public final class BusGrantLog implements GrantLog, AutoCloseable {

    /** How long answers wait to be sent together. */
    static final int LINGER_MS = 5;
    /** How long a record may take to be acknowledged before it counts as not recorded (and a grant is refused). */
    public static final int DELIVERY_TIMEOUT_MS = 10_000;

    private final EventCodec codec;
    private final Supplier<SigningKey> key;
    private final KafkaProducer<String, byte[]> producer;

    public BusGrantLog(Map<String, Object> clientProperties, EventCodec codec, Supplier<SigningKey> key) {
        this.codec = codec;
        this.key = key;
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        // A broker that cannot be reached must not hold a request for longer than a delivery may take.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ddrr-exchange-key-grants");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public CompletableFuture<Void> record(SubjectKeyAnswered answer) {
        CompletableFuture<Void> recorded = new CompletableFuture<>();
        try {
            ProducerRecord<String, byte[]> record =
                    codec.seal(Topics.KEY_GRANTS, codec.envelope(Components.EXCHANGE, answer));
            RecordSigner.sender(key.get()).signEvents(List.of(record.headers()), List.of(record.value()));
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    recorded.complete(null);
                } else {
                    recorded.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            recorded.completeExceptionally(e);
        }
        return recorded;
    }

    @Override
    public void close() {
        producer.close();
    }
}
