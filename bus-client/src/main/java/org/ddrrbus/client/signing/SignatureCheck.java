package org.ddrrbus.client.signing;

import java.time.Instant;
import java.util.Optional;
import org.ddrrbus.client.rejection.Rejection;

/** The outcome of checking a signature against the key directory at the time an event counts as made. */
public sealed interface SignatureCheck {

    /** Why a verifier refuses the record, or empty when the signature counts. One mapping for every verifier. */
    Optional<Rejection> refusal();

    /** The same, and a valid signature by anyone but {@code expected} is refused as a bad signature too. */
    default Optional<Rejection> refusalUnlessSignedBy(String expected) {
        if (this instanceof Valid valid && !valid.signer().equals(expected)) {
            return Optional.of(new Rejection.BadSignature("signed by " + valid.signer() + ", not " + expected));
        }
        return refusal();
    }

    /**
     * It verifies with a key that spoke for {@code signer} at the event's time. {@code revokedLater} is the instant the
     * key was revoked from, when that came after the event: the event stands, but an auditor should know.
     */
    record Valid(String keyId, String signer, Optional<Instant> revokedLater) implements SignatureCheck {
        public Valid(String keyId, String signer) {
            this(keyId, signer, Optional.empty());
        }

        public Optional<Rejection> refusal() {
            return Optional.empty();
        }
    }

    record Unsigned() implements SignatureCheck {
        public Optional<Rejection> refusal() {
            return Optional.of(new Rejection.Unsigned());
        }
    }

    /** Malformed, made with an unknown key, or not matching the content: forged or altered. */
    record Invalid(String problem) implements SignatureCheck {
        public Optional<Rejection> refusal() {
            return Optional.of(new Rejection.BadSignature(problem));
        }
    }

    /** The signature matches, but its key was revoked from {@code revokedFrom}, at or before {@code eventTime}. */
    record KeyRevoked(String keyId, String signer, Instant revokedFrom, Instant eventTime) implements SignatureCheck {
        public Optional<Rejection> refusal() {
            return Optional.of(new Rejection.KeyRevoked(keyId, revokedFrom.toString(), eventTime.toString()));
        }
    }

    /** The signature matches, but its key did not speak for its principal at the event's time. */
    record KeyNotValid(String keyId, String signer, String problem) implements SignatureCheck {
        public Optional<Rejection> refusal() {
            return Optional.of(new Rejection.KeyNotValid(keyId, problem));
        }
    }
}
