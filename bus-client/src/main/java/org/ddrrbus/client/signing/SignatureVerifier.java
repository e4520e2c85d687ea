package org.ddrrbus.client.signing;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.UtcTime;

/**
 * Checks signatures against the key directory, each at the time its record counts as made ({@link RootCheck}), in
 * either version: the text-named headers of version 1, or a delivery's seal ({@link Seal}, version 2).
 *
 * <p>The time rule, in one place: an event counts as made at the later of its {@code ce_time}, which its sender chose,
 * and the moment the broker appended it to the topic it was first written to ({@code LogAppendTime} on outboxes and
 * inboxes). A thief holding a revoked key can date an event as early as it likes, but cannot make the broker take it
 * earlier than it did, so the revocation holds; an event its sender dated later than its arrival is judged by its own
 * date. The exchange's countersignature of a delivery counts as made when the delivery reached the inbox.
 */
public final class SignatureVerifier {

    private final RootCheck roots;

    public SignatureVerifier(KeyLookup keys) {
        this.roots = new RootCheck(keys);
    }

    /**
     * The sender's signature over the event as it is carried (its CloudEvents headers and value), in a topic the
     * broker appended it to at {@code arrived} (the record's timestamp).
     */
    public SignatureCheck checkEvent(Headers headers, byte[] value, long arrived) {
        SealRead read = SealRead.of(headers);
        if (read.malformed() != null) {
            return read.malformed();
        }
        Seal seal = read.seal();
        if (seal != null) {
            if (seal.delivery()) {
                return new SignatureCheck.Invalid("a delivery's seal where an event's signature belongs");
            }
            Instant arrival = Instant.ofEpochMilli(arrived);
            return roots.verify(
                    seal.keyId(),
                    seal.signature(),
                    seal.proof(),
                    SignedContent.eventLeaf(headers, value, seal.sequence()),
                    eventTime(headers, arrival),
                    arrival);
        }
        return checkEventLeaf(headers, SignedContent.eventLeaf(headers, value), arrived);
    }

    /** The same, for a caller that has computed the event's leaf already and needs it again (version 1). */
    public SignatureCheck checkEventLeaf(Headers headers, byte[] leaf, long arrived) {
        Instant arrival = Instant.ofEpochMilli(arrived);
        return check(
                headers,
                SignatureHeaders.KEY,
                SignatureHeaders.SIGNATURE,
                SignatureHeaders.PROOF,
                leaf,
                eventTime(headers, arrival),
                arrival);
    }

    /**
     * The sender's signature of a delivered event, by the leaf the exchange passed on: valid even when fields were
     * withheld from this copy, since the sender signed the full event. Judged at the time the exchange judged it: the
     * later of {@code ce_time} and the ledger time the delivery states.
     *
     * @param delivered when the delivery reached the inbox (the record's timestamp)
     */
    public SignatureCheck checkSenderOfDelivery(Headers headers, long delivered) {
        SealRead read = SealRead.of(headers);
        if (read.malformed() != null) {
            return read.malformed();
        }
        if (read.seal() != null) {
            return senderOfSealed(read.seal(), headers, delivered);
        }
        byte[] leaf = SignedContent.header(headers, SignatureHeaders.LEAF);
        if (leaf.length != Merkle.HASH_BYTES) {
            boolean signed = headers.lastHeader(SignatureHeaders.KEY) != null
                    || headers.lastHeader(SignatureHeaders.SIGNATURE) != null;
            return signed
                    ? new SignatureCheck.Invalid("the delivery does not name the sender's signed event")
                    : new SignatureCheck.Unsigned();
        }
        Instant delivery = Instant.ofEpochMilli(delivered);
        return check(
                headers,
                SignatureHeaders.KEY,
                SignatureHeaders.SIGNATURE,
                SignatureHeaders.PROOF,
                leaf,
                eventTime(headers, ledgerTime(headers, delivery)),
                delivery);
    }

    /** The exchange's countersignature of a delivery into {@code inbox}, made by the time it reached the inbox. */
    public SignatureCheck checkDelivery(Headers headers, byte[] value, String inbox, long delivered) {
        SealRead read = SealRead.of(headers);
        if (read.malformed() != null) {
            return read.malformed();
        }
        if (read.seal() != null) {
            return countersignatureOfSealed(read.seal(), headers, value, inbox, delivered);
        }
        byte[] senderLeaf = SignedContent.header(headers, SignatureHeaders.LEAF);
        Instant delivery = Instant.ofEpochMilli(delivered);
        return check(
                headers,
                SignatureHeaders.EXCHANGE_KEY,
                SignatureHeaders.EXCHANGE_SIGNATURE,
                SignatureHeaders.EXCHANGE_PROOF,
                SignedContent.deliveryLeaf(senderLeaf, inbox, headers, value),
                delivery,
                delivery);
    }

    /**
     * A delivery in an inbox, judged as every reader of inboxes must judge it ({@link DeliveryCheck}): both signatures,
     * and, where the delivery's terms withhold nothing, that the value is the event its sender signed. Either version.
     *
     * @param delivered when the delivery reached the inbox (the record's timestamp)
     */
    public DeliveryCheck checkInboxDelivery(Headers headers, byte[] value, String inbox, long delivered) {
        SealRead read = SealRead.of(headers);
        if (read.malformed() != null) {
            return new DeliveryCheck(read.malformed(), read.malformed(), false);
        }
        Seal seal = read.seal();
        if (seal != null) {
            SignatureCheck sender = senderOfSealed(seal, headers, delivered);
            SignatureCheck exchange = countersignatureOfSealed(seal, headers, value, inbox, delivered);
            boolean asSigned = seal.delivery()
                    && (asVouched(headers, value)
                            || MessageDigest.isEqual(
                                    seal.senderLeaf(), SignedContent.eventLeaf(headers, value, seal.sequence())));
            return new DeliveryCheck(sender, exchange, asSigned);
        }
        SignatureCheck sender = checkSenderOfDelivery(headers, delivered);
        SignatureCheck exchange = checkDelivery(headers, value, inbox, delivered);
        boolean asSigned = asVouched(headers, value)
                || MessageDigest.isEqual(
                        SignedContent.header(headers, SignatureHeaders.LEAF), SignedContent.eventLeaf(headers, value));
        return new DeliveryCheck(sender, exchange, asSigned);
    }

    /**
     * The sender's signature of a sender's own copy in its inbox, whose value is the event exactly as signed (nothing
     * withheld): in version 1 its headers sign it as an event, judged when the copy arrived; in version 2 its seal
     * names the sender's leaf, which must be this copy's, judged as a delivery.
     *
     * @param delivered when the copy reached the inbox (the record's timestamp)
     */
    public SignatureCheck checkOwnCopy(Headers headers, byte[] value, long delivered) {
        SealRead read = SealRead.of(headers);
        if (read.malformed() != null) {
            return read.malformed();
        }
        Seal seal = read.seal();
        if (seal == null) {
            return checkEventLeaf(headers, SignedContent.eventLeaf(headers, value), delivered);
        }
        if (!seal.delivery()
                || !MessageDigest.isEqual(
                        seal.senderLeaf(), SignedContent.eventLeaf(headers, value, seal.sequence()))) {
            return new SignatureCheck.Invalid("the copy is not the event its sender signed");
        }
        return senderOfSealed(seal, headers, delivered);
    }

    /**
     * Whether the copy may differ from the sender's bytes: with fields withheld, or sealed to another bus for the
     * crossing, the exchange's countersignature vouches for it, the sender's signature for the leaf it names.
     */
    private static boolean asVouched(Headers headers, byte[] value) {
        return !DeliveryTerms.of(headers).withheld().isEmpty() || FederationSeal.isSealedToBus(value);
    }

    private SignatureCheck senderOfSealed(Seal seal, Headers headers, long delivered) {
        if (!seal.delivery()) {
            return new SignatureCheck.Invalid("the seal does not name the sender's signed event");
        }
        return roots.verify(
                seal.keyId(),
                seal.signature(),
                seal.proof(),
                seal.senderLeaf(),
                eventTime(headers, Instant.ofEpochMilli(seal.ledgerTime())),
                Instant.ofEpochMilli(delivered));
    }

    private SignatureCheck countersignatureOfSealed(
            Seal seal, Headers headers, byte[] value, String inbox, long delivered) {
        if (!seal.delivery()) {
            return new SignatureCheck.Invalid("the seal does not name the sender's signed event");
        }
        if (!seal.countersigned()) {
            return new SignatureCheck.Unsigned();
        }
        Instant delivery = Instant.ofEpochMilli(delivered);
        return roots.verify(
                seal.exchangeKeyId(),
                seal.exchangeSignature(),
                seal.exchangeProof(),
                SignedContent.sealedDeliveryLeaf(seal, inbox, headers, value),
                delivery,
                delivery);
    }

    /** When an event counts as made: the later of its {@code ce_time} and its arrival; the arrival if unreadable. */
    public static Instant eventTime(Headers headers, Instant arrived) {
        return parse(headers, CloudEventHeaders.TIME)
                .filter(declared -> declared.isAfter(arrived))
                .orElse(arrived);
    }

    /**
     * When a delivered event reached its sender's outbox, as the delivery states (in its seal, or in version 1 its
     * {@code ddrr_ledger_time}); else, or when its seal is malformed, when it reached the inbox.
     */
    public static Instant ledgerTime(Headers headers, Instant delivered) {
        SealRead read = SealRead.of(headers);
        if (read.malformed() != null) {
            return delivered;
        }
        if (read.seal() != null) {
            return read.seal().delivery() ? Instant.ofEpochMilli(read.seal().ledgerTime()) : delivered;
        }
        return parse(headers, SignatureHeaders.LEDGER_TIME).orElse(delivered);
    }

    private static Optional<Instant> parse(Headers headers, String name) {
        try {
            return HeaderText.of(headers, name).map(UtcTime::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private SignatureCheck check(
            Headers headers,
            String keyHeader,
            String signatureHeader,
            String proofHeader,
            byte[] leaf,
            Instant madeAt,
            Instant arrived) {
        Optional<byte[]> keyId = single(headers, keyHeader);
        Optional<byte[]> signature = single(headers, signatureHeader);
        Optional<byte[]> proof = single(headers, proofHeader);
        if (keyId.isEmpty() && signature.isEmpty() && proof.isEmpty()) {
            return new SignatureCheck.Unsigned();
        }
        if (keyId.isEmpty() || signature.isEmpty() || proof.isEmpty()) {
            return new SignatureCheck.Invalid("signature headers are incomplete or repeated");
        }
        return roots.verify(keyId.get(), signature.get(), proof.get(), leaf, madeAt, arrived);
    }

    private static Optional<byte[]> single(Headers headers, String name) {
        byte[] found = null;
        for (Header header : headers.headers(name)) {
            if (found != null || header.value() == null) {
                return Optional.of(new byte[0]);
            }
            found = header.value();
        }
        return Optional.ofNullable(found);
    }

    /**
     * The seal a record carries, read once for every check here: null when it carries none (version 1 or unsigned),
     * and {@code malformed} the refusal when it carries one that cannot be read.
     */
    private record SealRead(Seal seal, SignatureCheck.Invalid malformed) {

        static SealRead of(Headers headers) {
            try {
                return new SealRead(Seal.of(headers), null);
            } catch (IllegalArgumentException e) {
                return new SealRead(null, new SignatureCheck.Invalid(e.getMessage()));
            }
        }
    }
}
