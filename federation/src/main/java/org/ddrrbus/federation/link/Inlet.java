package org.ddrrbus.federation.link;

import com.google.crypto.tink.HybridDecrypt;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyHolder;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.federation.agreement.Bus;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.agreement.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving exchange's federation side: reads what MirrorMaker 2 copied from the other bus and, for each event,
 * drops a copy it has handled already (by event id, never by offset, {@link InletMemory}), verifies the foreign
 * exchange's countersignature and the original sender's signature against the trust anchors of the federation
 * agreement alone, checks that the flow is agreed and applies this bus's own sharing agreement and the person's consent
 * ({@link InletChecks}), and delivers into the local inbox as this exchange's own event, signed with its key (see
 * {@link #reseal}); a referral, or an answer to one, also goes to {@link Topics#ARRIVALS}, where this bus's exchange
 * keeps it in the person's file. What it refuses goes to this bus's quarantine, and a signed {@code DeliveryRejected}
 * goes back to the sending bus on this bus's outgoing topic; a refusal that comes back from the other bus is handed to
 * the agency that sent the refused event, as this exchange's own notice ({@link InletRefusals}). An erasure decided by
 * the bus that issued the person's case code, and this bus's confirmation of it, cross by themselves ({@link
 * InletErasures}).
 *
 * <p>What crossed is sealed to this exchange's federation key ({@link FederationSeal}): the inlet opens it with the
 * private part, opens what is inside under the other bus's key of the person (asked of that bus's key holder, held in
 * memory only, dropped when the person's erasure crosses), refuses content about a person that crossed in clear, and
 * delivers it sealed under this bus's own key of the person, so this bus's erasure works on it. The foreign
 * countersignature covers the bytes that crossed; the sender's signature the leaf it names (as with fields withheld).
 */
public final class Inlet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Inlet.class);

    private final Bus remote;
    private final SignatureVerifier foreign;
    private final RecordSigner author;
    private final EventCodec codec = new EventCodec();
    private final String incoming;
    private final InletMemory memory;
    private final InletChecks checks;
    private final InletRefusals refusals;
    private final TransactionalRelay relay;
    private final Map<String, Object> client;
    private final InletSealing sealing;
    private final InletErasures erasures;
    private final Optional<HttpSubjectKeys> crossingKeys;
    private final Optional<InletKeys> batchKeys;
    /** Opens what the other bus sealed under its key of the person, inside the seal to this bus. */
    private final EventCodec opening;

    private final KeyHolderOutage outage;

    /**
     * @param subjectKeys the people's data keys of this bus, as its exchange holds them
     * @param opener this exchange's private federation key
     * @param crossingKeys the other bus's key holder, as the agreement lists it, asked for the other bus's key of a
     *     person whose content crossed sealed under it; its keys are kept in memory only, and dropped for a person
     *     whose erasure crossed
     * @param keyHolderPatience how long the other bus's key holder may give no key before what needs one is refused
     */
    public Inlet(
            String local,
            FederationAgreement agreement,
            SharingAgreement national,
            Map<String, Object> exchangeClient,
            Supplier<SigningKey> exchangeKey,
            SubjectKeyHolder subjectKeys,
            HybridDecrypt opener,
            Optional<HttpSubjectKeys> crossingKeys,
            Duration keyHolderPatience) {
        this.sealing = new InletSealing(local, opener, subjectKeys, national);
        this.crossingKeys = crossingKeys;
        this.batchKeys = crossingKeys.map(keys -> new InletKeys(keys, sealing));
        this.opening = crossingKeys
                .map(keys -> new EventCodec().sealingWith(SubjectCipher.of(keys, national)))
                .orElse(codec);
        this.remote = agreement.other(local);
        this.outage = new KeyHolderOutage(remote.country(), keyHolderPatience, Clock.systemUTC());
        this.foreign = new SignatureVerifier(remote.trust().ring());
        this.author = RecordSigner.sender(exchangeKey);
        this.incoming = FederationTopics.flow(remote.country(), local);
        this.memory = new InletMemory(FederationTopics.seen(remote.country(), local), codec, sealing.cipher());
        this.checks = new InletChecks(local, agreement, national, memory);
        this.refusals = new InletRefusals(local, remote.country(), national, foreign, author, codec);
        this.erasures = new InletErasures(
                agreement.bus(local), remote, national, foreign, author, subjectKeys, refusals, memory);
        this.client = exchangeClient;
        this.relay = new TransactionalRelay(
                "federation-inlet-" + remote.country() + "-to-" + local,
                exchangeClient,
                FederationTopics.group("inlet", remote.country(), local),
                FederationTopics.transactionalId("inlet", remote.country(), local),
                Pattern.compile(Pattern.quote(incoming)),
                new TransactionalRelay.Step() {
                    @Override
                    public List<ProducerRecord<String, byte[]>> process(List<ConsumerRecord<String, byte[]>> batch) {
                        return Inlet.this.process(batch);
                    }

                    @Override
                    public void committed() {
                        memory.committed();
                        outage.committed();
                    }

                    @Override
                    public void aborted() {
                        memory.aborted();
                    }
                });
    }

    /** Reads back what was handled before (the seen ids, the consents), then starts. */
    public Inlet start() {
        memory.restore(client);
        log.info(
                "Federation inlet {}: {} event ids seen, {} consents kept",
                incoming,
                memory.seenCount(),
                memory.consentCount());
        relay.start();
        return this;
    }

    private List<ProducerRecord<String, byte[]>> process(List<ConsumerRecord<String, byte[]>> batch) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> deliveries = new ArrayList<>();
        Map<ConsumerRecord<String, byte[]>, byte[]> opened =
                batchKeys.map(keys -> keys.ask(batch)).orElseGet(Map::of);
        for (ConsumerRecord<String, byte[]> record : batch) {
            String id = HeaderText.of(record.headers(), CloudEventHeaders.ID).orElse(null);
            String source =
                    HeaderText.of(record.headers(), CloudEventHeaders.SOURCE).orElse("");
            if (id != null && !memory.firstSight(source, id, out)) {
                continue; // a second copy, e.g. after MirrorMaker restarted: dropped by event id
            }
            handle(record, opened.get(record), out, deliveries);
        }
        // One signature for the batch's deliveries, as this exchange's own events.
        author.signEvents(
                deliveries.stream().map(ProducerRecord::headers).toList(),
                deliveries.stream().map(ProducerRecord::value).toList());
        out.addAll(deliveries);
        return out;
    }

    /** @param openedBefore the record's value with the seal to this bus opened, or null when not opened yet */
    private void handle(
            ConsumerRecord<String, byte[]> record,
            byte[] openedBefore,
            List<ProducerRecord<String, byte[]>> out,
            List<ProducerRecord<String, byte[]>> deliveries) {
        byte[] plain = openedBefore;
        if (plain == null) {
            try {
                plain = sealing.opened(record);
            } catch (IllegalArgumentException e) {
                refusals.refuse(record, new Rejection.MalformedBody("sealed value", e.getMessage()), null, out);
                return;
            }
        }
        Optional<Rejection> erased = sealing.erasedBeforeAsking(plain);
        if (erased.isPresent()) { // nothing of its content kept
            refusals.refuse(record, erased.get(), null, null, out);
            return;
        }
        Opened opened;
        try {
            opened = opening.open(
                    new RecordOrigin(record.topic(), record.partition(), record.offset(), record.key()),
                    record.headers(),
                    plain);
        } catch (IllegalStateException keyHolder) {
            refusals.refuse(record, outage.refusalAfter(keyHolder, plain), null, out);
            return;
        }
        if (opened instanceof Opened.Refused refused) {
            // Also a copy sealed under the other bus's key of a person it erased meanwhile: kept as it came.
            refusals.refuse(record, refused.rejection(), null, out);
            return;
        }
        Envelope envelope = ((Opened.Valid) opened).envelope();
        if (SubjectCipher.isSealed(plain)) {
            plain = codec.encode(envelope.event()); // opened with the other bus's key of the person
        }
        if (envelope.event() instanceof SubjectErased) {
            // Whatever the erasure's fate below, no key of the person stays in memory here.
            crossingKeys.ifPresent(keys -> keys.forget(envelope.subject()));
        }
        if (envelope.event() instanceof DeliveryRejected notice
                && envelope.sender().equals(Components.EXCHANGE)) {
            refusals.answerRefusal(record, notice, out);
            return;
        }
        if (InletErasures.handles(envelope)) {
            erasures.take(record, envelope, out, deliveries);
            return;
        }
        // The countersignature covers exactly the bytes that crossed (sealed to this bus); the sender's signature
        // covers the leaf it names, as on a copy with fields withheld (see docs/federation.md).
        Optional<Rejection> refusal = foreign.checkInboxDelivery(
                        record.headers(), record.value(), incoming, record.timestamp())
                .refusal(envelope.sender())
                .or(() -> InletSealing.sealedToThisBus(record, envelope))
                .or(() -> sealing.notErasedHere(envelope))
                .or(() -> checks.agreed(envelope))
                .or(() -> checks.consent(envelope));
        if (refusal.isPresent()) {
            // Opened: the quarantine keeps it sealed under this bus's key of the person, which an erasure destroys.
            refusals.refuse(record, refusal.get(), envelope, sealing.quarantined(envelope, plain), out);
            return;
        }
        // Sealed once under this bus's key of the person, as its exchange seals: every copy here opens with it, and
        // an erasure on this bus destroys it.
        Optional<byte[]> sealed = sealing.sealHere(envelope, plain);
        if (sealed.isEmpty()) {
            refusals.refuse(record, sealing.keyGone(envelope), envelope, null, out);
            return;
        }
        byte[] value = sealed.get();
        if (envelope.event() instanceof ConsentRecorded consent) {
            memory.keep(envelope.subject(), consent, out);
        }
        Flow flow = checks.flow(envelope).orElseThrow();
        for (String recipient : checks.recipients(envelope, flow)) {
            sealing.delivered(value, envelope.subject(), recipient);
            deliveries.add(reseal(record, envelope, Topics.inbox(recipient), record.key(), value));
        }
        if (InletChecks.keptByTheExchange(envelope.event())) {
            // In the same transaction: this exchange keeps the referral in the person's file, so the agency here
            // may answer it, and an answer that came back updates the referral it issued.
            deliveries.add(reseal(record, envelope, Topics.ARRIVALS, envelope.subject(), value));
        }
    }

    /**
     * The delivery of a verified foreign event into a local inbox, as this exchange's own event: its id, type, time,
     * subject and value as they crossed, its source this exchange, signed with this exchange's key. Readers on this
     * bus (the partners' services, the auditor) judge it against their own key directory alone and never need to
     * trust the other bus's keys; the headers say which bus and agency it came from, and under which terms it crossed.
     */
    private ProducerRecord<String, byte[]> reseal(
            ConsumerRecord<String, byte[]> record, Envelope envelope, String inbox, String key, byte[] sealed) {
        Headers headers = new RecordHeaders();
        for (String name : CloudEventHeaders.REQUIRED) {
            if (name.equals(CloudEventHeaders.SOURCE)) {
                Outlet.put(headers, name, CloudEventHeaders.sourceOf(Components.EXCHANGE));
            } else {
                HeaderText.of(record.headers(), name).ifPresent(value -> Outlet.put(headers, name, value));
            }
        }
        for (String name : DeliveryTerms.HEADERS) {
            HeaderText.of(record.headers(), name).ifPresent(value -> Outlet.put(headers, name, value));
        }
        Outlet.put(headers, FederationHeaders.FROM_BUS, remote.country());
        Outlet.put(headers, FederationHeaders.SENDER, envelope.sender());
        return new ProducerRecord<>(inbox, null, key, sealed, headers);
    }

    @Override
    public void close() {
        relay.close();
        batchKeys.ifPresent(InletKeys::close);
    }
}
