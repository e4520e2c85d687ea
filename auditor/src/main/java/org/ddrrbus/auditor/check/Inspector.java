package org.ddrrbus.auditor.check;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.HeaderIndex;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.DeliveryCheck;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.topic.Components;

/**
 * Judges one record of an outbox, an inbox, the quarantine or the key holder's record of key grants.
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
        // Indexed once: the checks below look some thirty headers up by name.
        Headers headers = HeaderIndex.of(record.headers());
        byte[] value = record.value() == null ? new byte[0] : record.value();
        Attributes attributes = Attributes.of(headers);
        DeliveryTerms terms = DeliveryTerms.of(headers);
        Optional<QuarantineNote> note =
                kind instanceof TopicKind.Quarantine ? Optional.of(QuarantineNote.of(headers)) : Optional.empty();
        TopicKind signedFor =
                note.flatMap(QuarantineNote::sourceTopic).flatMap(TopicKind::of).orElse(kind);
        Signed signed = signatures(signedFor, attributes, headers, record.value(), record.timestamp());
        Opened opened = codec.open(
                new RecordOrigin(record.topic(), record.partition(), record.offset(), record.key()),
                headers,
                record.value());
        return new Inspection(
                record.topic(),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                Optional.ofNullable(record.key()),
                attributes,
                terms,
                decoded(opened, value),
                verdict(kind, signed, opened, terms, FederationHeaders.fromBus(headers)),
                note,
                List.of(headers.toArray()),
                value);
    }

    private Verdict verdict(
            TopicKind kind, Signed signed, Opened opened, DeliveryTerms terms, Optional<String> fromBus) {
        if (signed instanceof Signed.Invalid invalid) {
            return Verdict.Failure.BAD_SIGNATURE.because(invalid.problem());
        }
        if (signed instanceof Signed.Revoked revoked) {
            return Verdict.Failure.KEY_REVOKED.because(revoked.detail());
        }
        if (signed instanceof Signed.NotValid notValid) {
            return Verdict.Failure.KEY_NOT_VALID.because(notValid.detail());
        }
        // A value sealed under a person's key is read by its signatures and headers alone: the auditor holds no keys,
        // and after an erasure nobody does. Its signatures cover the sealed bytes, so they still verify.
        boolean sealed =
                opened instanceof Opened.Refused refused && refused.rejection() instanceof Rejection.KeyUnavailable;
        if (opened instanceof Opened.Refused refused && !sealed) {
            return refused.rejection() instanceof Rejection.UnknownSchema
                    ? Verdict.Failure.UNKNOWN_SCHEMA.because(refused.rejection().detail())
                    : Verdict.Failure.MALFORMED.because(refused.rejection().detail());
        }
        if (signed instanceof Signed.Unsigned unsigned) {
            return Verdict.Failure.UNSIGNED.because(unsigned.detail());
        }
        Signed.Valid valid = (Signed.Valid) signed;
        if (sealed) {
            return new Verdict.Verified(signers(valid), valid.warnings());
        }
        Envelope envelope = ((Opened.Valid) opened).envelope();
        Optional<String> violation = Optional.empty();
        if (kind instanceof TopicKind.Ledger ledger) {
            violation = policy.ledger(ledger.owner(), envelope, valid.signer());
        } else if (kind instanceof TopicKind.Inbox inbox) {
            violation = policy.inbox(inbox.owner(), envelope, terms, valid.signer(), valid.countersigner(), fromBus);
        } else if (kind instanceof TopicKind.KeyGrants grants) {
            violation = policy.keyGrant(grants.topic(), envelope, valid.signer());
        }
        if (violation.isPresent()) {
            return Verdict.Failure.POLICY_VIOLATION.because(violation.get());
        }
        return new Verdict.Verified(signers(valid), valid.warnings());
    }

    private static List<String> signers(Signed.Valid valid) {
        List<String> signers = new ArrayList<>();
        signers.add(valid.signer());
        valid.countersigner().ifPresent(signers::add);
        return signers;
    }

    /**
     * In an inbox, a delivery carries two signatures: the sender's over the event it published (named by its leaf
     * hash, since the exchange may have withheld fields from this copy) and the exchange's over what it delivered,
     * where and under which terms. Notices the exchange writes itself carry only its own signature as their sender.
     * Each is judged against the key directory as it stands now, at the time the event counts as made: a key revoked
     * since then fails the records it signed from its revocation on, and earns a warning on those it signed before.
     *
     * @param arrived the record's timestamp: when the broker appended it where it lies
     */
    private Signed signatures(TopicKind signedFor, Attributes attributes, Headers headers, byte[] value, long arrived) {
        boolean fromExchange =
                attributes.sourceAgency().filter(Components.EXCHANGE::equals).isPresent();
        if ((signedFor instanceof TopicKind.Inbox || signedFor instanceof TopicKind.Crossing) && !fromExchange) {
            return delivery(signedFor.topic(), headers, value, arrived);
        }
        SignatureCheck check = verifier.checkEvent(headers, value, arrived);
        if (check instanceof SignatureCheck.Unsigned) {
            return new Signed.Unsigned("the record carries no signature");
        }
        return judged(check, "", Optional.empty());
    }

    private Signed delivery(String inbox, Headers headers, byte[] value, long arrived) {
        if (!carries(
                headers,
                SignatureHeaders.KEY,
                SignatureHeaders.SIGNATURE,
                SignatureHeaders.PROOF,
                SignatureHeaders.LEAF,
                SignatureHeaders.EXCHANGE_KEY,
                SignatureHeaders.EXCHANGE_SIGNATURE,
                SignatureHeaders.EXCHANGE_PROOF,
                SignatureHeaders.SEAL)) {
            return new Signed.Unsigned("the record carries no signature");
        }
        DeliveryCheck check = verifier.checkInboxDelivery(headers, value, inbox, arrived);
        SignatureCheck sender = check.sender();
        SignatureCheck exchange = check.exchange();
        if (sender instanceof SignatureCheck.Invalid invalid) {
            return new Signed.Invalid("the sender's signature: " + invalid.problem());
        }
        if (exchange instanceof SignatureCheck.Invalid invalid) {
            return new Signed.Invalid("the exchange's countersignature: " + invalid.problem());
        }
        if (sender instanceof SignatureCheck.Unsigned) {
            return new Signed.Unsigned("the delivery carries no signature of its sender");
        }
        if (exchange instanceof SignatureCheck.Unsigned) {
            return new Signed.Unsigned("the delivery is not countersigned by the exchange");
        }
        // Nothing withheld: the delivered value must be exactly the event the sender signed, not merely vouched for.
        if (!check.asSigned()) {
            return new Signed.Invalid(DeliveryCheck.ALTERED);
        }
        Signed bySender = judged(sender, "the sender's signature: ", Optional.empty());
        if (!(bySender instanceof Signed.Valid signedBySender)) {
            return bySender;
        }
        Signed countersigned = judged(exchange, "the exchange's countersignature: ", Optional.empty());
        if (!(countersigned instanceof Signed.Valid byExchange)) {
            return countersigned;
        }
        List<String> warnings = new ArrayList<>(signedBySender.warnings());
        warnings.addAll(byExchange.warnings());
        return new Signed.Valid(signedBySender.signer(), Optional.of(byExchange.signer()), warnings);
    }

    /** A signature that matched, weighed by its key's standing at the event's time. */
    private static Signed judged(SignatureCheck check, String which, Optional<String> countersigner) {
        if (check instanceof SignatureCheck.Valid valid) {
            List<String> warnings = valid.revokedLater()
                    .map(from -> List.of(which + "signed by " + valid.keyId() + ", a key that was later revoked (from "
                            + from + ")"))
                    .orElse(List.of());
            return new Signed.Valid(valid.signer(), countersigner, warnings);
        }
        if (check instanceof SignatureCheck.KeyRevoked) {
            return new Signed.Revoked(which + check.refusal().orElseThrow().detail());
        }
        if (check instanceof SignatureCheck.KeyNotValid) {
            return new Signed.NotValid(which + check.refusal().orElseThrow().detail());
        }
        if (check instanceof SignatureCheck.Invalid invalid) {
            return new Signed.Invalid(which + invalid.problem());
        }
        return new Signed.Unsigned("the record carries no signature");
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
            EventCodec.Body body = codec.readBody(value);
            return Optional.of(new Decoded(body.typeName(), body.version(), body.event()));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The outcome of the signature checks, before the verdict weighs it against the other checks. */
    private sealed interface Signed {
        record Valid(String signer, Optional<String> countersigner, List<String> warnings) implements Signed {}

        record Unsigned(String detail) implements Signed {}

        record Invalid(String problem) implements Signed {}

        record Revoked(String detail) implements Signed {}

        record NotValid(String detail) implements Signed {}
    }
}
