package org.ddrrbus.auditor.check;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.topic.Components;

/**
 * Judges one record of an outbox, an inbox or the quarantine.
 *
 * <p>Signatures are checked on the bytes as stored, before anything else, because a signature that does not match
 * means the record was changed or forged, which matters more than any other fault it may have. A quarantined record
 * is judged by the signatures it carried where it came from, and not against the agreement: it is there because
 * something refused it.
 */
public final class Inspector {

    private final EventCodec codec;
    private final SignatureVerifier verifier;
    private final Policy policy;

    public Inspector(SharingAgreement agreement, EventCodec codec, SignatureVerifier verifier) {
        this.codec = codec;
        this.verifier = verifier;
        this.policy = new Policy(agreement);
    }

    public Inspection inspect(ConsumerRecord<String, byte[]> record) {
        TopicKind kind = TopicKind.of(record.topic())
                .orElseThrow(() -> new IllegalArgumentException(record.topic() + " is not a topic the auditor judges"));
        Headers headers = record.headers();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        Attributes attributes = Attributes.of(headers);
        DeliveryTerms terms = DeliveryTerms.of(headers);
        Optional<QuarantineNote> note =
                kind instanceof TopicKind.Quarantine ? Optional.of(QuarantineNote.of(headers)) : Optional.empty();
        TopicKind signedFor =
                note.flatMap(QuarantineNote::sourceTopic).flatMap(TopicKind::of).orElse(kind);
        Signed signed = signatures(signedFor, attributes, terms, headers, record.value());
        Opened opened = codec.open(record);
        return new Inspection(
                record.topic(),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                Optional.ofNullable(record.key()),
                attributes,
                terms,
                decoded(opened, value),
                verdict(kind, signed, opened, terms),
                note,
                List.of(headers.toArray()),
                value);
    }

    private Verdict verdict(TopicKind kind, Signed signed, Opened opened, DeliveryTerms terms) {
        if (signed instanceof Signed.Invalid invalid) {
            return new Verdict.BadSignature(invalid.problem());
        }
        if (opened instanceof Opened.Refused refused) {
            return refused.rejection() instanceof Rejection.UnknownSchema
                    ? new Verdict.UnknownSchema(refused.rejection().detail())
                    : new Verdict.Malformed(refused.rejection().detail());
        }
        if (signed instanceof Signed.Unsigned unsigned) {
            return new Verdict.Unsigned(unsigned.detail());
        }
        Signed.Valid valid = (Signed.Valid) signed;
        Envelope envelope = ((Opened.Valid) opened).envelope();
        Optional<String> violation = Optional.empty();
        if (kind instanceof TopicKind.Ledger ledger) {
            violation = policy.ledger(ledger.owner(), envelope, valid.signer());
        } else if (kind instanceof TopicKind.Inbox inbox) {
            violation = policy.inbox(inbox.owner(), envelope, terms, valid.signer(), valid.countersigner());
        }
        if (violation.isPresent()) {
            return new Verdict.PolicyViolation(violation.get());
        }
        List<String> signers = new ArrayList<>();
        signers.add(valid.signer());
        valid.countersigner().ifPresent(signers::add);
        return new Verdict.Verified(signers);
    }

    /**
     * In an inbox, a delivery carries two signatures: the sender's over the event it published (named by its leaf
     * hash, since the exchange may have withheld fields from this copy) and the exchange's over what it delivered,
     * where and under which terms. Notices the exchange writes itself carry only its own signature as their sender.
     */
    private Signed signatures(
            TopicKind signedFor, Attributes attributes, DeliveryTerms terms, Headers headers, byte[] value) {
        boolean fromExchange =
                attributes.sourceAgency().filter(Components.EXCHANGE::equals).isPresent();
        if (signedFor instanceof TopicKind.Inbox inbox && !fromExchange) {
            return delivery(inbox.topic(), terms, headers, value);
        }
        SignatureCheck check = verifier.checkEvent(headers, value);
        if (check instanceof SignatureCheck.Invalid invalid) {
            return new Signed.Invalid(invalid.problem());
        }
        if (check instanceof SignatureCheck.Valid valid) {
            return new Signed.Valid(valid.signer(), Optional.empty());
        }
        return new Signed.Unsigned("the record carries no signature");
    }

    private Signed delivery(String inbox, DeliveryTerms terms, Headers headers, byte[] value) {
        if (!carries(
                headers,
                SignatureHeaders.KEY,
                SignatureHeaders.SIGNATURE,
                SignatureHeaders.PROOF,
                SignatureHeaders.LEAF,
                SignatureHeaders.EXCHANGE_KEY,
                SignatureHeaders.EXCHANGE_SIGNATURE,
                SignatureHeaders.EXCHANGE_PROOF)) {
            return new Signed.Unsigned("the record carries no signature");
        }
        SignatureCheck sender = verifier.checkSenderOfDelivery(headers);
        SignatureCheck exchange = verifier.checkDelivery(headers, value, inbox);
        if (sender instanceof SignatureCheck.Invalid invalid) {
            return new Signed.Invalid("the sender's signature: " + invalid.problem());
        }
        if (exchange instanceof SignatureCheck.Invalid invalid) {
            return new Signed.Invalid("the exchange's countersignature: " + invalid.problem());
        }
        if (!(sender instanceof SignatureCheck.Valid signedBySender)) {
            return new Signed.Unsigned("the delivery carries no signature of its sender");
        }
        if (!(exchange instanceof SignatureCheck.Valid countersigned)) {
            return new Signed.Unsigned("the delivery is not countersigned by the exchange");
        }
        // Nothing withheld: the delivered value must be exactly the event the sender signed, not merely vouched for.
        if (terms.withheld().isEmpty()) {
            Header leaf = headers.lastHeader(SignatureHeaders.LEAF);
            if (leaf == null || !MessageDigest.isEqual(leaf.value(), SignedContent.eventLeaf(headers, value))) {
                return new Signed.Invalid("the delivered event is not the one its sender signed");
            }
        }
        return new Signed.Valid(signedBySender.signer(), Optional.of(countersigned.signer()));
    }

    private static boolean carries(Headers headers, String... names) {
        for (String name : names) {
            if (headers.lastHeader(name) != null) {
                return true;
            }
        }
        return false;
    }

    /** The body for display, also of a record that failed for its headers, when the body itself can be read. */
    private Optional<Decoded> decoded(Opened opened, byte[] value) {
        if (opened instanceof Opened.Valid valid) {
            Envelope envelope = valid.envelope();
            return Optional.of(new Decoded(envelope.typeName(), envelope.schemaVersion(), envelope.event()));
        }
        try {
            SpecificRecord event = codec.decode(value);
            long fingerprint =
                    ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            return codec.catalogue()
                    .byFingerprint(fingerprint)
                    .map(found ->
                            new Decoded(found.getKey().name(), found.getValue().version(), event));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The outcome of the signature checks, before the verdict weighs it against the other checks. */
    private sealed interface Signed {
        record Valid(String signer, Optional<String> countersigner) implements Signed {}

        record Unsigned(String detail) implements Signed {}

        record Invalid(String problem) implements Signed {}
    }
}
