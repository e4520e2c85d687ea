package org.ddrrbus.federation.link;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.agreement.FederationLoader;

/** Records as they stand on a topic, signed, built without a broker: for the link's unit tests. */
final class ErasureFixture {

    static final SharingAgreement NATIONAL = AgreementLoader.loadDefault();
    static final EventCodec CODEC = new EventCodec();

    private ErasureFixture() {}

    /** The shipped federation agreement between ke and so (no keys: nothing here seals to a bus). */
    static FederationAgreement agreement() {
        try {
            return new FederationLoader(EventCatalogue.get(), Map.of("ke", NATIONAL, "so", NATIONAL))
                    .parse(
                            Files.readString(Path.of("../config/federation-agreement.yaml")),
                            "federation-agreement.yaml");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The shipped federation agreement with bus ke's trust anchors listing {@code keExchange} and its federation key
     * {@code keSealingKey}: what bus so's key holder for ke judges requests and seals answers by.
     */
    static FederationAgreement trustingKe(SigningKey keExchange, String keSealingKey) {
        try {
            String text = Files.readString(Path.of("../config/federation-agreement.yaml"))
                    .replaceFirst(
                            "keys: \\{}",
                            "keys:\n      \"" + keExchange.keyId() + "\": "
                                    + Base64.getEncoder().encodeToString(keExchange.publicKey())
                                    + "\n    sealingKey: " + keSealingKey);
            return new FederationLoader(EventCatalogue.get(), Map.of("ke", NATIONAL, "so", NATIONAL))
                    .parse(text, "federation-agreement.yaml");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code event} from {@code sender} on {@code topic}, signed as an event with {@code key}, as read back. */
    static ConsumerRecord<String, byte[]> signed(String topic, String sender, SpecificRecord event, SigningKey key) {
        Envelope envelope = CODEC.envelope(sender, event);
        ProducerRecord<String, byte[]> record = CODEC.seal(topic, envelope);
        RecordSigner.sender(() -> key).signEvents(List.of(record.headers()), List.of(record.value()));
        return read(record);
    }

    /** A record as a consumer reads it back. */
    static ConsumerRecord<String, byte[]> read(ProducerRecord<String, byte[]> record) {
        return new ConsumerRecord<>(
                record.topic(),
                0,
                0L,
                System.currentTimeMillis(),
                TimestampType.LOG_APPEND_TIME,
                -1,
                record.value().length,
                record.key(),
                record.value(),
                record.headers(),
                Optional.empty());
    }

    static Envelope envelope(ConsumerRecord<String, byte[]> record) {
        return ((Opened.Valid) CODEC.open(record)).envelope();
    }
}
