package org.ddrrbus.client.quarantine;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ddrrbus.client.envelope.HeaderText;

/** A record read back from the quarantine topic, with the reason it is there and where it came from. */
public record QuarantinedRecord(
        String reason,
        String detail,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        String quarantinedBy,
        byte[] value) {

    public static QuarantinedRecord from(ConsumerRecord<?, byte[]> record) {
        return new QuarantinedRecord(
                header(record, Quarantine.REASON),
                header(record, Quarantine.DETAIL),
                header(record, Quarantine.SOURCE_TOPIC),
                (int) number(record, Quarantine.SOURCE_PARTITION),
                number(record, Quarantine.SOURCE_OFFSET),
                header(record, Quarantine.QUARANTINED_BY),
                record.value());
    }

    private static long number(ConsumerRecord<?, byte[]> record, String name) {
        try {
            return Long.parseLong(header(record, name));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String header(ConsumerRecord<?, byte[]> record, String name) {
        return HeaderText.orEmpty(record.headers(), name);
    }
}
