package org.ddrrbus.client.signing;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A public key as the key directory states it: which principal it speaks for, and when. A signature counts only for
 * an event dated within the key's validity; a key revoked from an instant is distrusted from then on, for good.
 *
 * @param validFrom the key speaks for events dated at or after this instant
 * @param validUntil it no longer speaks for events dated at or after this instant (a successor took over)
 * @param revokedFrom it is distrusted for events dated at or after this instant
 */
public record RegisteredKey(
        String keyId,
        String principal,
        byte[] publicKey,
        Instant validFrom,
        Optional<Instant> validUntil,
        Optional<Instant> revokedFrom) {

    public RegisteredKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(revokedFrom, "revokedFrom");
        if (publicKey == null || publicKey.length != SigningKey.PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        if (!keyId.equals(SigningKey.keyId(principal, publicKey))) {
            throw new IllegalArgumentException(keyId + " is not the key id of that public key of " + principal);
        }
        publicKey = publicKey.clone();
    }

    /** A key that speaks for its principal at any time, for fixed key rings of tests and benchmarks. */
    public static RegisteredKey always(String principal, byte[] publicKey) {
        return new RegisteredKey(
                SigningKey.keyId(principal, publicKey),
                principal,
                publicKey,
                Instant.EPOCH,
                Optional.empty(),
                Optional.empty());
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public boolean revokedAt(Instant time) {
        return revokedFrom.filter(from -> !time.isBefore(from)).isPresent();
    }

    /** Whether it speaks for its principal at {@code time}: within its validity and not revoked. */
    public boolean validAt(Instant time) {
        return !time.isBefore(validFrom)
                && validUntil.filter(until -> !time.isBefore(until)).isEmpty()
                && !revokedAt(time);
    }

    /** Current with no end: neither revoked nor superseded. */
    public boolean openEnded() {
        return validUntil.isEmpty() && revokedFrom.isEmpty();
    }

    public RegisteredKey endingAt(Instant until) {
        return new RegisteredKey(keyId, principal, publicKey, validFrom, Optional.of(until), revokedFrom);
    }

    public RegisteredKey revokedFrom(Instant from) {
        return new RegisteredKey(keyId, principal, publicKey, validFrom, validUntil, Optional.of(from));
    }

    /** One line for people: {@code iom/1a2b3c4d speaks for iom from ... until ...; revoked from ...}. */
    public String describe() {
        return keyId + " speaks for " + principal + " from " + validFrom
                + validUntil.map(until -> " until " + until).orElse("")
                + revokedFrom.map(from -> "; revoked from " + from).orElse("");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RegisteredKey that
                && keyId.equals(that.keyId)
                && principal.equals(that.principal)
                && Arrays.equals(publicKey, that.publicKey)
                && validFrom.equals(that.validFrom)
                && validUntil.equals(that.validUntil)
                && revokedFrom.equals(that.revokedFrom);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, validFrom, validUntil, revokedFrom);
    }

    @Override
    public String toString() {
        return describe();
    }
}
