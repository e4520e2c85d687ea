package org.ddrrbus.federation.link;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.SubjectKeyHolder;
import org.ddrrbus.client.envelope.SubjectRefs;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ErasureConfirmed;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.federation.agreement.Bus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inlet's side of an erasure that crossed. From the bus that issued the case code, signed by its exchange (checked
 * against the federation's trust anchors alone): this bus's keys of the person are destroyed with the erased mark, so
 * nothing of them that arrived here opens any more and the inlet refuses whatever still arrives; the erasure goes, as
 * this exchange's own event, to every agency this bus's agreement names for {@code SubjectErased} (its services drop
 * the person and confirm to the case owner here) and to {@link Topics#ARRIVALS} (the national exchange marks the
 * person's file erased and refuses new events about them); and this exchange's {@code ErasureConfirmed}, component
 * {@code bus <local>}, goes back. From the other bus, such a confirmation of an erasure of this bus's own case code is
 * handed to the case owner here, as this exchange's notice.
 */
final class InletErasures {

    private static final Logger log = LoggerFactory.getLogger(InletErasures.class);
    private static final String SUBJECT_ERASED = SubjectErased.class.getSimpleName();

    private final String local;
    private final Bus remote;
    private final Bus here;
    private final SharingAgreement national;
    private final SignatureVerifier foreign;
    private final RecordSigner author;
    private final SubjectKeyHolder keys;
    private final InletRefusals refusals;
    private final InletMemory memory;
    private final EventCodec codec = new EventCodec();

    InletErasures(
            Bus here,
            Bus remote,
            SharingAgreement national,
            SignatureVerifier foreign,
            RecordSigner author,
            SubjectKeyHolder keys,
            InletRefusals refusals,
            InletMemory memory) {
        this.local = here.country();
        this.here = here;
        this.remote = remote;
        this.national = national;
        this.foreign = foreign;
        this.author = author;
        this.keys = keys;
        this.refusals = refusals;
        this.memory = memory;
    }

    /** An erasure or its confirmation in the other bus's exchange's name: handled here, never as a flow. */
    static boolean handles(Envelope envelope) {
        return envelope.sender().equals(Components.EXCHANGE)
                && (envelope.event() instanceof SubjectErased || envelope.event() instanceof ErasureConfirmed);
    }

    void take(
            ConsumerRecord<String, byte[]> record,
            Envelope envelope,
            List<ProducerRecord<String, byte[]>> out,
            List<ProducerRecord<String, byte[]>> deliveries) {
        Optional<Rejection> refusal = foreign.checkEvent(record.headers(), record.value(), record.timestamp())
                .refusalUnlessSignedBy(Components.EXCHANGE)
                .or(() -> owned(envelope));
        if (refusal.isEmpty() && envelope.event() instanceof ErasureConfirmed confirmed) {
            refusal = confirmation(envelope, confirmed);
        }
        if (refusal.isPresent()) {
            refusals.refuse(record, refusal.get(), envelope, out);
            return;
        }
        if (envelope.event() instanceof ErasureConfirmed) {
            // The other bus erased what it held of this bus's person: the case owner here hears it from this exchange.
            for (String owner : agencies(false)) {
                deliveries.add(here(Topics.inbox(owner), envelope));
            }
            return;
        }
        // Before the transaction commits, as the national exchange destroys them before it confirms: the keys go first.
        int destroyed = keys.destroy(envelope.subject());
        memory.forget(envelope.subject());
        log.info(
                "Bus {} erased {} ({}): {} keys of the person destroyed here",
                remote.country(),
                envelope.subject(),
                envelope.id(),
                destroyed);
        for (String agency : agencies(true)) {
            deliveries.add(here(Topics.inbox(agency), envelope));
        }
        deliveries.add(here(Topics.ARRIVALS, envelope));
        ErasureConfirmed confirmed = new ErasureConfirmed(
                envelope.subject(), envelope.id(), FederationHeaders.busParty(local), Instant.now());
        ProducerRecord<String, byte[]> back = codec.seal(
                FederationTopics.flow(local, remote.country()), codec.envelope(Components.EXCHANGE, confirmed));
        author.signEvents(List.of(back.headers()), List.of(back.value()));
        out.add(back);
    }

    /**
     * The bus that issued the case code decides: an erasure comes only from it, a confirmation only about this bus's
     * own case codes.
     */
    private Optional<Rejection> owned(Envelope envelope) {
        Bus owner = envelope.event() instanceof SubjectErased ? remote : here;
        if (!SubjectRefs.isCaseCode(envelope.subject()) || !envelope.subject().startsWith(owner.subjectPrefix())) {
            return Optional.of(new Rejection.InvalidSubject("an erasure crosses only from the bus that issued the case"
                    + " code (" + owner.subjectPrefix() + "), and its confirmation only back to it"));
        }
        return Optional.empty();
    }

    /** A confirmation of the other bus, in its own name, of a person erased here. */
    private Optional<Rejection> confirmation(Envelope envelope, ErasureConfirmed confirmed) {
        if (!confirmed.getComponent().equals(FederationHeaders.busParty(remote.country()))) {
            return Optional.of(new Rejection.MalformedBody(
                    envelope.typeName(), "component must be " + FederationHeaders.busParty(remote.country())));
        }
        if (!keys.erased(envelope.subject())) {
            return Optional.of(new Rejection.MalformedBody(
                    envelope.typeName(), "subjectRef " + envelope.subject() + " has not been erased here"));
        }
        return Optional.empty();
    }

    /**
     * The agencies here the agreement names for {@code SubjectErased}: its senders (the case owner), and with {@code
     * recipients} those it sends it to.
     */
    private List<String> agencies(boolean recipients) {
        TreeSet<String> agencies = new TreeSet<>();
        Optional<EventPolicy> policy = national.policy(SUBJECT_ERASED);
        policy.ifPresent(p -> agencies.addAll(p.senders()));
        if (recipients) {
            policy.ifPresent(p -> agencies.addAll(p.recipients().keySet()));
        }
        agencies.removeIf(a -> national.agency(a).isEmpty());
        return List.copyOf(agencies);
    }

    /** As this exchange's own event, with the bus it came from; signed with the batch's deliveries. */
    private ProducerRecord<String, byte[]> here(String topic, Envelope envelope) {
        ProducerRecord<String, byte[]> record = codec.seal(topic, envelope);
        Outlet.put(record.headers(), FederationHeaders.FROM_BUS, remote.country());
        Outlet.put(record.headers(), FederationHeaders.SENDER, Components.EXCHANGE);
        return record;
    }
}
