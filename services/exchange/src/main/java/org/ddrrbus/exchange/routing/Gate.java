package org.ddrrbus.exchange.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectRefs;
import org.ddrrbus.client.envelope.WireLimits;
import org.ddrrbus.client.metrics.MeterNames;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SenderSequence;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.streams.UnwritableInputs;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.ErasureConfirmed;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.exchange.seal.InputMark;
import org.ddrrbus.exchange.subject.SubjectFile;
import org.ddrrbus.exchange.subject.SubjectFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one ledger record: opens it, checks where it lies, which headers it carries and who sent it, asks the
 * {@link Router}, and forwards the outcome.
 *
 * <p>Everything one input record leads to (deliveries, the person's updated file, the replay mark, or the quarantined
 * copy and the refusal) is built in full first, and written only once all of it could be built: a failure half way
 * leaves nothing behind but the refusal. What is written then commits in one transaction, so a crash can neither
 * lose a delivery nor deliver twice.
 *
 * <p>Nothing a sender wrote is echoed unbounded: the quarantine copy and the refusal notice are cut to size, and every
 * record is measured before it is forwarded, because a record the broker refuses would abort the transaction and
 * stop the exchange on the same input for ever. An input whose output the broker refused all the same is set aside
 * when it comes round again ({@link UnwritableInputs}).
 */
final class Gate implements Processor<String, byte[], String, Outbound> {

    /**
     * The only headers a sender may set, and the only ones of its headers that travel on: the CloudEvents attributes
     * and its signature. Anything else could carry what minimisation withholds, countersigned by the exchange.
     */
    static final Set<String> SENDER_HEADERS = senderHeaders();

    private static final Logger log = LoggerFactory.getLogger(Gate.class);

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Router router;
    private final EventCodec codec;
    private final SignatureVerifier verifier;
    private final MeterRegistry meters;
    private final Timer verification;
    private final RecordSigner author;
    private final Clock clock;
    private final int ledgerPartitions;
    private final UnwritableInputs unwritable;
    private ProcessorContext<String, Outbound> context;
    private SubjectFiles files;
    private KeyValueStore<String, Long> sequences;
    /** The delivered counter of each recipient: looked up once, not by name and tag for every delivery. */
    private final Map<String, Counter> delivered = new HashMap<>();

    /**
     * Everything one input leads to: the records to forward and, when the event was judged, the person's new file
     * (null when unchanged) and its sender's sequence number to remember (else null).
     */
    private record Outcome(
            List<Record<String, Outbound>> records, String subject, SubjectFile file, String sender, long sequence) {

        static Outcome refusal(List<Record<String, Outbound>> records) {
            return new Outcome(records, null, null, null, 0);
        }

        Outcome judged(Envelope envelope, long sequence) {
            return new Outcome(records, subject, file, envelope.sender(), sequence);
        }
    }

    Gate(
            Router router,
            EventCodec codec,
            SignatureVerifier verifier,
            Supplier<SigningKey> exchangeKeys,
            Clock clock,
            int ledgerPartitions,
            UnwritableInputs unwritable,
            MeterRegistry meters) {
        this.router = router;
        this.meters = meters;
        this.verification = meters.timer(MeterNames.VERIFICATION, MeterNames.COMPONENT, Components.EXCHANGE);
        this.codec = codec;
        this.verifier = verifier;
        this.author = RecordSigner.sender(exchangeKeys);
        this.clock = clock;
        this.ledgerPartitions = ledgerPartitions;
        this.unwritable = unwritable;
    }

    @Override
    public void init(ProcessorContext<String, Outbound> context) {
        this.context = context;
        this.files = SubjectFiles.of(context, ExchangeTopology.SUBJECTS, codec);
        this.sequences = context.getStateStore(ExchangeTopology.SENDER_SEQUENCES);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        RecordOrigin origin = new RecordOrigin(metadata.topic(), metadata.partition(), metadata.offset(), record.key());
        String owner = Topics.outboxOwner(metadata.topic()).orElseThrow();
        Optional<UnwritableInputs.Problem> unwritten =
                unwritable.take(metadata.topic(), metadata.partition(), metadata.offset());
        Outcome outcome;
        if (unwritten.isPresent()) {
            // The broker refused what this record called for last time; writing it again would fail again.
            outcome = refusal(
                    record,
                    origin,
                    owner,
                    new Rejection.Unwritable(
                            unwritten.get().problem(), unwritten.get().tooLarge()),
                    null);
        } else {
            try {
                outcome = judge(record, origin, owner);
            } catch (RuntimeException e) {
                // A bug must not stop the bus or lose the record: it is set aside with the evidence, and the sender
                // told. Nothing judged before the failure is written.
                log.error("Could not process {}; quarantined", origin, e);
                outcome = refusal(
                        record, origin, owner, new Rejection.Failed(e.getClass().getSimpleName()), null);
            }
        }
        write(outcome, record.value());
    }

    /** Decides what the record leads to and builds all of it, writing nothing. */
    private Outcome judge(Record<String, byte[]> record, RecordOrigin origin, String owner) {
        Opened opened = codec.open(origin, record.headers(), record.value());
        if (opened instanceof Opened.Refused refused) {
            return refusal(record, origin, owner, refused.rejection(), null);
        }
        Envelope envelope = ((Opened.Valid) opened).envelope();
        Optional<Rejection> problem =
                misplaced(record.key(), origin.partition()).or(() -> notAllowed(record.headers()));
        if (problem.isPresent()) {
            return refusal(record, origin, owner, problem.get(), envelope);
        }
        // Hashed once: the leaf is what the sender signed and what every delivery of this event carries on.
        byte[] senderLeaf = SignedContent.eventLeaf(record.headers(), record.value());
        long sequence = SenderSequence.of(record.headers()).orElse(-1L);
        problem = authenticate(record, owner, envelope, senderLeaf, sequence);
        if (problem.isPresent()) {
            return refusal(record, origin, owner, problem.get(), envelope);
        }
        SubjectFile file = files.get(envelope.subject());
        Decision decision = router.route(envelope, file, today());
        if (decision instanceof Decision.Refuse refuse) {
            return refusal(record, origin, owner, refuse.rejection(), envelope).judged(envelope, sequence);
        }
        Decision.Deliver deliver = (Decision.Deliver) decision;
        List<Record<String, Outbound>> out = new ArrayList<>();
        // What every delivery of this event carries besides its terms, made once: the sender's headers, its leaf,
        // when the event reached the outbox (the recipient judges the sender's key at the time this gate did) and the
        // input it answers. The copies hold none of the exchange's headers yet, so each is added, never replaced.
        List<Header> carried = new ArrayList<>();
        for (Header header : record.headers()) {
            if (SENDER_HEADERS.contains(header.key())) {
                carried.add(header);
            }
        }
        byte[] ledgerTime = Instant.ofEpochMilli(record.timestamp()).toString().getBytes(StandardCharsets.UTF_8);
        Header mark = InputMark.of(origin);
        // The sender's own copy: its read model is rebuilt from its inbox, and this is its receipt.
        // An answer to a referral of another bus: the federation outlet lets it cross back to that bus alone.
        List<Header> ownTerms = deliver.abroad()
                .map(bus -> List.of(text(FederationHeaders.TO_BUS, bus)))
                .orElse(List.of());
        out.add(delivery(record, Topics.inbox(owner), record.value(), carried, ownTerms, senderLeaf, ledgerTime, mark));
        for (Delivery delivery : deliver.deliveries()) {
            List<Header> terms = new ArrayList<>(3);
            terms.add(text(DeliveryTerms.PURPOSE, delivery.purpose()));
            terms.add(text(DeliveryTerms.LEGAL_BASIS, delivery.legalBasis()));
            byte[] value = record.value();
            if (!delivery.withheld().isEmpty()) {
                terms.add(text(
                        DeliveryTerms.WITHHELD,
                        String.join(",", delivery.withheld().stream().sorted().toList())));
                value = codec.encode(minimise(envelope.event(), delivery));
                if (SubjectCipher.isSealed(record.value())) {
                    // The copy with fields withheld is sealed under the same key as the sender's event.
                    value = codec.cipher()
                            .orElseThrow()
                            .resealAs(
                                    record.value(),
                                    envelope.id(),
                                    envelope.type().cloudEventType(),
                                    value);
                }
            }
            out.add(delivery(
                    record, Topics.inbox(delivery.recipient()), value, carried, terms, senderLeaf, ledgerTime, mark));
        }
        if (envelope.event() instanceof SubjectErased && deliver.file().isErased()) {
            out.add(erasureConfirmed(record, owner, envelope));
        }
        for (Record<String, Outbound> r : out) {
            int size = WireLimits.sizeOf(r.key(), r.value().value(), r.headers())
                    + WireLimits.COUNTERSIGNATURE_RESERVE_BYTES;
            if (size > WireLimits.MAX_WRITTEN_RECORD_BYTES) {
                return refusal(
                                record,
                                origin,
                                owner,
                                new Rejection.Oversized(size, WireLimits.MAX_WRITTEN_RECORD_BYTES),
                                envelope)
                        .judged(envelope, sequence);
            }
        }
        SubjectFile changed = deliver.file().equals(file) ? null : deliver.file();
        // Counted when judged: a transaction that aborts and is retried counts its deliveries again.
        out.forEach(r -> Topics.inboxOwner(r.value().topic())
                .ifPresent(recipient -> delivered
                        .computeIfAbsent(
                                recipient, name -> meters.counter(MeterNames.DELIVERED, MeterNames.RECIPIENT, name))
                        .increment()));
        return new Outcome(out, envelope.subject(), changed, envelope.sender(), sequence);
    }

    /**
     * Writes what was judged: the person's file, the sender's last sequence number and the records, all in this
     * task's transaction. The sequence store is cached, so its changelog gets one record per sender and commit, not
     * one per event.
     */
    private void write(Outcome outcome, byte[] event) {
        if (outcome.file() != null) {
            files.put(outcome.subject(), outcome.file(), event);
        }
        if (outcome.sender() != null) {
            sequences.put(outcome.sender(), outcome.sequence());
        }
        outcome.records().forEach(context::forward);
    }

    /** Consent is judged on the day the exchange processes the event, not the day the sender put on it. */
    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * A delivery with the sender's leaf, so the recipient can check the sender's signature even of a copy with fields
     * withheld. The exchange's producer adds the countersignature of everything one transaction delivers when it
     * commits (see {@code CountersigningProducer}).
     */
    private static Record<String, Outbound> delivery(
            Record<String, byte[]> record,
            String inbox,
            byte[] value,
            List<Header> carried,
            List<Header> terms,
            byte[] senderLeaf,
            byte[] ledgerTime,
            Header mark) {
        Header[] headers = new Header[carried.size() + terms.size() + 3];
        int at = 0;
        for (Header header : carried) {
            headers[at++] = header;
        }
        for (Header header : terms) {
            headers[at++] = header;
        }
        headers[at++] = new RecordHeader(SignatureHeaders.LEAF, senderLeaf);
        headers[at++] = new RecordHeader(SignatureHeaders.LEDGER_TIME, ledgerTime);
        headers[at] = mark;
        return outbound(record, record.key(), inbox, value, new RecordHeaders(headers));
    }

    private static Header text(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A person's events and file meet in one task only if every record sits on the partition its subjectRef's hash
     * names, as Kafka's default partitioner puts it; a record written elsewhere would also escape the replay check,
     * which remembers each sender's sequence per partition. So the key must be where it belongs.
     */
    private Optional<Rejection> misplaced(String key, int partition) {
        if (key == null) {
            return Optional.empty();
        }
        int expected = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % ledgerPartitions;
        return expected == partition
                ? Optional.empty()
                : Optional.of(new Rejection.MalformedHeader(
                        "key", "belongs on partition " + expected + " of the outbox, not " + partition));
    }

    /** Any header but the CloudEvents attributes and the signature is refused, rather than silently dropped. */
    private static Optional<Rejection> notAllowed(Headers headers) {
        String first = null;
        int others = 0;
        for (Header header : headers) {
            if (!SENDER_HEADERS.contains(header.key())) {
                if (first == null) {
                    first = header.key();
                } else {
                    others++;
                }
            }
        }
        return first == null ? Optional.empty() : Optional.of(new Rejection.HeaderNotAllowed(first, others));
    }

    /**
     * The outbox proves the sender on the bus (only the owner's principal can write it); the signature proves it
     * beyond the bus. They must agree with each other and with {@code ce_source}, and each signed event counts once.
     *
     * <p>Replays are told by the sender's signed sequence number, which must rise on each outbox partition: the
     * exchange keeps one number per sender and partition, however many events, and refuses nothing for its age. A
     * node that was offline for weeks, or an exchange that was down, delivers its backlog as it was numbered.
     */
    private Optional<Rejection> authenticate(
            Record<String, byte[]> record, String owner, Envelope envelope, byte[] leaf, long sequence) {
        // The record's timestamp is when it reached the outbox (LogAppendTime), which the sender cannot choose.
        SignatureCheck signature =
                verification.record(() -> verifier.checkEventLeaf(record.headers(), leaf, record.timestamp()));
        if (signature.refusal().isPresent()) {
            return signature.refusal();
        }
        String signer = ((SignatureCheck.Valid) signature).signer();
        if (!envelope.sender().equals(owner)) {
            return Optional.of(new Rejection.SourceMismatch(envelope.sender(), owner));
        }
        if (!signer.equals(envelope.sender())) {
            return Optional.of(new Rejection.NotTheSigner(envelope.sender(), signer));
        }
        if (envelope.time().isAfter(clock.instant().plus(CLOCK_SKEW))) {
            return Optional.of(
                    new Rejection.Postdated(envelope.id(), envelope.time().toString()));
        }
        if (sequence < 0) {
            return Optional.of(new Rejection.Unnumbered(envelope.id()));
        }
        Long last = sequences.get(envelope.sender());
        if (last != null && sequence <= last) {
            return Optional.of(new Rejection.Replayed(envelope.id(), envelope.sender(), sequence, last));
        }
        return Optional.empty();
    }

    /** The event with the fields this recipient may not see set to null; the agreement allows this only for optional fields. */
    private static SpecificRecord minimise(SpecificRecord event, Delivery delivery) {
        SpecificRecord copy = SpecificData.getForSchema(event.getSchema()).deepCopy(event.getSchema(), event);
        for (String name : delivery.withheld()) {
            Schema.Field field = copy.getSchema().getField(name);
            copy.put(field.pos(), null);
        }
        return copy;
    }

    /**
     * The quarantined copy and the notice to the sender. Both are bounded whatever the record holds: the copy by
     * {@link Quarantine}, the notice by quoting at most {@value WireLimits#MAX_ECHOED_TEXT} characters of any id,
     * type or subject, and the subject only when it is a case code (what stands there otherwise may be a name).
     */
    private Outcome refusal(
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
        return Outcome.refusal(out);
    }

    /**
     * The exchange's own confirmation to the case owner that it dropped the person's file. It commits in the same
     * transaction as the erased file, so it is written exactly when the exchange has erased.
     */
    private Record<String, Outbound> erasureConfirmed(Record<String, byte[]> record, String owner, Envelope erasure) {
        ErasureConfirmed confirmed =
                new ErasureConfirmed(erasure.subject(), erasure.id(), Components.EXCHANGE, clock.instant());
        ProducerRecord<String, byte[]> toOwner =
                codec.seal(Topics.inbox(owner), codec.envelope(Components.EXCHANGE, confirmed));
        author.signEvents(List.of(toOwner.headers()), List.of(toOwner.value()));
        return outbound(record, toOwner.key(), toOwner.topic(), toOwner.value(), toOwner.headers());
    }

    private static Record<String, Outbound> outbound(
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

    private static Set<String> senderHeaders() {
        Set<String> allowed = new LinkedHashSet<>(CloudEventHeaders.REQUIRED);
        allowed.addAll(SignatureHeaders.SENDER);
        return Set.copyOf(allowed);
    }
}
