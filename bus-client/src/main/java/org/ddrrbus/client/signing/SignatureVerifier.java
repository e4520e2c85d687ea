package org.ddrrbus.client.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Checks signatures against the key ring. A root's signature is checked once and remembered, so every further record
 * of the same signed batch costs only its proof's few hashes.
 */
public final class SignatureVerifier {

    private static final int REMEMBERED_ROOTS = 8192;

    private final KeyRing keys;
    private final Map<String, Boolean> verifiedRoots = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_ROOTS;
        }
    };

    public SignatureVerifier(KeyRing keys) {
        this.keys = keys;
    }

    /** The sender's signature over the event as it is carried: its CloudEvents headers and value. */
    public SignatureCheck checkEvent(Headers headers, byte[] value) {
        return checkEventLeaf(headers, SignedContent.eventLeaf(headers, value));
    }

    /** The same, for a caller that has computed the event's leaf already and needs it again. */
    public SignatureCheck checkEventLeaf(Headers headers, byte[] leaf) {
        return check(headers, SignatureHeaders.KEY, SignatureHeaders.SIGNATURE, SignatureHeaders.PROOF, leaf);
    }

    /**
     * The sender's signature of a delivered event, by the leaf the exchange passed on: valid even when fields were
     * withheld from this copy, since the sender signed the full event.
     */
    public SignatureCheck checkSenderOfDelivery(Headers headers) {
        byte[] leaf = SignedContent.header(headers, SignatureHeaders.LEAF);
        if (leaf.length != Merkle.HASH_BYTES) {
            boolean signed = headers.lastHeader(SignatureHeaders.KEY) != null
                    || headers.lastHeader(SignatureHeaders.SIGNATURE) != null;
            return signed
                    ? new SignatureCheck.Invalid("the delivery does not name the sender's signed event")
                    : new SignatureCheck.Unsigned();
        }
        return check(headers, SignatureHeaders.KEY, SignatureHeaders.SIGNATURE, SignatureHeaders.PROOF, leaf);
    }

    /** The exchange's countersignature of a delivery into {@code inbox}. */
    public SignatureCheck checkDelivery(Headers headers, byte[] value, String inbox) {
        byte[] senderLeaf = SignedContent.header(headers, SignatureHeaders.LEAF);
        return check(
                headers,
                SignatureHeaders.EXCHANGE_KEY,
                SignatureHeaders.EXCHANGE_SIGNATURE,
                SignatureHeaders.EXCHANGE_PROOF,
                SignedContent.deliveryLeaf(senderLeaf, inbox, headers, value));
    }

    private SignatureCheck check(
            Headers headers, String keyHeader, String signatureHeader, String proofHeader, byte[] leaf) {
        Optional<byte[]> keyId = single(headers, keyHeader);
        Optional<byte[]> signature = single(headers, signatureHeader);
        Optional<byte[]> proof = single(headers, proofHeader);
        if (keyId.isEmpty() && signature.isEmpty() && proof.isEmpty()) {
            return new SignatureCheck.Unsigned();
        }
        if (keyId.isEmpty() || signature.isEmpty() || proof.isEmpty()) {
            return new SignatureCheck.Invalid("signature headers are incomplete or repeated");
        }
        String id = new String(keyId.get(), StandardCharsets.UTF_8);
        Optional<byte[]> publicKey = keys.publicKey(id);
        if (publicKey.isEmpty()) {
            return new SignatureCheck.Invalid("unknown signing key " + id);
        }
        if (signature.get().length != 64) {
            return new SignatureCheck.Invalid("malformed signature");
        }
        byte[] root;
        try {
            root = Merkle.rootOf(leaf, proof.get());
        } catch (IllegalArgumentException e) {
            return new SignatureCheck.Invalid(e.getMessage());
        }
        String remembered = id + ":" + Base64.getEncoder().encodeToString(root) + ":"
                + Base64.getEncoder().encodeToString(signature.get());
        Boolean valid;
        synchronized (verifiedRoots) {
            valid = verifiedRoots.get(remembered);
        }
        if (valid == null) {
            valid = SigningKey.verify(publicKey.get(), root, signature.get());
            synchronized (verifiedRoots) {
                verifiedRoots.put(remembered, valid);
            }
        }
        return valid
                ? new SignatureCheck.Valid(id, KeyRing.principalOf(id))
                : new SignatureCheck.Invalid("the signature of " + id + " does not match the content");
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
}
