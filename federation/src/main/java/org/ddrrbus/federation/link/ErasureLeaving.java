package org.ddrrbus.federation.link;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outlet's side of an erasure: the bus that issued a case code decides for the federation. When this bus's exchange
 * accepted a {@code SubjectErased} of one of its own case codes (the case owner's own copy in its inbox), the erasure
 * crosses by itself, as {@code DeliveryRejected} crosses back: no flow lists it. It crosses as this exchange's own
 * event, signed with its key, with the erasure's id, time and content (the case code, the day, the reason: one of
 * {@code SubjectCipher.CLEAR_TYPES}, in clear), so the other bus's inlet checks it against the federation's trust
 * anchors alone and drops a second copy by id; the case owner is told, in the same transaction, that it left ({@link
 * #toldHome}). An erasure of a case code the other bus issued stays on this bus.
 */
final class ErasureLeaving {

    private static final Logger log = LoggerFactory.getLogger(ErasureLeaving.class);
    private static final String SUBJECT_ERASED = SubjectErased.class.getSimpleName();

    private final String prefix;
    private final String remote;
    private final SharingAgreement national;
    private final SignatureVerifier verifier;
    private final RecordSigner author;
    private final EventCodec codec = new EventCodec();

    ErasureLeaving(
            String local,
            FederationAgreement agreement,
            SharingAgreement national,
            SignatureVerifier verifier,
            RecordSigner author) {
        this.prefix = agreement.bus(local).subjectPrefix();
        this.remote = agreement.other(local).country();
        this.national = national;
        this.verifier = verifier;
        this.author = author;
    }

    /**
     * The copy of the erasure that crosses to the other bus, when {@code record} is the case owner's own copy of an
     * erasure this exchange accepted, of a case code this bus issued; empty for anything else.
     */
    Optional<ProducerRecord<String, byte[]>> leaving(
            ConsumerRecord<String, byte[]> record, Envelope envelope, String topic) {
        if (!(envelope.event() instanceof SubjectErased)
                || !Topics.inboxOwner(record.topic()).equals(Optional.of(envelope.sender()))
                || !national.policy(SUBJECT_ERASED)
                        .map(p -> p.maySend(envelope.sender()))
                        .orElse(false)) {
            return Optional.empty();
        }
        if (!envelope.subject().startsWith(prefix)) {
            log.info(
                    "The erasure {} stays on this bus: its case code was issued by the other bus, which decides",
                    envelope.id());
            return Optional.empty();
        }
        if (verifier.checkOwnCopy(record.headers(), record.value(), record.timestamp())
                .refusalUnlessSignedBy(envelope.sender())
                .isPresent()) {
            log.info("Not sending the erasure {} across: its signature does not hold", envelope.id());
            return Optional.empty();
        }
        // The erasure's own id and time: the other bus confirms this very erasure, and drops a second copy by id.
        Envelope crossing = new Envelope(
                envelope.id(),
                Components.EXCHANGE,
                envelope.time(),
                envelope.subject(),
                envelope.event(),
                envelope.type(),
                envelope.type().latest().version());
        return Optional.of(codec.seal(topic, crossing));
    }

    /**
     * The case owner's notice that its erasure left for the other bus, in the same transaction as the copy that
     * crosses: that copy, as this exchange's own event, in the case owner's inbox, marked {@code ddrr_fed_to: <bus>}.
     * The case owner's receipt then waits for that bus's confirmation ({@code bus <cc>}): only this exchange knows that
     * the erasure left, so only this notice tells it which linked bus is awaited.
     */
    ProducerRecord<String, byte[]> toldHome(ProducerRecord<String, byte[]> crossing, String caseOwner) {
        RecordHeaders headers = new RecordHeaders();
        crossing.headers().forEach(h -> headers.add(h.key(), h.value()));
        Outlet.put(headers, FederationHeaders.TO_BUS, remote);
        return new ProducerRecord<>(Topics.inbox(caseOwner), null, crossing.key(), crossing.value(), headers);
    }

    /** Signs the erasures of a batch as this exchange's own events. */
    void sign(List<ProducerRecord<String, byte[]>> erasures) {
        if (!erasures.isEmpty()) {
            author.signEvents(
                    erasures.stream().map(ProducerRecord::headers).toList(),
                    erasures.stream().map(ProducerRecord::value).toList());
        }
    }
}
