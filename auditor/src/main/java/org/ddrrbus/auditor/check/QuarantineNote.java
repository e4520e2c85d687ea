package org.ddrrbus.auditor.check;

import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.quarantine.Quarantine;

/** Why and from where a quarantined record was set aside, from the headers the quarantine added. */
public record QuarantineNote(
        Optional<String> reason,
        Optional<String> detail,
        Optional<String> sourceTopic,
        Optional<String> sourcePartition,
        Optional<String> sourceOffset,
        Optional<String> quarantinedBy,
        Optional<String> quarantinedAt) {

    public static QuarantineNote of(Headers headers) {
        return new QuarantineNote(
                HeaderText.of(headers, Quarantine.REASON),
                HeaderText.of(headers, Quarantine.DETAIL),
                HeaderText.of(headers, Quarantine.SOURCE_TOPIC),
                HeaderText.of(headers, Quarantine.SOURCE_PARTITION),
                HeaderText.of(headers, Quarantine.SOURCE_OFFSET),
                HeaderText.of(headers, Quarantine.QUARANTINED_BY),
                HeaderText.of(headers, Quarantine.QUARANTINED_AT));
    }
}
