package org.ddrrbus.auditor.check;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.ddrrbus.client.envelope.DeliveryTerms;

/**
 * One record as the auditor saw it: where it sits, what it carries, what it decodes to, and the verdict.
 *
 * @param timestamp the record's Kafka timestamp; in an inbox, the exchange keeps the ledger record's
 * @param decoded the body, when it could be read (also for some records that fail, so the evidence can be seen)
 * @param headers every header as stored, signatures included
 * @param value the value bytes as stored (empty for a record without a value)
 */
public record Inspection(
        String topic,
        int partition,
        long offset,
        Instant timestamp,
        Optional<String> key,
        Attributes attributes,
        DeliveryTerms terms,
        Optional<Decoded> decoded,
        Verdict verdict,
        Optional<QuarantineNote> quarantine,
        List<Header> headers,
        byte[] value) {

    public Inspection {
        headers = List.copyOf(headers);
    }

    /** The event type, from the body when it was read, else from {@code ce_type}. */
    public Optional<String> eventType() {
        return decoded.map(Decoded::eventType).or(attributes::eventName);
    }
}
