package org.ddrrbus.exchange.routing;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectRefs;
import org.ddrrbus.client.envelope.WireLimits;
import org.ddrrbus.client.metrics.MeterNames;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.ErasureConfirmed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link Gate} writes for a record it refuses or for an erasure it carried out: the quarantined copy and the
 * signed notice to the sender, or the signed confirmation to the case owner. Built, never forwarded, here.
 */
final class Notices {

    private static final Logger log = LoggerFactory.getLogger(Gate.class);

    private final EventCodec codec;
    private final RecordSigner author;
    private final Clock clock;
    private final MeterRegistry meters;

    Notices(EventCodec codec, Supplier<SigningKey> exchangeKeys, Clock clock, MeterRegistry meters) {
        this.codec = codec;
        this.author = RecordSigner.sender(exchangeKeys);
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * The quarantined copy and the notice to the sender. Both are bounded whatever the record holds: the copy by
     * {@link Quarantine}, the notice by quoting at most {@value WireLimits#MAX_ECHOED_TEXT} characters of any id,
     * type or subject, and the subject only when it is a case code (what stands there otherwise may be a name).
     */
    List<Record<String, Outbound>> refusal(
            Record<String, byte[]> record, RecordOrigin origin, String owner, Rejection rejection, Envelope envelope) {
        log.info("Refused {} from {}: {}", origin, owner, OneLine.of(rejection.detail(), WireLimits.MAX_DETAIL));
        String reason = rejection.reason().name();
        meters.counter(MeterNames.REFUSED, MeterNames.REASON, reason).increment();
        meters.counter(MeterNames.QUARANTINED, MeterNames.COMPONENT, Components.EXCHANGE, MeterNames.REASON, reason)
                .increment();
        List<Record<String, Outbound>> out = new ArrayList<>();
        ProducerRecord<String, byte[]> quarantined =
                Quarantine.record(rejection, origin, record.headers(), record.value(), Components.EXCHANGE);
        out.add(outbound(record, quarantined.key(), quarantined.topic(), quarantined.value(), quarantined.headers()));

        String eventId = envelope != null ? envelope.id() : echoed(record.headers(), CloudEventHeaders.ID);
        DeliveryRejected notice = new DeliveryRejected(
                eventId == null || eventId.isBlank() ? "unknown-" + UUID.randomUUID() : eventId,
                envelope != null ? envelope.type().cloudEventType() : echoed(record.headers(), CloudEventHeaders.TYPE),
                envelope != null && SubjectRefs.isCaseCode(envelope.subject()) ? envelope.subject() : null,
                rejection.reason(),
                OneLine.of(rejection.detail(), WireLimits.MAX_DETAIL),
                origin.topic(),
                origin.partition(),
                origin.offset());
        ProducerRecord<String, byte[]> toSender =
                codec.seal(Topics.inbox(owner), codec.envelope(Components.EXCHANGE, notice));
        author.signEvents(List.of(toSender.headers()), List.of(toSender.value()));
        out.add(outbound(record, toSender.key(), toSender.topic(), toSender.value(), toSender.headers()));
        return out;
    }

    /**
     * The exchange's own confirmation to the case owner that it dropped the person's file. It commits in the same
     * transaction as the erased file, so it is written exactly when the exchange has erased.
     */
    Record<String, Outbound> erasureConfirmed(Record<String, byte[]> record, String owner, Envelope erasure) {
        ErasureConfirmed confirmed =
                new ErasureConfirmed(erasure.subject(), erasure.id(), Components.EXCHANGE, clock.instant());
        ProducerRecord<String, byte[]> toOwner =
                codec.seal(Topics.inbox(owner), codec.envelope(Components.EXCHANGE, confirmed));
        author.signEvents(List.of(toOwner.headers()), List.of(toOwner.value()));
        return outbound(record, toOwner.key(), toOwner.topic(), toOwner.value(), toOwner.headers());
    }

    static Record<String, Outbound> outbound(
            Record<String, byte[]> input, String key, String topic, byte[] value, Headers headers) {
        return new Record<>(key, new Outbound(topic, value), input.timestamp(), headers);
    }

    /** A header of a record that could not be read, as a refusal may quote it: one line, bounded. */
    private static String echoed(Headers headers, String name) {
        return HeaderText.of(headers, name)
                .map(text ->
                        OneLine.of(WireLimits.cut(text, 4 * WireLimits.MAX_ECHOED_TEXT), WireLimits.MAX_ECHOED_TEXT))
                .orElse(null);
    }
}
