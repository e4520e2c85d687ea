package org.ddrrbus.exchange.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.WireLimits;
import org.ddrrbus.client.metrics.MeterNames;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.SenderSequence;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.streams.UnwritableInputs;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.exchange.subject.SubjectFile;
import org.ddrrbus.exchange.subject.SubjectFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one ledger record: opens it, checks where it lies, which headers it carries and who sent it, then,
 * on a bus that seals, that a value about a person is sealed, asks the {@link Router}, and forwards the outcome.
 *
 * <p>Who sent a record is judged before what it holds: a forged event, or one signed by a revoked key, is refused for
 * its signature ({@code SIGNATURE_INVALID}, {@code NOT_THE_SIGNER}, {@code KEY_REVOKED}...) whether it is sealed or
 * plain, so that the sender is told the first problem, the one sealing would not mend, and a stolen or revoked key in
 * use shows in the refusals under its own reason. A plain value from an authenticated sender is then refused
 * ({@code MALFORMED_BODY}) and its sequence number spent, like any refusal of an authenticated event.
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

    private static final Logger log = LoggerFactory.getLogger(Gate.class);

    private final Router router;
    private final EventCodec codec;
    /** The codec that opens a record before its sender is judged: plain values are held to the sealing after. */
    private final EventCodec opener;

    private final SenderChecks checks;
    private final Notices notices;
    private final Deliveries deliveries;
    private final MeterRegistry meters;
    private final Clock clock;
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
        this.codec = codec;
        this.opener = codec.acceptingPlain();
        this.checks = new SenderChecks(verifier, clock, ledgerPartitions, meters);
        this.notices = new Notices(codec, exchangeKeys, clock, meters);
        this.deliveries = new Deliveries(codec);
        this.clock = clock;
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
        Opened opened = opener.open(origin, record.headers(), record.value());
        if (opened instanceof Opened.Refused refused) {
            return refusal(record, origin, owner, refused.rejection(), null);
        }
        Envelope envelope = ((Opened.Valid) opened).envelope();
        Optional<Rejection> problem =
                checks.misplaced(record.key(), origin.partition()).or(() -> SenderChecks.notAllowed(record.headers()));
        if (problem.isPresent()) {
            return refusal(record, origin, owner, problem.get(), envelope);
        }
        // Hashed once: the leaf is what the sender signed and what every delivery of this event carries on.
        byte[] senderLeaf = SignedContent.eventLeaf(record.headers(), record.value());
        long sequence = SenderSequence.of(record.headers()).orElse(-1L);
        problem = checks.authenticate(record, owner, envelope, senderLeaf, sequence, sequences);
        if (problem.isPresent()) {
            return refusal(record, origin, owner, problem.get(), envelope);
        }
        problem = codec.requiresSealed()
                ? SubjectCipher.notSealed(envelope.typeName(), envelope.subject(), record.value())
                : Optional.empty();
        if (problem.isPresent()) {
            return refusal(record, origin, owner, problem.get(), envelope).judged(envelope, sequence);
        }
        SubjectFile file = files.get(envelope.subject());
        Decision decision = router.route(envelope, file, today());
        if (decision instanceof Decision.Refuse refuse) {
            return refusal(record, origin, owner, refuse.rejection(), envelope).judged(envelope, sequence);
        }
        Decision.Deliver deliver = (Decision.Deliver) decision;
        List<Record<String, Outbound>> out = deliveries.of(record, origin, owner, envelope, senderLeaf, deliver);
        if (envelope.event() instanceof SubjectErased && deliver.file().isErased()) {
            out.add(notices.erasureConfirmed(record, owner, envelope));
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

    private Outcome refusal(
            Record<String, byte[]> record, RecordOrigin origin, String owner, Rejection rejection, Envelope envelope) {
        return Outcome.refusal(notices.refusal(record, origin, owner, rejection, envelope));
    }
}
