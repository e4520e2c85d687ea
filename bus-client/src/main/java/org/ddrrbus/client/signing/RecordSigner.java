package org.ddrrbus.client.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Signs records in batches: one Ed25519 signature over the Merkle root of the batch's leaves, and each record gets
 * the signature, the signer's key id and its own inclusion proof. A lone record is a tree of one, whose root is its
 * leaf. Verifiers check a root once and each record with a few hashes, which is what keeps signing at Kafka speed.
 *
 * <p>The key is asked for at every batch, so a signer given its principal's keys as the key directory sees them
 * switches to a newly registered key without a restart.
 */
public final class RecordSigner {

    /**
     * Something to sign: its headers, which receive the signature, the leaf hash that stands for it and, for a delivery
     * in version 2, its seal as read for the leaf, so the countersignature does not read it again.
     */
    public record Signable(Headers headers, byte[] leaf, Optional<Seal> seal) {

        public Signable(Headers headers, byte[] leaf) {
            this(headers, leaf, Optional.empty());
        }

        /**
         * A delivery into {@code inbox} to countersign, in either version: a seal (version 2) as the exchange writes
         * them, or version-1 headers as a delivery written elsewhere may come; empty when it names no sender's event.
         *
         * @throws IllegalArgumentException when its seal is malformed
         */
        public static Optional<Signable> delivery(String inbox, Headers headers, byte[] deliveredValue) {
            Seal seal = Seal.of(headers);
            if (seal != null) {
                return seal.delivery()
                        ? Optional.of(new Signable(
                                headers,
                                SignedContent.sealedDeliveryLeaf(seal, inbox, headers, deliveredValue),
                                Optional.of(seal)))
                        : Optional.empty();
            }
            return SignedContent.senderLeafOf(headers)
                    .map(leaf ->
                            new Signable(headers, SignedContent.deliveryLeaf(leaf, inbox, headers, deliveredValue)));
        }
    }

    private final Supplier<SigningKey> keys;
    private final String keyHeader;
    private final String signatureHeader;
    private final String proofHeader;
    /** Numbers a sender's events; the exchange's countersignatures need none. */
    private final SenderSequence sequence;

    private RecordSigner(
            Supplier<SigningKey> keys,
            String keyHeader,
            String signatureHeader,
            String proofHeader,
            SenderSequence sequence) {
        this.keys = keys;
        this.keyHeader = keyHeader;
        this.signatureHeader = signatureHeader;
        this.proofHeader = proofHeader;
        this.sequence = sequence;
    }

    /** Signs events as their sender, always with this key. */
    public static RecordSigner sender(SigningKey key) {
        return sender(() -> key);
    }

    /** Signs events as their sender, each batch with the key {@code keys} gives at that moment. */
    public static RecordSigner sender(Supplier<SigningKey> keys) {
        return new RecordSigner(
                keys, SignatureHeaders.KEY, SignatureHeaders.SIGNATURE, SignatureHeaders.PROOF, SenderSequence.JVM);
    }

    /** Countersigns deliveries as the exchange, always with this key. */
    public static RecordSigner exchange(SigningKey key) {
        return exchange(() -> key);
    }

    /** Countersigns deliveries as the exchange, each batch with the key {@code keys} gives at that moment. */
    public static RecordSigner exchange(Supplier<SigningKey> keys) {
        return new RecordSigner(
                keys,
                SignatureHeaders.EXCHANGE_KEY,
                SignatureHeaders.EXCHANGE_SIGNATURE,
                SignatureHeaders.EXCHANGE_PROOF,
                null);
    }

    /** The id of the key the next batch would be signed with. */
    public String keyId() {
        return keys.get().keyId();
    }

    /**
     * Signs events whose headers and value are final: the leaf of each is computed from them. A sender's events are
     * numbered first, in list order, so they must be sent in that order.
     */
    public void signEvents(List<Headers> headers, List<byte[]> values) {
        List<Signable> batch = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            if (sequence != null) {
                sequence.number(headers.get(i));
            }
            batch.add(new Signable(headers.get(i), SignedContent.eventLeaf(headers.get(i), values.get(i))));
        }
        sign(batch);
    }

    public void sign(List<Signable> batch) {
        if (batch.isEmpty()) {
            return;
        }
        SigningKey key = keys.get();
        Merkle.Tree tree = Merkle.build(batch.stream().map(Signable::leaf).toList());
        byte[] signature = key.sign(tree.root());
        byte[] keyId = key.keyId().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < batch.size(); i++) {
            Headers headers = batch.get(i).headers();
            if (sequence == null
                    && countersignSeal(
                            batch.get(i), keyId, signature, tree.proofs().get(i))) {
                continue;
            }
            if (signedBefore(headers)) {
                headers.remove(keyHeader);
                headers.remove(signatureHeader);
                headers.remove(proofHeader);
            }
            headers.add(keyHeader, keyId);
            headers.add(signatureHeader, signature);
            headers.add(proofHeader, tree.proofs().get(i));
        }
    }

    /**
     * For the exchange: a delivery carrying a seal (version 2) gets its countersignature in the seal, in place of any
     * it had; false, and nothing done, when it carries none.
     */
    private static boolean countersignSeal(Signable signable, byte[] keyId, byte[] signature, byte[] proof) {
        Headers headers = signable.headers();
        Seal seal = signable.seal().orElseGet(() -> {
            Header sealed = headers.lastHeader(SignatureHeaders.SEAL);
            return sealed == null ? null : Seal.parse(sealed.value());
        });
        if (seal == null) {
            return false;
        }
        byte[] countersigned = seal.countersigned(keyId, signature, proof);
        headers.remove(SignatureHeaders.SEAL);
        headers.add(SignatureHeaders.SEAL, countersigned);
        return true;
    }

    /** Whether the headers hold a signature of this kind already: one pass, where removing each would take three. */
    private boolean signedBefore(Headers headers) {
        for (Header header : headers) {
            String name = header.key();
            if (name.equals(keyHeader) || name.equals(signatureHeader) || name.equals(proofHeader)) {
                return true;
            }
        }
        return false;
    }
}
