package org.ddrrbus.client.envelope;

import com.google.crypto.tink.Aead;
import java.util.Optional;
import org.ddrrbus.client.rejection.Rejection;

/**
 * Opens the sealed value of a record as it is read ({@link EventCodec}): with the key of the person the value names,
 * for that record's id, type and subject only, and refuses with the reason a sender is told what it cannot open.
 */
final class SealedValue {

    private SealedValue() {}

    static byte[] open(SubjectCipher cipher, byte[] value, String id, String type, String subject) {
        if (FederationSeal.isSealedToBus(value)) {
            throw new RefusedException(FederationSeal.unopened(value)); // only the receiving exchange opens it
        }
        SubjectCipher.Sealed sealed;
        try {
            sealed = SubjectCipher.parse(value);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(new Rejection.MalformedBody("sealed value", e.getMessage()));
        }
        if (!sealed.keyId().subjectRef().equals(subject)) {
            throw new RefusedException(new Rejection.MalformedHeader(
                    CloudEventHeaders.SUBJECT, "does not match the person whose key the value is sealed under"));
        }
        Optional<Aead> key = cipher == null ? Optional.empty() : cipher.keys().find(sealed.keyId());
        if (key.isEmpty()) {
            throw new RefusedException(
                    new Rejection.KeyUnavailable(sealed.keyId().text()));
        }
        try {
            return SubjectCipher.open(sealed, key.get(), id, type);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(new Rejection.MalformedBody("sealed value", e.getMessage()));
        }
    }
}
