package org.ddrrbus.federation.link;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectRefs;
import org.ddrrbus.client.envelope.WireLimits;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.DeliveryRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refusals both ways: what the inlet refuses is quarantined here and the sending bus told by a {@code
 * DeliveryRejected} this exchange signs; a refusal that comes back from the other bus, signed by its exchange, is
 * handed to the agency here that sent the refused event.
 */
final class InletRefusals {

    private static final Logger log = LoggerFactory.getLogger(InletRefusals.class);

    private final String local;
    private final String remote;
    private final SharingAgreement national;
    private final SignatureVerifier foreign;
    private final RecordSigner author;
    private final EventCodec codec;

    InletRefusals(
            String local,
            String remote,
            SharingAgreement national,
            SignatureVerifier foreign,
            RecordSigner author,
            EventCodec codec) {
        this.local = local;
        this.remote = remote;
        this.national = national;
        this.foreign = foreign;
        this.author = author;
        this.codec = codec;
    }

    /** Quarantined here as it came, and the sending bus told by a notice this exchange signs. */
    void refuse(
            ConsumerRecord<String, byte[]> record,
            Rejection rejection,
            Envelope envelope,
            List<ProducerRecord<String, byte[]>> out) {
        refuse(record, rejection, envelope, record.value(), out);
    }

    /**
     * The same, the quarantine keeping {@code kept} as the value (the content sealed under this bus's key of the person,
     * or null for nothing of it) rather than the bytes that crossed.
     */
    void refuse(
            ConsumerRecord<String, byte[]> record,
            Rejection rejection,
            Envelope envelope,
            byte[] kept,
            List<ProducerRecord<String, byte[]>> out) {
        RecordOrigin origin = origin(record);
        log.info("Refused {} from bus {}: {}", origin, remote, OneLine.of(rejection.detail(), 200));
        out.add(Quarantine.record(rejection, origin, record.headers(), kept, Components.EXCHANGE));
        String eventId = envelope != null
                ? envelope.id()
                : HeaderText.of(record.headers(), CloudEventHeaders.ID)
                        .map(id -> OneLine.of(id, WireLimits.MAX_ECHOED_TEXT))
                        .orElse("unknown-" + UUID.randomUUID());
        String sender = envelope != null
                ? envelope.sender()
                : HeaderText.of(record.headers(), CloudEventHeaders.SOURCE)
                        .filter(s -> s.startsWith(CloudEventHeaders.SOURCE_PREFIX))
                        .map(s -> s.substring(CloudEventHeaders.SOURCE_PREFIX.length()))
                        .filter(Topics::isAgencyId)
                        .orElse(Components.EXCHANGE);
        DeliveryRejected notice = new DeliveryRejected(
                eventId,
                envelope != null ? envelope.type().cloudEventType() : null,
                envelope != null && SubjectRefs.isCaseCode(envelope.subject()) ? envelope.subject() : null,
                rejection.reason(),
                OneLine.of(rejection.detail(), WireLimits.MAX_DETAIL),
                // The refused event's home: its sender's outbox on the other bus, whose exchange hands the notice on.
                Topics.isAgencyId(sender) && !sender.equals(Components.EXCHANGE)
                        ? Topics.outbox(sender)
                        : record.topic(),
                record.partition(),
                record.offset());
        ProducerRecord<String, byte[]> back =
                codec.seal(FederationTopics.flow(local, remote), codec.envelope(Components.EXCHANGE, notice));
        author.signEvents(List.of(back.headers()), List.of(back.value()));
        out.add(back);
    }

    /**
     * The other bus refused an event this bus sent: if its exchange signed the notice, the agency whose event it was
     * hears it in its inbox, from this exchange.
     */
    void answerRefusal(
            ConsumerRecord<String, byte[]> record, DeliveryRejected notice, List<ProducerRecord<String, byte[]>> out) {
        Optional<Rejection> bad = foreign.checkEvent(record.headers(), record.value(), record.timestamp())
                .refusalUnlessSignedBy(Components.EXCHANGE);
        Optional<String> owner = Topics.outboxOwner(notice.getSourceTopic());
        if (bad.isPresent() || owner.isEmpty() || national.agency(owner.get()).isEmpty()) {
            Rejection why =
                    bad.orElse(new Rejection.RecipientNotPermitted(notice.getSourceTopic(), "DeliveryRejected"));
            log.info("Set aside a refusal from bus {}: {}", remote, why.detail());
            out.add(Quarantine.record(why, origin(record), record.headers(), record.value(), Components.EXCHANGE));
            return;
        }
        DeliveryRejected here = DeliveryRejected.newBuilder(notice)
                .setDetail(OneLine.of("refused by bus " + remote + ": " + notice.getDetail(), WireLimits.MAX_DETAIL))
                .build();
        ProducerRecord<String, byte[]> toSender =
                codec.seal(Topics.inbox(owner.get()), codec.envelope(Components.EXCHANGE, here));
        Outlet.put(toSender.headers(), FederationHeaders.FROM_BUS, remote);
        author.signEvents(List.of(toSender.headers()), List.of(toSender.value()));
        out.add(toSender);
    }

    private static RecordOrigin origin(ConsumerRecord<String, byte[]> record) {
        return new RecordOrigin(record.topic(), record.partition(), record.offset(), record.key());
    }
}
