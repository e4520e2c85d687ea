package org.ddrrbus.client.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;

/**
 * What a signature covers, as unambiguous bytes: each part length-prefixed, behind a tag naming what kind of thing is
 * signed, so an event's leaf can never be read as a delivery's.
 */
public final class SignedContent {

    static final String EVENT = "ddrr-event-v1";
    static final String DELIVERY = "ddrr-delivery-v1";
    /** A delivery whose signatures travel in a {@link Seal}: its leaf covers the seal's countersigned prefix. */
    static final String SEALED_DELIVERY = "ddrr-delivery-v2";

    private static final byte[] EVENT_TAG = EVENT.getBytes(StandardCharsets.UTF_8);
    private static final byte[] DELIVERY_TAG = DELIVERY.getBytes(StandardCharsets.UTF_8);
    private static final byte[] SEALED_DELIVERY_TAG = SEALED_DELIVERY.getBytes(StandardCharsets.UTF_8);

    private SignedContent() {}

    /**
     * The leaf hash of an event: its CloudEvents attributes, its value bytes and, when it carries one, its sender's
     * sequence number. Events signed before senders numbered them have no sequence and still verify; adding or
     * removing the header changes the number of parts, so neither goes unnoticed.
     */
    public static byte[] eventLeaf(Headers headers, byte[] value) {
        return eventLeaf(headers, value, null);
    }

    /**
     * The same, with the sequence a {@link Seal} carries ({@code sequence}, 8 bytes) in place of the header's: the
     * leaf covers the number, wherever it travels.
     */
    public static byte[] eventLeaf(Headers headers, byte[] value, byte[] sequence) {
        // One pass over the headers, not one search per part: this runs for every event a verifier or signer meets.
        byte[][] found = lastValues(headers, EVENT_PARTS);
        LeafHash parts = new LeafHash(EVENT_TAG);
        for (int i = 0; i < CloudEventHeaders.REQUIRED.size(); i++) {
            parts.add(orEmpty(found[i]));
        }
        parts.add(value == null ? new byte[0] : value);
        if (sequence != null) {
            parts.add(sequence);
        } else if (found[CloudEventHeaders.REQUIRED.size()] != null) {
            parts.add(orEmpty(found[CloudEventHeaders.REQUIRED.size()]));
        }
        return parts.digest();
    }

    /**
     * The leaf hash of a delivery: the sender's event (by its leaf), the inbox it went to, the terms it was shared
     * under, and the value as delivered, which differs from the sender's when fields were withheld.
     */
    public static byte[] deliveryLeaf(byte[] senderLeaf, String inbox, Headers headers, byte[] deliveredValue) {
        byte[][] found = lastValues(headers, DELIVERY_PARTS);
        // The value's own hash first: the leaf's hash below uses this thread's digest from start to end.
        byte[] valueHash = Merkle.sha256(deliveredValue == null ? new byte[0] : deliveredValue);
        LeafHash parts = new LeafHash(DELIVERY_TAG);
        parts.add(senderLeaf);
        parts.add(inbox.getBytes(StandardCharsets.UTF_8));
        // The CloudEvents attributes, then the exchange headers saying under what terms the recipient got it.
        int terms = CloudEventHeaders.REQUIRED.size() + DeliveryTerms.HEADERS.size();
        for (int i = 0; i < terms; i++) {
            parts.add(orEmpty(found[i]));
        }
        // Covered only when present: deliveries made before the exchange stated the ledger time still verify, and
        // adding or removing the header changes the number of parts, so neither goes unnoticed.
        if (found[terms] != null) {
            parts.add(orEmpty(found[terms]));
        }
        parts.add(valueHash);
        return parts.digest();
    }

    /**
     * The leaf of a version-2 delivery: the seal's countersigned prefix (the sender's key id, signature, proof and
     * sequence, its leaf and the ledger time, every byte of the seal but the exchange's own part), the inbox, the
     * CloudEvents attributes, the terms, and the delivered value's hash.
     */
    public static byte[] sealedDeliveryLeaf(Seal seal, String inbox, Headers headers, byte[] deliveredValue) {
        byte[][] found = lastValues(headers, DELIVERY_PARTS);
        byte[] valueHash = Merkle.sha256(deliveredValue == null ? new byte[0] : deliveredValue);
        LeafHash parts = new LeafHash(SEALED_DELIVERY_TAG);
        parts.add(seal.bytes(), seal.prefixLength());
        parts.add(inbox.getBytes(StandardCharsets.UTF_8));
        int terms = CloudEventHeaders.REQUIRED.size() + DeliveryTerms.HEADERS.size();
        for (int i = 0; i < terms; i++) {
            parts.add(orEmpty(found[i]));
        }
        parts.add(valueHash);
        return parts.digest();
    }

    /**
     * A statement to sign directly (not through a Merkle tree): a tag naming what kind of statement it is, then each
     * part, all length-prefixed. It is always longer than the 32-byte roots that event signatures cover, so neither
     * kind of signature can be passed off as the other.
     */
    public static byte[] statement(String tag, byte[]... parts) {
        Parts content = new Parts(tag);
        for (byte[] part : parts) {
            content.add(part);
        }
        return content.bytes();
    }

    /** The sender's leaf a delivery carries, when it carries one. */
    public static java.util.Optional<byte[]> senderLeafOf(Headers headers) {
        byte[] leaf = header(headers, SignatureHeaders.LEAF);
        return leaf.length == Merkle.HASH_BYTES ? java.util.Optional.of(leaf) : java.util.Optional.empty();
    }

    /** The headers an event's leaf covers, in its order; the sequence last, covered only when present. */
    private static final List<String> EVENT_PARTS =
            concat(CloudEventHeaders.REQUIRED, List.of(SignatureHeaders.SEQUENCE));

    /** The headers a delivery's leaf covers, in its order; the ledger time last, covered only when present. */
    private static final List<String> DELIVERY_PARTS =
            concat(concat(CloudEventHeaders.REQUIRED, DeliveryTerms.HEADERS), List.of(SignatureHeaders.LEDGER_TIME));

    private static final Map<String, Integer> EVENT_INDEX = index(EVENT_PARTS);
    private static final Map<String, Integer> DELIVERY_INDEX = index(DELIVERY_PARTS);

    /**
     * The value of the last header of each name, in one pass over the headers (null where absent; an empty array for
     * a header without a value): what {@link #header} gives name by name.
     */
    private static byte[][] lastValues(Headers headers, List<String> names) {
        Map<String, Integer> index = names == EVENT_PARTS ? EVENT_INDEX : DELIVERY_INDEX;
        byte[][] found = new byte[names.size()][];
        for (Header header : headers) {
            Integer at = index.get(header.key());
            if (at != null) {
                found[at] = header.value() == null ? new byte[0] : header.value();
            }
        }
        return found;
    }

    private static byte[] orEmpty(byte[] value) {
        return value == null ? new byte[0] : value;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return Map.copyOf(index);
    }

    static byte[] header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? new byte[0] : header.value();
    }

    /**
     * A leaf's hash over the same bytes {@link Parts} would collect ({@link Merkle#leaf} of the tag and each part,
     * length-prefixed), fed to this thread's digest as they come instead of copied into one array first: copying the
     * parts took a fifth of {@code audit verify}'s checking. Nothing else may use the digest until {@link #digest}.
     */
    private static final class LeafHash {
        private final MessageDigest sha = Merkle.sha256();
        private final byte[] length = new byte[4];

        LeafHash(byte[] tag) {
            sha.update(Merkle.LEAF_PREFIX);
            add(tag);
        }

        void add(byte[] part) {
            add(part, part.length);
        }

        /** The first {@code n} bytes of {@code part}, as a part. */
        void add(byte[] part, int n) {
            length[0] = (byte) (n >>> 24);
            length[1] = (byte) (n >>> 16);
            length[2] = (byte) (n >>> 8);
            length[3] = (byte) n;
            sha.update(length, 0, 4);
            sha.update(part, 0, n);
        }

        byte[] digest() {
            return sha.digest();
        }
    }

    private static final class Parts {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

        Parts(String tag) {
            add(tag.getBytes(StandardCharsets.UTF_8));
        }

        void add(byte[] part) {
            int length = part.length;
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
            out.writeBytes(part);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
