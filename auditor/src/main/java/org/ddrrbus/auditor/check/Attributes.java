package org.ddrrbus.auditor.check;

import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.HeaderText;

/** The CloudEvents attributes a record carries, as they are, whether or not the record is well formed. */
public record Attributes(
        Optional<String> specVersion,
        Optional<String> id,
        Optional<String> source,
        Optional<String> type,
        Optional<String> time,
        Optional<String> subject,
        Optional<String> contentType) {

    private static final String TYPE_PREFIX = "org.ddrrbus.events.";

    public static Attributes of(Headers headers) {
        return new Attributes(
                HeaderText.of(headers, CloudEventHeaders.SPEC_VERSION),
                HeaderText.of(headers, CloudEventHeaders.ID),
                HeaderText.of(headers, CloudEventHeaders.SOURCE),
                HeaderText.of(headers, CloudEventHeaders.TYPE),
                HeaderText.of(headers, CloudEventHeaders.TIME),
                HeaderText.of(headers, CloudEventHeaders.SUBJECT),
                HeaderText.of(headers, CloudEventHeaders.CONTENT_TYPE));
    }

    /** The agency (or component) {@code ce_source} names. */
    public Optional<String> sourceAgency() {
        return source.filter(s -> s.startsWith(CloudEventHeaders.SOURCE_PREFIX))
                .map(s -> s.substring(CloudEventHeaders.SOURCE_PREFIX.length()));
    }

    /** The event name {@code ce_type} names, e.g. {@code ReferralIssued}. */
    public Optional<String> eventName() {
        return type.filter(t -> t.startsWith(TYPE_PREFIX)).map(t -> t.substring(TYPE_PREFIX.length()));
    }
}
