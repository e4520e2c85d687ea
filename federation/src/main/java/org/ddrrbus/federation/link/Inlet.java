package org.ddrrbus.federation.link;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectRefs;
import org.ddrrbus.client.envelope.WireLimits;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.federation.agreement.Bus;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.agreement.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving exchange's federation side: reads what MirrorMaker 2 copied from the other bus and, for each event,
 * drops a copy it has handled already (by event id, never by offset), verifies the foreign exchange's countersignature
 * and the original sender's signature against the trust anchors of the federation agreement alone, checks that the
 * flow is agreed, applies this bus's own sharing agreement and the person's consent, and delivers into the local
 * inbox as this exchange's own event, signed with its key (see {@link #reseal}); a referral, or an answer to one, also
 * goes to {@link Topics#ARRIVALS}, where this bus's exchange keeps it in the person's file. What it refuses goes to
 * this bus's quarantine, and a signed
 * {@code DeliveryRejected} goes back to the sending bus on this bus's outgoing topic. A refusal that comes back from
 * the other bus is handed to the agency that sent the refused event, as this exchange's own notice.
 */
public final class Inlet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Inlet.class);
    private static final String CONSENT_REF = "consentRef";

    private final String local;
    private final Bus remote;
    private final FederationAgreement agreement;
    private final SharingAgreement national;
    private final SignatureVerifier foreign;
    private final RecordSigner author;
    private final EventCodec codec = new EventCodec();
    private final String incoming;
    private final String seenTopic;
    private final Set<String> seen = new HashSet<>();
    /** What the batch under way handled; it counts once its transaction commits. */
    private final Set<String> seenNow = new HashSet<>();

    private final Map<String, ConsentRecorded> consentsNow = new HashMap<>();
    /** Consents that crossed, by subjectRef and consentRef: their purposes and last valid day (or none). */
    private final Map<String, ConsentRecorded> consents = new HashMap<>();

    private final TransactionalRelay relay;
    private final Map<String, Object> client;

    public Inlet(
            String local,
            FederationAgreement agreement,
            SharingAgreement national,
            Map<String, Object> exchangeClient,
            Supplier<SigningKey> exchangeKey) {
        this.local = local;
        this.remote = agreement.other(local);
        this.agreement = agreement;
        this.national = national;
        this.foreign = new SignatureVerifier(remote.trust().ring());
        this.author = RecordSigner.sender(exchangeKey);
        this.incoming = FederationTopics.flow(remote.country(), local);
        this.seenTopic = FederationTopics.seen(remote.country(), local);
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
                        seen.addAll(seenNow);
                        consents.putAll(consentsNow);
                        seenNow.clear();
                        consentsNow.clear();
                    }

                    @Override
                    public void aborted() {
                        seenNow.clear();
                        consentsNow.clear();
                    }
                });
    }

    /** Reads back what was handled before (the seen ids, the consents), then starts. */
    public Inlet start() {
        restore();
        relay.start();
        return this;
    }

    private List<ProducerRecord<String, byte[]>> process(List<ConsumerRecord<String, byte[]>> batch) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> deliveries = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            String id = HeaderText.of(record.headers(), CloudEventHeaders.ID).orElse(null);
            String source =
                    HeaderText.of(record.headers(), CloudEventHeaders.SOURCE).orElse("");
            String seenKey = source + "|" + id;
            if (id != null && (seen.contains(seenKey) || seenNow.contains(seenKey))) {
                continue; // a second copy, e.g. after MirrorMaker restarted: dropped by event id
            }
            if (id != null) {
                seenNow.add(seenKey);
                out.add(new ProducerRecord<>(seenTopic, seenKey, new byte[0]));
            }
            handle(record, out, deliveries, consentsNow);
        }
        // One signature for the batch's deliveries, as this exchange's own events.
        author.signEvents(
                deliveries.stream().map(ProducerRecord::headers).toList(),
                deliveries.stream().map(ProducerRecord::value).toList());
        out.addAll(deliveries);
        return out;
    }

    private void handle(
            ConsumerRecord<String, byte[]> record,
            List<ProducerRecord<String, byte[]>> out,
            List<ProducerRecord<String, byte[]>> deliveries,
            Map<String, ConsentRecorded> consentsNow) {
        RecordOrigin origin = new RecordOrigin(record.topic(), record.partition(), record.offset(), record.key());
        Opened opened = codec.open(record);
        if (opened instanceof Opened.Refused refused) {
            refuse(record, origin, refused.rejection(), null, out);
            return;
        }
        Envelope envelope = ((Opened.Valid) opened).envelope();
        if (envelope.event() instanceof DeliveryRejected notice
                && envelope.sender().equals(Components.EXCHANGE)) {
            answerRefusal(record, envelope, notice, out);
            return;
        }
        Optional<Rejection> refusal = foreign.checkInboxDelivery(
                        record.headers(), record.value(), incoming, record.timestamp())
                .refusal(envelope.sender())
                .or(() -> agreed(envelope))
                .or(() -> consent(envelope, consentsNow));
        if (refusal.isPresent()) {
            refuse(record, origin, refusal.get(), envelope, out);
            return;
        }
        if (envelope.event() instanceof ConsentRecorded consent) {
            consentsNow.put(envelope.subject() + "|" + consent.getConsentRef(), consent);
            out.add(new ProducerRecord<>(
                    seenTopic, envelope.subject() + "|" + consent.getConsentRef(), codec.encode(consent)));
        }
        Flow flow = agreement
                .flow(remote.country(), local, envelope.typeName(), envelope.sender())
                .orElseThrow();
        for (String recipient : recipients(envelope, flow)) {
            deliveries.add(reseal(record, envelope, Topics.inbox(recipient), record.key()));
        }
        if (keptByTheExchange(envelope.event())) {
            // In the same transaction: this exchange keeps the referral in the person's file, so the agency here
            // may answer it, and an answer that came back updates the referral it issued.
            deliveries.add(reseal(record, envelope, Topics.ARRIVALS, envelope.subject()));
        }
    }

    /** Referrals and what answers them: the exchange checks later steps against them (see {@link Topics#ARRIVALS}). */
    private static boolean keptByTheExchange(SpecificRecord event) {
        return event instanceof ReferralIssued
                || event instanceof ReferralAccepted
                || event instanceof ReferralDeclined
                || event instanceof ReferralCompleted
                || event instanceof ReferralWithdrawn;
    }

    /**
     * The delivery of a verified foreign event into a local inbox, as this exchange's own event: its id, type, time,
     * subject and value as they crossed, its source this exchange, signed with this exchange's key. Readers on this
     * bus (the partners' services, the auditor) judge it against their own key directory alone and never need to
     * trust the other bus's keys; the headers say which bus and agency it came from, and under which terms it crossed.
     */
    private ProducerRecord<String, byte[]> reseal(
            ConsumerRecord<String, byte[]> record, Envelope envelope, String inbox, String key) {
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
        return new ProducerRecord<>(inbox, null, key, record.value(), headers);
    }

    /** The flow must be agreed for this sender and type, and the person's case code must be one of the two buses'. */
    private Optional<Rejection> agreed(Envelope envelope) {
        Optional<Flow> flow = agreement.flow(remote.country(), local, envelope.typeName(), envelope.sender());
        if (flow.isEmpty()) {
            return Optional.of(
                    new Rejection.SenderNotPermitted(remote.country() + "/" + envelope.sender(), envelope.typeName()));
        }
        boolean known = agreement.buses().values().stream()
                .anyMatch(b -> envelope.subject().startsWith(b.subjectPrefix()));
        if (!SubjectRefs.isCaseCode(envelope.subject()) || !known) {
            return Optional.of(new Rejection.InvalidSubject("not a case code of either bus of the federation"));
        }
        // A consent is kept by this exchange for its own checks; every other event must reach someone.
        if (!(envelope.event() instanceof ConsentRecorded)
                && recipients(envelope, flow.get()).isEmpty()) {
            return Optional.of(new Rejection.RecipientNotPermitted(
                    addressee(envelope).orElse(String.join(",", flow.get().recipients())), envelope.typeName()));
        }
        return Optional.empty();
    }

    /**
     * The local agencies to deliver to: those the flow names that this bus's own agreement lets receive the type
     * (for an addressed event, the one it names). Consents that cross are kept by this exchange for its checks.
     */
    private List<String> recipients(Envelope envelope, Flow flow) {
        if (envelope.event() instanceof ConsentRecorded) {
            return List.of();
        }
        Optional<EventPolicy> policy = national.policy(envelope.typeName());
        if (policy.isEmpty()) {
            return List.of();
        }
        Optional<String> addressee = addressee(envelope);
        return flow.recipients().stream()
                .filter(r -> addressee.map(r::equals).orElse(true))
                .filter(r -> policy.get().routeTo(r).isPresent())
                .sorted()
                .toList();
    }

    private Optional<String> addressee(Envelope envelope) {
        return national.policy(envelope.typeName())
                .flatMap(EventPolicy::addressedBy)
                .map(field -> envelope.event()
                        .get(envelope.event().getSchema().getField(field).pos()))
                .map(Object::toString);
    }

    private Optional<Rejection> consent(Envelope envelope, Map<String, ConsentRecorded> consentsNow) {
        Flow flow = agreement
                .flow(remote.country(), local, envelope.typeName(), envelope.sender())
                .orElseThrow();
        if (!flow.consentRequired()) {
            return Optional.empty();
        }
        SpecificRecord event = envelope.event();
        Schema.Field refField = event.getSchema().getField(CONSENT_REF);
        if (refField == null || event.get(refField.pos()) == null) {
            return Optional.of(
                    new Rejection.NoConsent(envelope.subject(), flow.purpose(), "the event names no consent"));
        }
        String key = envelope.subject() + "|" + event.get(refField.pos());
        ConsentRecorded consent = consentsNow.getOrDefault(key, consents.get(key));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (consent == null) {
            return Optional.of(new Rejection.NoConsent(
                    envelope.subject(), flow.purpose(), "no consent " + event.get(refField.pos()) + " crossed"));
        }
        if (!consent.getPurposes().contains(flow.purpose())
                || (consent.getValidUntil() != null && today.isAfter(consent.getValidUntil()))) {
            return Optional.of(new Rejection.NoConsent(
                    envelope.subject(), flow.purpose(), "consent " + consent.getConsentRef() + " does not cover it"));
        }
        return Optional.empty();
    }

    /** Quarantined here, and the sending bus told by a notice this exchange signs. */
    private void refuse(
            ConsumerRecord<String, byte[]> record,
            RecordOrigin origin,
            Rejection rejection,
            Envelope envelope,
            List<ProducerRecord<String, byte[]>> out) {
        log.info("Refused {} from bus {}: {}", origin, remote.country(), OneLine.of(rejection.detail(), 200));
        out.add(Quarantine.record(rejection, origin, record.headers(), record.value(), Components.EXCHANGE));
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
                codec.seal(FederationTopics.flow(local, remote.country()), codec.envelope(Components.EXCHANGE, notice));
        author.signEvents(List.of(back.headers()), List.of(back.value()));
        out.add(back);
    }

    /**
     * The other bus refused an event this bus sent: if its exchange signed the notice, the agency whose event it was
     * hears it in its inbox, from this exchange.
     */
    private void answerRefusal(
            ConsumerRecord<String, byte[]> record,
            Envelope envelope,
            DeliveryRejected notice,
            List<ProducerRecord<String, byte[]>> out) {
        Optional<Rejection> bad = foreign.checkEvent(record.headers(), record.value(), record.timestamp())
                .refusalUnlessSignedBy(Components.EXCHANGE);
        Optional<String> owner = Topics.outboxOwner(notice.getSourceTopic());
        if (bad.isPresent() || owner.isEmpty() || national.agency(owner.get()).isEmpty()) {
            RecordOrigin origin = new RecordOrigin(record.topic(), record.partition(), record.offset(), record.key());
            Rejection why =
                    bad.orElse(new Rejection.RecipientNotPermitted(notice.getSourceTopic(), "DeliveryRejected"));
            log.info("Set aside a refusal from bus {}: {}", remote.country(), why.detail());
            out.add(Quarantine.record(why, origin, record.headers(), record.value(), Components.EXCHANGE));
            return;
        }
        DeliveryRejected local = DeliveryRejected.newBuilder(notice)
                .setDetail(OneLine.of(
                        "refused by bus " + remote.country() + ": " + notice.getDetail(), WireLimits.MAX_DETAIL))
                .build();
        ProducerRecord<String, byte[]> toSender =
                codec.seal(Topics.inbox(owner.get()), codec.envelope(Components.EXCHANGE, local));
        Outlet.put(toSender.headers(), FederationHeaders.FROM_BUS, remote.country());
        author.signEvents(List.of(toSender.headers()), List.of(toSender.value()));
        out.add(toSender);
    }

    private void restore() {
        Map<String, Object> c = new HashMap<>(client);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(seenTopic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(seenTopic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && r.value().length > 0) {
                        consents.put(r.key(), (ConsentRecorded) codec.decode(r.value()));
                    } else {
                        seen.add(r.key());
                    }
                }
            }
        }
        log.info("Federation inlet {}: {} event ids seen, {} consents kept", incoming, seen.size(), consents.size());
    }

    @Override
    public void close() {
        relay.close();
    }
}
