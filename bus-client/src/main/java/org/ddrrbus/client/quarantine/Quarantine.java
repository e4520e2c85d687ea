package org.ddrrbus.client.quarantine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;

/**
 * Moves a refused record to a quarantine: the value and headers exactly as they arrived, so an auditor can examine the
 * evidence, plus headers saying why, where it came from and who refused it. The exchange's refusals go to
 * {@code ddrr.quarantine}, which only it may write; an agency's service sets aside malformed inbox records in its own
 * {@code ddrr.quarantine.<agency>}, so no agency can forge a refusal in the exchange's name.
 */
public final class Quarantine {

    public static final String REASON = "ddrr_quarantine_reason";
    public static final String DETAIL = "ddrr_quarantine_detail";
    public static final String SOURCE_TOPIC = "ddrr_source_topic";
    public static final String SOURCE_PARTITION = "ddrr_source_partition";
    public static final String SOURCE_OFFSET = "ddrr_source_offset";
    public static final String QUARANTINED_BY = "ddrr_quarantined_by";
    public static final String QUARANTINED_AT = "ddrr_quarantined_at";

    private Quarantine() {}

    public static ProducerRecord<String, byte[]> record(
            Rejection rejection, RecordOrigin origin, Headers original, byte[] value, String quarantinedBy) {
        Headers headers = new RecordHeaders();
        for (Header header : original) {
            if (!header.key().startsWith("ddrr_quarantine") && !header.key().startsWith("ddrr_source_")) {
                headers.add(header.key(), header.value());
            }
        }
        put(headers, REASON, rejection.reason().name());
        put(headers, DETAIL, rejection.detail());
        put(headers, SOURCE_TOPIC, origin.topic());
        put(headers, SOURCE_PARTITION, Integer.toString(origin.partition()));
        put(headers, SOURCE_OFFSET, Long.toString(origin.offset()));
        put(headers, QUARANTINED_BY, quarantinedBy);
        put(headers, QUARANTINED_AT, Instant.now().toString());
        String topic =
                Components.EXCHANGE.equals(quarantinedBy) ? Topics.QUARANTINE : Topics.quarantineOf(quarantinedBy);
        return new ProducerRecord<>(topic, null, origin.key(), value, headers);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
