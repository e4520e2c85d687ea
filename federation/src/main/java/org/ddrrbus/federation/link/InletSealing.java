package org.ddrrbus.federation.link;

import com.google.crypto.tink.HybridDecrypt;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyHolder;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.rejection.Rejection;

/**
 * The inlet's keys: it opens what crossed with this exchange's private federation key, refuses content about a person
 * that crossed in clear, and seals what it delivers under this bus's own key of the person, as its exchange seals, so
 * an erasure on this bus works on what arrived.
 */
final class InletSealing {

    private final String local;
    /** This exchange's private federation key: what crossed to this bus is sealed to its public part. */
    private final HybridDecrypt opener;
    /** The people's data keys of this bus, as its exchange holds them. */
    private final SubjectKeyHolder keys;

    private final SubjectCipher cipher;

    InletSealing(String local, HybridDecrypt opener, SubjectKeyHolder keys, SharingAgreement national) {
        this.local = local;
        this.opener = opener;
        this.keys = keys;
        this.cipher = SubjectCipher.of(keys, national);
    }

    SubjectCipher cipher() {
        return cipher;
    }

    /**
     * The plain value of what crossed: opened with this exchange's federation key when sealed to this bus.
     *
     * @throws IllegalArgumentException when it is sealed to another bus or key, altered, or moved from another event
     */
    byte[] opened(ConsumerRecord<String, byte[]> record) {
        if (!FederationSeal.isSealedToBus(record.value())) {
            return record.value();
        }
        Optional<String> id = HeaderText.of(record.headers(), CloudEventHeaders.ID);
        Optional<String> type = HeaderText.of(record.headers(), CloudEventHeaders.TYPE);
        Optional<String> subject = HeaderText.of(record.headers(), CloudEventHeaders.SUBJECT);
        if (id.isEmpty() || type.isEmpty() || subject.isEmpty()) {
            return record.value(); // refused for its missing header when read
        }
        return FederationSeal.open(opener, local, record.value(), id.get(), type.get(), subject.get());
    }

    /** Content about a person crosses only sealed to this bus; in clear it is refused, whatever signed it. */
    static Optional<Rejection> sealedToThisBus(ConsumerRecord<String, byte[]> record, Envelope envelope) {
        if (SubjectCipher.sealable(envelope.typeName(), envelope.subject())
                && !FederationSeal.isSealedToBus(record.value())) {
            return Optional.of(new Rejection.MalformedBody(
                    envelope.typeName(),
                    "it crossed in clear: content about a person crosses only sealed to the receiving bus"));
        }
        return Optional.empty();
    }

    /**
     * Why content the other bus sealed under its key of a person erased on this bus is refused before any key of theirs
     * is asked for: this bus neither holds nor asks for a key of a person it erased, even where the erasure did not
     * cross (this bus did not issue the case code). Empty otherwise.
     */
    Optional<Rejection> erasedBeforeAsking(byte[] plain) {
        if (!SubjectCipher.isSealed(plain)) {
            return Optional.empty();
        }
        SubjectKeyId named = SubjectCipher.parse(plain).keyId();
        return keys.erased(named.subjectRef())
                ? Optional.of(new Rejection.KeyUnavailable(named.text()))
                : Optional.empty();
    }

    /** A person erased on this bus: nothing of them is delivered here again, and no key is made for them. */
    Optional<Rejection> notErasedHere(Envelope envelope) {
        if (SubjectCipher.sealable(envelope.typeName(), envelope.subject()) && keys.erased(envelope.subject())) {
            return Optional.of(keyGone(envelope));
        }
        return Optional.empty();
    }

    /**
     * The content sealed under this bus's key of the person, once for every copy delivered here; plain for a type that
     * stays readable. Empty when no key is made for it here (past its retention, or the person erased meanwhile).
     */
    Optional<byte[]> sealHere(Envelope envelope, byte[] plain) {
        if (!SubjectCipher.sealable(envelope.typeName(), envelope.subject())) {
            return Optional.of(plain);
        }
        try {
            return Optional.of(cipher.seal(
                    envelope.typeName(),
                    envelope.id(),
                    envelope.type().cloudEventType(),
                    envelope.subject(),
                    envelope.time(),
                    plain));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /**
     * What the quarantine keeps of a crossing copy refused after it was opened: its content sealed under this bus's key
     * of the person, as what is delivered, so that an erasure here reaches it (no longer the bytes sealed to this
     * exchange's federation key, which an erasure does not destroy); plain for a type that stays readable. Null,
     * nothing of the content, when no key is made for the person here (erased, or past retention).
     */
    byte[] quarantined(Envelope envelope, byte[] plain) {
        return sealHere(envelope, plain).orElse(null);
    }

    /** Why an event about a person whose key is gone here is refused. */
    Rejection keyGone(Envelope envelope) {
        return new Rejection.KeyUnavailable(cipher.keyIdFor(envelope.typeName(), envelope.subject(), envelope.time())
                .text());
    }

    /** Records that {@code recipient} was delivered a sealed event of the person: the key holder gives it the key. */
    void delivered(byte[] value, String subjectRef, String recipient) {
        if (SubjectCipher.isSealed(value)) {
            keys.recordDelivery(subjectRef, recipient);
        }
    }
}
