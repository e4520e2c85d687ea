package org.ddrrbus.client.signing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    private SignedContent() {}

    /**
     * The leaf hash of an event: its CloudEvents attributes, its value bytes and, when it carries one, its sender's
     * sequence number. Events signed before senders numbered them have no sequence and still verify; adding or
     * removing the header changes the number of parts, so neither goes unnoticed.
     */
    public static byte[] eventLeaf(Headers headers, byte[] value) {
        Parts parts = new Parts(EVENT);
        for (String name : CloudEventHeaders.REQUIRED) {
            parts.add(header(headers, name));
        }
        parts.add(value == null ? new byte[0] : value);
        if (headers.lastHeader(SignatureHeaders.SEQUENCE) != null) {
            parts.add(header(headers, SignatureHeaders.SEQUENCE));
        }
        return Merkle.leaf(parts.bytes());
    }

    /**
     * The leaf hash of a delivery: the sender's event (by its leaf), the inbox it went to, the terms it was shared
     * under, and the value as delivered, which differs from the sender's when fields were withheld.
     */
    public static byte[] deliveryLeaf(byte[] senderLeaf, String inbox, Headers headers, byte[] deliveredValue) {
        Parts parts = new Parts(DELIVERY);
        parts.add(senderLeaf);
        parts.add(inbox.getBytes(StandardCharsets.UTF_8));
        for (String name : CloudEventHeaders.REQUIRED) {
            parts.add(header(headers, name));
        }
        // The exchange headers saying under what terms the recipient got it.
        for (String name : DeliveryTerms.HEADERS) {
            parts.add(header(headers, name));
        }
        // Covered only when present: deliveries made before the exchange stated the ledger time still verify, and
        // adding or removing the header changes the number of parts, so neither goes unnoticed.
        if (headers.lastHeader(SignatureHeaders.LEDGER_TIME) != null) {
            parts.add(header(headers, SignatureHeaders.LEDGER_TIME));
        }
        parts.add(Merkle.sha256(deliveredValue == null ? new byte[0] : deliveredValue));
        return Merkle.leaf(parts.bytes());
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

    static byte[] header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? new byte[0] : header.value();
    }

    private static final class Parts {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);

        Parts(String tag) {
            add(tag.getBytes(StandardCharsets.UTF_8));
        }

        void add(byte[] part) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(part.length).array());
            out.writeBytes(part);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
