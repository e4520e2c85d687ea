package org.ddrrbus.client.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The version-2 wire form of a record's signatures: one binary header, {@link SignatureHeaders#SEAL}, instead of the
 * version-1 text-named headers. One header name to encode and compare per record instead of up to ten. The layout
 * (all integers big-endian; docs/architecture.md, "The seal, byte by byte"):
 *
 * <pre>
 * 1      version, 2
 * 1      flags: 0x01 a sequence follows the proof, 0x02 a delivery part follows; no other bit may be set
 * 2      k, then k bytes: the sender's key id (UTF-8)
 * 64     the sender's Ed25519 signature of its root
 * 2      p, then p bytes: the sender's inclusion proof (as ddrr_sig_proof)
 * 8      the sender's sequence, when flag 0x01
 * 32     the sender's event leaf, when flag 0x02
 * 8      the ledger time, milliseconds since 1970, when flag 0x02
 *        ---- the countersigned prefix ends here; a delivery's leaf covers every byte of it
 * 2      k', then k' bytes: the exchange's key id            } the exchange part: only on a delivery,
 * 64     the exchange's countersignature of its root          } and either wholly present or absent
 * 2      p', then p' bytes: the exchange's inclusion proof    }
 * </pre>
 *
 * The bytes must be consumed exactly. A record carries at most one seal, and never a seal beside any version-1
 * signature header.
 *
 * @param prefixLength how many leading bytes of {@code bytes} the exchange's countersignature covers
 * @param sequence the 8 bytes of the sender's sequence, or null
 * @param senderLeaf null unless a delivery
 * @param exchangeKeyId null unless countersigned
 */
public record Seal(
        byte[] bytes,
        int prefixLength,
        byte[] keyId,
        byte[] signature,
        byte[] proof,
        byte[] sequence,
        byte[] senderLeaf,
        long ledgerTime,
        byte[] exchangeKeyId,
        byte[] exchangeSignature,
        byte[] exchangeProof) {

    public static final byte VERSION = 2;

    static final int HAS_SEQUENCE = 0x01;
    static final int IS_DELIVERY = 0x02;

    /** The version-1 headers a seal replaces; a record carrying both is refused. */
    private static final Set<String> VERSION_1 = Set.of(
            SignatureHeaders.KEY,
            SignatureHeaders.SIGNATURE,
            SignatureHeaders.PROOF,
            SignatureHeaders.SEQUENCE,
            SignatureHeaders.LEAF,
            SignatureHeaders.LEDGER_TIME,
            SignatureHeaders.EXCHANGE_KEY,
            SignatureHeaders.EXCHANGE_SIGNATURE,
            SignatureHeaders.EXCHANGE_PROOF);

    /** Whether this seal describes a delivery (it names the sender's leaf and the ledger time). */
    public boolean delivery() {
        return senderLeaf != null;
    }

    public boolean countersigned() {
        return exchangeKeyId != null;
    }

    /** The bytes the exchange's countersignature covers. */
    public byte[] prefix() {
        return Arrays.copyOf(bytes, prefixLength);
    }

    public String keyIdText() {
        return new String(keyId, StandardCharsets.UTF_8);
    }

    /**
     * The seal a record carries, or null when it carries none.
     *
     * @throws IllegalArgumentException when it carries a malformed seal, more than one, or a seal beside a version-1
     *     signature header
     */
    public static Seal of(Headers headers) {
        byte[] found = null;
        int seals = 0;
        boolean version1 = false;
        for (Header header : headers) {
            String key = header.key();
            if (key.equals(SignatureHeaders.SEAL)) {
                seals++;
                found = header.value();
            } else if (key.startsWith("ddrr_") && VERSION_1.contains(key)) {
                version1 = true;
            }
        }
        if (seals == 0) {
            return null;
        }
        if (seals > 1) {
            throw new IllegalArgumentException("the seal header is repeated");
        }
        if (version1) {
            throw new IllegalArgumentException("a seal beside version-1 signature headers");
        }
        return parse(found == null ? new byte[0] : found);
    }

    /** Reads a seal's bytes. */
    public static Seal parse(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                throw new IllegalArgumentException("unknown seal version");
            }
            int flags = in.get() & 0xff;
            if ((flags & ~(HAS_SEQUENCE | IS_DELIVERY)) != 0) {
                throw new IllegalArgumentException("unknown seal flags");
            }
            byte[] keyId = sized(in);
            byte[] signature = take(in, SigningKey.SIGNATURE_BYTES);
            byte[] proof = sized(in);
            byte[] sequence = (flags & HAS_SEQUENCE) != 0 ? take(in, 8) : null;
            byte[] senderLeaf = null;
            long ledgerTime = 0;
            if ((flags & IS_DELIVERY) != 0) {
                senderLeaf = take(in, Merkle.HASH_BYTES);
                ledgerTime = in.getLong();
            }
            int prefixLength = in.position();
            byte[] exchangeKeyId = null;
            byte[] exchangeSignature = null;
            byte[] exchangeProof = null;
            if (in.hasRemaining()) {
                if (senderLeaf == null) {
                    throw new IllegalArgumentException("a countersigned seal that is no delivery");
                }
                exchangeKeyId = sized(in);
                exchangeSignature = take(in, SigningKey.SIGNATURE_BYTES);
                exchangeProof = sized(in);
            }
            if (in.hasRemaining() || keyId.length == 0 || (exchangeKeyId != null && exchangeKeyId.length == 0)) {
                throw new IllegalArgumentException("malformed seal");
            }
            return new Seal(
                    bytes,
                    prefixLength,
                    keyId,
                    signature,
                    proof,
                    sequence,
                    senderLeaf,
                    ledgerTime,
                    exchangeKeyId,
                    exchangeSignature,
                    exchangeProof);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("malformed seal", e);
        }
    }

    /**
     * The countersigned prefix of a delivery's seal: the sender's signature as it reached the outbox, its leaf, and
     * when it reached the outbox.
     *
     * @param sequence the sender's 8-byte sequence, or null for an event signed before senders numbered them
     */
    public static byte[] delivery(
            byte[] keyId, byte[] signature, byte[] proof, byte[] sequence, byte[] senderLeaf, long ledgerTime) {
        if (signature.length != SigningKey.SIGNATURE_BYTES
                || senderLeaf.length != Merkle.HASH_BYTES
                || (sequence != null && sequence.length != 8)) {
            throw new IllegalArgumentException("malformed signature parts");
        }
        ByteBuffer out = ByteBuffer.allocate(2
                + 2
                + keyId.length
                + SigningKey.SIGNATURE_BYTES
                + 2
                + proof.length
                + (sequence == null ? 0 : 8)
                + Merkle.HASH_BYTES
                + 8);
        out.put(VERSION).put((byte) (IS_DELIVERY | (sequence == null ? 0 : HAS_SEQUENCE)));
        putSized(out, keyId);
        out.put(signature);
        putSized(out, proof);
        if (sequence != null) {
            out.put(sequence);
        }
        out.put(senderLeaf).putLong(ledgerTime);
        return out.array();
    }

    /**
     * The countersigned prefix of a delivery of the event whose outbox record carries {@code sent}, its sender's
     * version-1 signature headers (as senders sign), once the gate has checked them: the one way a delivery's seal is
     * made from what a sender wrote.
     */
    public static byte[] deliveryOf(Headers sent, byte[] senderLeaf, long ledgerTime) {
        Header sequence = sent.lastHeader(SignatureHeaders.SEQUENCE);
        return delivery(
                valueOf(sent, SignatureHeaders.KEY),
                valueOf(sent, SignatureHeaders.SIGNATURE),
                valueOf(sent, SignatureHeaders.PROOF),
                sequence == null ? null : valueOf(sent, SignatureHeaders.SEQUENCE),
                senderLeaf,
                ledgerTime);
    }

    private static byte[] valueOf(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? new byte[0] : header.value();
    }

    /** This delivery's seal with the exchange's countersignature in place of any it carried. */
    public byte[] countersigned(byte[] exchangeKeyId, byte[] exchangeSignature, byte[] exchangeProof) {
        if (!delivery()) {
            throw new IllegalArgumentException("only a delivery's seal is countersigned");
        }
        ByteBuffer out = ByteBuffer.allocate(
                prefixLength + 2 + exchangeKeyId.length + SigningKey.SIGNATURE_BYTES + 2 + exchangeProof.length);
        out.put(bytes, 0, prefixLength);
        putSized(out, exchangeKeyId);
        out.put(exchangeSignature);
        putSized(out, exchangeProof);
        return out.array();
    }

    /**
     * The sender's signature as version-1 headers ({@link SignatureHeaders#SENDER}), for a copy that leaves in
     * version 1 (a federation crossing).
     */
    public java.util.List<Header> senderHeaders() {
        java.util.List<Header> headers = new java.util.ArrayList<>(4);
        headers.add(new RecordHeader(SignatureHeaders.KEY, keyId));
        headers.add(new RecordHeader(SignatureHeaders.SIGNATURE, signature));
        headers.add(new RecordHeader(SignatureHeaders.PROOF, proof));
        if (sequence != null) {
            headers.add(new RecordHeader(SignatureHeaders.SEQUENCE, sequence));
        }
        return headers;
    }

    private static void putSized(ByteBuffer out, byte[] part) {
        if (part.length > 0xffff) {
            throw new IllegalArgumentException("a seal part longer than 65535 bytes");
        }
        out.putShort((short) part.length).put(part);
    }

    private static byte[] sized(ByteBuffer in) {
        return take(in, in.getShort() & 0xffff);
    }

    private static byte[] take(ByteBuffer in, int n) {
        byte[] part = new byte[n];
        in.get(part);
        return part;
    }
}
