package org.ddrrbus.client.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.client.text.OneLine;

/**
 * Whether a key signed the root a leaf and its proof lead to, and spoke for its principal at the time the record
 * counts as made. A root's signature is checked once and remembered, so every further record of the same signed batch
 * costs only its proof's few hashes; whether the key spoke for its signer at that time is judged for every record.
 */
final class RootCheck {

    private static final int REMEMBERED_ROOTS = 8192;

    private final KeyLookup keys;

    /**
     * A signature of a root by a key, as remembered: compared by content, with no text made of it per record. Hashed
     * by a few of its bytes: {@code ByteBuffer.hashCode} over all 96 took 4% of {@code audit verify}'s checking.
     */
    private record Signed(String keyId, ByteBuffer root, ByteBuffer signature) {
        @Override
        public int hashCode() {
            // A root is 32 bytes unless a one-leaf proof made the leaf its root, and a signature 64 (checked before).
            int rootHash = root.remaining() >= Long.BYTES ? Long.hashCode(root.getLong(0)) : root.hashCode();
            return 31 * (31 * keyId.hashCode() + rootHash) + Long.hashCode(signature.getLong(0));
        }
    }

    private final Map<Signed, Boolean> verifiedRoots = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Signed, Boolean> eldest) {
            return size() > REMEMBERED_ROOTS;
        }
    };

    RootCheck(KeyLookup keys) {
        this.keys = keys;
    }

    /** A signature by the key {@code keyIdBytes} names, of the root {@code leaf} and {@code proof} lead to. */
    SignatureCheck verify(
            byte[] keyIdBytes, byte[] signatureBytes, byte[] proofBytes, byte[] leaf, Instant madeAt, Instant arrived) {
        String id = new String(keyIdBytes, StandardCharsets.UTF_8);
        Optional<RegisteredKey> registered = keys.findAsOf(id, arrived);
        if (registered.isEmpty()) {
            return new SignatureCheck.Invalid("unknown signing key " + shown(id));
        }
        RegisteredKey key = registered.get();
        if (signatureBytes.length != SigningKey.SIGNATURE_BYTES) {
            return new SignatureCheck.Invalid("malformed signature");
        }
        byte[] root;
        try {
            root = Merkle.rootOf(leaf, proofBytes);
        } catch (IllegalArgumentException e) {
            return new SignatureCheck.Invalid(e.getMessage());
        }
        // A key id names one public key for good (it is the key's fingerprint), so a verdict on a root stays true.
        Signed remembered = new Signed(id, ByteBuffer.wrap(root), ByteBuffer.wrap(signatureBytes));
        Boolean valid;
        synchronized (verifiedRoots) {
            valid = verifiedRoots.get(remembered);
        }
        if (valid == null) {
            valid = SigningKey.verify(key.publicKey(), root, signatureBytes);
            synchronized (verifiedRoots) {
                verifiedRoots.put(remembered, valid);
            }
        }
        if (!valid) {
            return new SignatureCheck.Invalid("the signature of " + id + " does not match the content");
        }
        return standing(key, madeAt);
    }

    /** Whether the key spoke for its principal at the time; checked after the signature, so a forgery stays one. */
    private static SignatureCheck standing(RegisteredKey key, Instant madeAt) {
        if (key.revokedAt(madeAt)) {
            return new SignatureCheck.KeyRevoked(
                    key.keyId(), key.principal(), key.revokedFrom().orElseThrow(), madeAt);
        }
        if (madeAt.isBefore(key.validFrom())) {
            return new SignatureCheck.KeyNotValid(
                    key.keyId(),
                    key.principal(),
                    "it speaks for " + key.principal() + " from " + key.validFrom() + ", the event counts as of "
                            + madeAt);
        }
        if (!key.validAt(madeAt)) {
            return new SignatureCheck.KeyNotValid(
                    key.keyId(),
                    key.principal(),
                    "it spoke for " + key.principal() + " until "
                            + key.validUntil().orElseThrow() + ", the event counts as of " + madeAt);
        }
        return new SignatureCheck.Valid(key.keyId(), key.principal(), key.revokedFrom());
    }

    /** A key id as a one-line reason may quote it. */
    private static String shown(String keyId) {
        return OneLine.of(keyId, 80);
    }
}
