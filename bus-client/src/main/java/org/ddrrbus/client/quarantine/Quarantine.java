package org.ddrrbus.client.quarantine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.WireLimits;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;

/**
 * Moves a refused record to a quarantine: the value and headers as they arrived, so an auditor can examine the
 * evidence, plus headers saying why, where it came from and who refused it. The exchange's refusals go to
 * {@code ddrr.quarantine}, which only it may write; an agency's service sets aside malformed inbox records in its own
 * {@code ddrr.quarantine.<agency>}, so no agency can forge a refusal in the exchange's name.
 *
 * <p>The copy is bounded, because a record that cannot be written would stop whoever quarantines it: at most
 * {@value WireLimits#MAX_ECHOED_HEADERS} headers are copied, each value cut to
 * {@value WireLimits#MAX_ECHOED_HEADER_BYTES} bytes and the key to {@value WireLimits#MAX_ECHOED_KEY_BYTES}; when
 * even that is larger than {@value WireLimits#MAX_WRITTEN_RECORD_BYTES} bytes, the quarantine holds a record without
 * the value that names the source topic, partition and offset, where the record stays as it was sent. Header
 * {@value #CUT} says what was left out.
 */
public final class Quarantine {

    public static final String REASON = "ddrr_quarantine_reason";
    public static final String DETAIL = "ddrr_quarantine_detail";
    public static final String SOURCE_TOPIC = "ddrr_source_topic";
    public static final String SOURCE_PARTITION = "ddrr_source_partition";
    public static final String SOURCE_OFFSET = "ddrr_source_offset";
    public static final String QUARANTINED_BY = "ddrr_quarantined_by";
    public static final String QUARANTINED_AT = "ddrr_quarantined_at";
    /** Present when the copy is not whole: what was cut, and that the record as sent is at its source. */
    public static final String CUT = "ddrr_quarantine_cut";

    private static final int MAX_HEADER_NAME_BYTES = 128;

    private Quarantine() {}

    public static ProducerRecord<String, byte[]> record(
            Rejection rejection, RecordOrigin origin, Headers original, byte[] value, String quarantinedBy) {
        String key = WireLimits.cut(origin.key(), WireLimits.MAX_ECHOED_KEY_BYTES);
        Headers headers = new RecordHeaders();
        int seen = 0;
        int copied = 0;
        boolean valuesCut = false;
        for (Header header : original) {
            if (header.key().startsWith("ddrr_quarantine") || header.key().startsWith("ddrr_source_")) {
                continue;
            }
            seen++;
            if (copied == WireLimits.MAX_ECHOED_HEADERS) {
                continue;
            }
            String name = WireLimits.cut(header.key(), MAX_HEADER_NAME_BYTES);
            byte[] bytes = header.value();
            if (bytes != null && bytes.length > WireLimits.MAX_ECHOED_HEADER_BYTES) {
                bytes = Arrays.copyOf(bytes, WireLimits.MAX_ECHOED_HEADER_BYTES);
                valuesCut = true;
            }
            valuesCut |= !name.equals(header.key());
            headers.add(name, bytes);
            copied++;
        }
        boolean keyCut = key != null && !key.equals(origin.key());
        String cut = null;
        if (copied < seen || valuesCut || keyCut) {
            cut = "kept " + copied + " of " + seen + " headers, names and values cut to " + MAX_HEADER_NAME_BYTES
                    + " and " + WireLimits.MAX_ECHOED_HEADER_BYTES + " bytes, the key to "
                    + WireLimits.MAX_ECHOED_KEY_BYTES + "; the record as sent is at " + origin;
        }
        addReasons(headers, rejection, origin, quarantinedBy, cut);
        if (WireLimits.sizeOf(key, value, headers) > WireLimits.MAX_WRITTEN_RECORD_BYTES) {
            // Even the bounded copy is too large to write: keep the reason and where to find the record.
            Headers minimal = new RecordHeaders();
            addReasons(
                    minimal,
                    rejection,
                    origin,
                    quarantinedBy,
                    "the record (" + (value == null ? 0 : value.length) + " bytes of value, " + seen
                            + " headers) is too large to copy; it is at " + origin);
            return new ProducerRecord<>(topic(quarantinedBy), null, key, null, minimal);
        }
        return new ProducerRecord<>(topic(quarantinedBy), null, key, value, headers);
    }

    private static void addReasons(
            Headers headers, Rejection rejection, RecordOrigin origin, String quarantinedBy, String cut) {
        put(headers, REASON, rejection.reason().name());
        put(headers, DETAIL, OneLine.of(rejection.detail(), WireLimits.MAX_DETAIL));
        put(headers, SOURCE_TOPIC, origin.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(origin.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(origin.offset()));
        put(headers, QUARANTINED_BY, quarantinedBy);
        put(headers, QUARANTINED_AT, Instant.now().toString());
        if (cut != null) {
            put(headers, CUT, cut);
        }
    }

    private static String topic(String quarantinedBy) {
        return Components.EXCHANGE.equals(quarantinedBy) ? Topics.QUARANTINE : Topics.quarantineOf(quarantinedBy);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
