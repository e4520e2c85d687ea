package org.ddrrbus.client.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;

/**
 * Signs records in batches: one Ed25519 signature over the Merkle root of the batch's leaves, and each record gets
 * the signature, the signer's key id and its own inclusion proof. A lone record is a tree of one, whose root is its
 * leaf. Verifiers check a root once and each record with a few hashes, which is what keeps signing at Kafka speed.
 */
public final class RecordSigner {

    /** Something to sign: its headers, which receive the signature, and the leaf hash that stands for it. */
    public record Signable(Headers headers, byte[] leaf) {}

    private final SigningKey key;
    private final String keyHeader;
    private final String signatureHeader;
    private final String proofHeader;

    private RecordSigner(SigningKey key, String keyHeader, String signatureHeader, String proofHeader) {
        this.key = key;
        this.keyHeader = keyHeader;
        this.signatureHeader = signatureHeader;
        this.proofHeader = proofHeader;
    }

    /** Signs events as their sender. */
    public static RecordSigner sender(SigningKey key) {
        return new RecordSigner(key, SignatureHeaders.KEY, SignatureHeaders.SIGNATURE, SignatureHeaders.PROOF);
    }

    /** Countersigns deliveries as the exchange. */
    public static RecordSigner exchange(SigningKey key) {
        return new RecordSigner(
                key,
                SignatureHeaders.EXCHANGE_KEY,
                SignatureHeaders.EXCHANGE_SIGNATURE,
                SignatureHeaders.EXCHANGE_PROOF);
    }

    public String keyId() {
        return key.keyId();
    }

    /** Signs events whose headers and value are final: the leaf of each is computed from them. */
    public void signEvents(List<Headers> headers, List<byte[]> values) {
        List<Signable> batch = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            batch.add(new Signable(headers.get(i), SignedContent.eventLeaf(headers.get(i), values.get(i))));
        }
        sign(batch);
    }

    public void sign(List<Signable> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Merkle.Tree tree = Merkle.build(batch.stream().map(Signable::leaf).toList());
        byte[] signature = key.sign(tree.root());
        byte[] keyId = key.keyId().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < batch.size(); i++) {
            Headers headers = batch.get(i).headers();
            headers.remove(keyHeader);
            headers.remove(signatureHeader);
            headers.remove(proofHeader);
            headers.add(keyHeader, keyId);
            headers.add(signatureHeader, signature);
            headers.add(proofHeader, tree.proofs().get(i));
        }
    }
}
