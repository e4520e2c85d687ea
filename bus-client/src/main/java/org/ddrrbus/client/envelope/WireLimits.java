package org.ddrrbus.client.envelope;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * How much of a record the bus's own components write or echo back.
 *
 * <p>An agency's producer decides how large a record it writes to its outbox: with compression a record of many
 * megabytes fits in a batch the broker accepts. Whatever the exchange writes in answer (a quarantined copy, a refusal
 * notice, a delivery) must stay below what the broker accepts, or its transaction fails and the same input is
 * processed again and again. So nothing from a sender is echoed unbounded, and every record the exchange writes is
 * measured first.
 */
public final class WireLimits {

    /**
     * The most a bus component writes in one record (1020 KiB): below the broker's default limit of a batch
     * ({@code message.max.bytes}, 1,048,588 bytes) with room for the batch's own overhead and the framing of a
     * compression codec, which adds a little even to data it cannot compress. A cluster set to accept less is met by
     * the exchange's second line: a record the broker refuses is set aside (see {@code ExactlyOnceStreams}).
     */
    public static final int MAX_WRITTEN_RECORD_BYTES = 1_044_480;

    /** Room left in every delivery for the countersignature headers the exchange's producer adds before sending it. */
    public static final int COUNTERSIGNATURE_RESERVE_BYTES = 8 * 1024;

    /** A key longer than this is cut when echoed: a subjectRef or an area is a few dozen characters. */
    public static final int MAX_ECHOED_KEY_BYTES = 256;

    /** Headers of a refused record copied into the quarantine; a sender's 10,000 headers are not. */
    public static final int MAX_ECHOED_HEADERS = 64;

    /** Bytes of one header's value copied into the quarantine; longer values are cut. */
    public static final int MAX_ECHOED_HEADER_BYTES = 1024;

    /** Characters of an id, a type or a subject quoted in a refusal notice. */
    public static final int MAX_ECHOED_TEXT = 128;

    /** Characters of the one-line detail of a refusal. */
    public static final int MAX_DETAIL = 400;

    private WireLimits() {}

    /** The size of a record as the producer measures it, near enough: key, value, header names and values. */
    public static int sizeOf(String key, byte[] value, Headers headers) {
        long size = 64;
        size += key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length;
        size += value == null ? 0 : value.length;
        for (Header header : headers) {
            size += 8 + header.key().getBytes(StandardCharsets.UTF_8).length;
            size += header.value() == null ? 0 : header.value().length;
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** The text cut to at most {@code maxBytes} of UTF-8, never inside a character. */
    public static String cut(String text, int maxBytes) {
        if (text == null) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int width = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (used + width > maxBytes) {
                break;
            }
            kept.appendCodePoint(c);
            used += width;
            i += Character.charCount(c);
        }
        return kept.toString();
    }
}
