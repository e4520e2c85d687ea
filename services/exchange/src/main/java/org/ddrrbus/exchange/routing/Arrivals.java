package org.ddrrbus.exchange.routing;

import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.exchange.subject.Referral;
import org.ddrrbus.exchange.subject.SubjectFile;
import org.ddrrbus.exchange.subject.SubjectFiles;
import org.ddrrbus.state.ReferralStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps in each person's file the referrals that arrived from another national bus ({@link Topics#ARRIVALS}), so that
 * the {@link Gate} lets the agency here they were issued to answer them, and the answers that came back to referrals
 * issued here; and an erasure the bus that issued the person's case code decided, in that bus's exchange's name
 * (header {@code ddrr_fed_sender: exchange}), which erases the file as a {@code SubjectErased} at home does.
 *
 * <p>The records are the federation inlet's, which verified them against the federation's trust anchors and applied
 * this bus's agreement and consent before delivering them; only the exchange may write the topic (the broker's ACLs),
 * so they are trusted as the exchange's own, like its changelog. They meet the person's events in the same task: the
 * topic is keyed by subjectRef and partitioned as the outboxes.
 */
final class Arrivals implements Processor<String, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(Arrivals.class);

    private final EventCodec codec;
    private SubjectFiles files;
    private ProcessorContext<Void, Void> context;

    Arrivals(EventCodec codec) {
        this.codec = codec;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.files = SubjectFiles.of(context, ExchangeTopology.SUBJECTS, codec);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        RecordOrigin origin = new RecordOrigin(metadata.topic(), metadata.partition(), metadata.offset(), record.key());
        Opened opened = codec.open(origin, record.headers(), record.value());
        Optional<String> bus = FederationHeaders.fromBus(record.headers());
        Optional<String> sender = HeaderText.of(record.headers(), FederationHeaders.SENDER);
        if (!(opened instanceof Opened.Valid valid) || bus.isEmpty() || sender.isEmpty()) {
            log.warn("Ignored {}: not an event that arrived from another bus", origin);
            return;
        }
        Envelope envelope = valid.envelope();
        SubjectFile file = files.get(envelope.subject());
        apply(file, envelope.event(), bus.get(), sender.get())
                .ifPresent(next -> files.put(envelope.subject(), next, record.value()));
    }

    /**
     * The person's file once {@code event}, sent by {@code sender} of bus {@code bus}, is kept; empty when it changes
     * nothing (a referral known already, an answer to a referral not issued here, a person erased); an erasure of the
     * other bus's exchange erases the file.
     */
    static Optional<SubjectFile> apply(SubjectFile file, SpecificRecord event, String bus, String sender) {
        if (file.isErased()) {
            return Optional.empty();
        }
        if (event instanceof SubjectErased erased && sender.equals(Components.EXCHANGE)) {
            // The bus that issued the case code erased the person, and the inlet destroyed this bus's keys of them:
            // the file is erased as at home, so the gate refuses every new event about them (SUBJECT_ERASED).
            return Optional.of(SubjectFile.erased(erased.getErasedOn()));
        }
        if (event instanceof ReferralIssued issued) {
            if (file.referral(sender, issued.getReferralId()).isPresent()
                    || file.referrals().size() >= SubjectFile.MAX_REFERRALS) {
                return Optional.empty();
            }
            return Optional.of(file.with(Referral.arrived(issued.getReferralId(), bus, sender, issued.getToAgency())));
        }
        if (event instanceof ReferralWithdrawn withdrawn) {
            return file.referral(sender, withdrawn.getReferralId())
                    .filter(r -> r.fromBus().equals(Optional.of(bus)))
                    .map(r -> file.with(r.now(ReferralStatus.WITHDRAWN)));
        }
        if (event instanceof ReferralAccepted a) {
            return answered(file, a.getReferringAgency(), a.getReferralId(), ReferralStatus.ACCEPTED);
        }
        if (event instanceof ReferralDeclined d) {
            return answered(file, d.getReferringAgency(), d.getReferralId(), ReferralStatus.DECLINED);
        }
        if (event instanceof ReferralCompleted c) {
            return answered(file, c.getReferringAgency(), c.getReferralId(), ReferralStatus.COMPLETED);
        }
        return Optional.empty();
    }

    /** An answer from the other bus to a referral an agency here issued. */
    private static Optional<SubjectFile> answered(
            SubjectFile file, String referrer, String referralId, ReferralStatus status) {
        return file.referral(referrer, referralId).filter(r -> !r.isForeign()).map(r -> file.with(r.now(status)));
    }
}
