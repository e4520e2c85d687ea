package org.ddrrbus.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.Seal;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;

/**
 * Records as they sit on the bus, made without a broker: ledger records sealed and signed by their sender, and
 * deliveries made the way the exchange makes them (fields withheld, terms in headers, countersigned).
 */
public final class Wire {

    public static final EventCodec CODEC = new EventCodec();

    private final Map<String, SigningKey> keys = new HashMap<>();

    public SigningKey key(String principal) {
        return keys.computeIfAbsent(principal, SigningKey::generate);
    }

    public SignatureVerifier verifier() {
        return new SignatureVerifier(ring());
    }

    /** Every principal's key, speaking for it at any time. */
    public KeyRing ring() {
        Map<String, byte[]> ring = new HashMap<>();
        for (String principal : List.of("nctc", "iom", "cicc", "county", "exchange", "auditor")) {
            ring.put(key(principal).keyId(), key(principal).publicKey());
        }
        return KeyRing.of(ring);
    }

    public static ReturneeRegistered registered(String subject) {
        return new ReturneeRegistered(
                subject,
                "Kwale",
                "Msambweni",
                AgeBand.AGE_18_24,
                Gender.FEMALE,
                ReturnRoute.VOLUNTARY_SURRENDER,
                Phase.DISENGAGEMENT,
                LocalDate.of(2026, 3, 2));
    }

    /** An event in the sender's outbox, sealed as {@code claimedSender} and signed by {@code signer}. */
    public ConsumerRecord<String, byte[]> ledger(
            String claimedSender, String signer, SpecificRecord event, long offset) {
        ProducerRecord<String, byte[]> sealed = CODEC.seal(Topics.outbox(signer), CODEC.envelope(claimedSender, event));
        RecordSigner.sender(key(signer)).signEvents(List.of(sealed.headers()), List.of(sealed.value()));
        return record(Topics.outbox(signer), offset, sealed.key(), sealed.value(), sealed.headers());
    }

    public ConsumerRecord<String, byte[]> ledger(String sender, SpecificRecord event, long offset) {
        return ledger(sender, sender, event, offset);
    }

    /** What the exchange writes to {@code recipient}'s inbox for a ledger record, as in its Gate (version 2). */
    public ConsumerRecord<String, byte[]> delivery(
            ConsumerRecord<String, byte[]> ledger,
            String recipient,
            String purpose,
            String legalBasis,
            Set<String> withheld) {
        return delivery(ledger, recipient, purpose, legalBasis, withheld, true);
    }

    /**
     * The same in version 1, as the exchange wrote deliveries before the seal: the sender's headers as they came, its
     * leaf and the ledger time in headers of their own. Such records stay on the bus for years, and are read still.
     */
    public ConsumerRecord<String, byte[]> deliveryInVersion1(
            ConsumerRecord<String, byte[]> ledger,
            String recipient,
            String purpose,
            String legalBasis,
            Set<String> withheld) {
        return delivery(ledger, recipient, purpose, legalBasis, withheld, false);
    }

    private ConsumerRecord<String, byte[]> delivery(
            ConsumerRecord<String, byte[]> ledger,
            String recipient,
            String purpose,
            String legalBasis,
            Set<String> withheld,
            boolean sealed) {
        Headers headers = carried(ledger, sealed);
        put(headers, DeliveryTerms.PURPOSE, purpose);
        put(headers, DeliveryTerms.LEGAL_BASIS, legalBasis);
        byte[] value = ledger.value();
        if (!withheld.isEmpty()) {
            put(
                    headers,
                    DeliveryTerms.WITHHELD,
                    String.join(",", withheld.stream().sorted().toList()));
            SpecificRecord event = CODEC.decode(ledger.value());
            SpecificRecord copy = SpecificData.getForSchema(event.getSchema()).deepCopy(event.getSchema(), event);
            withheld.forEach(f -> copy.put(copy.getSchema().getField(f).pos(), null));
            value = CODEC.encode(copy);
        }
        return countersigned(ledger, Topics.inbox(recipient), headers, value);
    }

    /** A delivery the exchange countersigned with a value other than the one the sender signed (version 2). */
    public ConsumerRecord<String, byte[]> forgedDelivery(
            ConsumerRecord<String, byte[]> ledger, String recipient, String purpose, String legalBasis, byte[] value) {
        Headers headers = carried(ledger, true);
        put(headers, DeliveryTerms.PURPOSE, purpose);
        put(headers, DeliveryTerms.LEGAL_BASIS, legalBasis);
        return countersigned(ledger, Topics.inbox(recipient), headers, value);
    }

    /** The sender's own copy, returned to its inbox with the exchange's countersignature and no terms (version 2). */
    public ConsumerRecord<String, byte[]> ownCopy(ConsumerRecord<String, byte[]> ledger, String sender) {
        return countersigned(ledger, Topics.inbox(sender), carried(ledger, true), ledger.value());
    }

    /**
     * What a delivery carries of its ledger record: in version 2 the CloudEvents attributes and a seal holding the
     * sender's signature, its leaf and the ledger time (the record's timestamp); in version 1 every header as it came,
     * the leaf and the ledger time beside them.
     */
    private static Headers carried(ConsumerRecord<String, byte[]> ledger, boolean sealed) {
        byte[] senderLeaf = SignedContent.eventLeaf(ledger.headers(), ledger.value());
        if (!sealed) {
            Headers headers = new RecordHeaders(ledger.headers().toArray());
            headers.remove(SignatureHeaders.LEAF);
            headers.add(SignatureHeaders.LEAF, senderLeaf);
            put(
                    headers,
                    SignatureHeaders.LEDGER_TIME,
                    Instant.ofEpochMilli(ledger.timestamp()).toString());
            return headers;
        }
        Headers headers = new RecordHeaders();
        for (Header header : ledger.headers()) {
            if (CloudEventHeaders.REQUIRED.contains(header.key())) {
                headers.add(header);
            }
        }
        Header sequence = ledger.headers().lastHeader(SignatureHeaders.SEQUENCE);
        headers.add(
                SignatureHeaders.SEAL,
                Seal.delivery(
                        ledger.headers().lastHeader(SignatureHeaders.KEY).value(),
                        ledger.headers().lastHeader(SignatureHeaders.SIGNATURE).value(),
                        ledger.headers().lastHeader(SignatureHeaders.PROOF).value(),
                        sequence == null ? null : sequence.value(),
                        senderLeaf,
                        ledger.timestamp()));
        return headers;
    }

    private ConsumerRecord<String, byte[]> countersigned(
            ConsumerRecord<String, byte[]> ledger, String inbox, Headers headers, byte[] value) {
        RecordSigner.exchange(key("exchange"))
                .sign(List.of(
                        RecordSigner.Signable.delivery(inbox, headers, value).orElseThrow()));
        return record(inbox, ledger.offset(), ledger.key(), value, headers);
    }

    public static ConsumerRecord<String, byte[]> record(
            String topic, long offset, String key, byte[] value, Headers headers) {
        return new ConsumerRecord<>(
                topic,
                0,
                offset,
                1_767_225_600_000L + offset,
                TimestampType.CREATE_TIME,
                key == null ? -1 : key.length(),
                value == null ? -1 : value.length,
                key,
                value,
                headers,
                Optional.empty());
    }

    /** A copy of a record with a header replaced. */
    public static ConsumerRecord<String, byte[]> withHeader(
            ConsumerRecord<String, byte[]> record, String name, String value) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, name, value);
        return record(record.topic(), record.offset(), record.key(), record.value(), headers);
    }

    public static ConsumerRecord<String, byte[]> withValue(ConsumerRecord<String, byte[]> record, byte[] value) {
        return record(
                record.topic(),
                record.offset(),
                record.key(),
                value,
                new RecordHeaders(record.headers().toArray()));
    }

    public static ConsumerRecord<String, byte[]> withoutHeaders(
            ConsumerRecord<String, byte[]> record, String... names) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        for (String name : names) {
            headers.remove(name);
        }
        return record(record.topic(), record.offset(), record.key(), record.value(), headers);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
