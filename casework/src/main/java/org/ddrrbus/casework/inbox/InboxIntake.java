package org.ddrrbus.casework.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.metrics.MeterNames;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.events.DeliveryRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of one inbox record: opened, verified, applied to every read model and its verdict recorded; or set
 * aside in the quarantine with the reason and where it came from. One bad record never blocks the ones behind it.
 *
 * <p>Kept apart from {@link InboxConsumer}, which only feeds it records from Kafka, so that what the service trusts can
 * be checked record by record without a broker.
 */
final class InboxIntake {

    /** Where a record that cannot be applied goes: the quarantine topic, for {@link InboxConsumer}. */
    @FunctionalInterface
    interface SetAside {

        /** Writes the quarantine record, returning once it is acknowledged. */
        void write(ProducerRecord<String, byte[]> quarantined) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(InboxIntake.class);

    private final EventCodec codec;
    private final Agency agency;
    private final List<InboxProjection> projections;
    private final DeliveryTracker deliveries;
    private final SignatureVerifier verifier;
    private final SetAside quarantine;
    private final MeterRegistry meters;
    private final Counter read;
    private final Timer verification;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();

    InboxIntake(
            EventCodec codec,
            Agency agency,
            List<InboxProjection> projections,
            DeliveryTracker deliveries,
            SignatureVerifier verifier,
            SetAside quarantine,
            MeterRegistry meters) {
        this.codec = codec;
        this.agency = agency;
        this.projections = List.copyOf(projections);
        this.deliveries = deliveries;
        this.verifier = verifier;
        this.quarantine = quarantine;
        this.meters = meters;
        this.read = meters.counter(MeterNames.INBOX_READ);
        this.verification = meters.timer(MeterNames.VERIFICATION, MeterNames.COMPONENT, agency.id());
    }

    void take(ConsumerRecord<String, byte[]> record) {
        Opened opened = codec.open(record);
        if (opened instanceof Opened.Refused refused) {
            if (refused.rejection() instanceof Rejection.KeyUnavailable) {
                // Sealed under a key destroyed at the person's erasure or at the end of its retention: nothing about
                // the person is to be rebuilt, and a copy in the quarantine would keep nothing readable either.
                log.debug(
                        "Skipped {}-{}@{}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        refused.rejection().detail());
                return;
            }
            setAside(record, refused.rejection());
            return;
        }
        Envelope envelope = ((Opened.Valid) opened).envelope();
        Optional<Rejection> unverified = verification.record(() -> verify(record, envelope));
        if (unverified.isPresent()) {
            setAside(record, unverified.get());
            return;
        }
        try {
            DeliveryTerms terms = DeliveryTerms.of(record.headers());
            Crossing crossing = Crossing.of(envelope, record.headers(), agency.id());
            for (InboxProjection projection : projections) {
                projection.apply(envelope, terms.purpose().orElse(""), terms.withheld(), crossing);
            }
            applied.incrementAndGet();
            read.increment();
            // Verdicts last: a request waiting on one must find the read models already updated.
            if (envelope.sender().equals(agency.id())) {
                deliveries.accepted(envelope.id());
            }
            if (envelope.event() instanceof DeliveryRejected rejected) {
                deliveries.rejected(
                        rejected.getRejectedEventId(), rejected.getReason().name(), rejected.getDetail());
            }
        } catch (RuntimeException e) {
            log.error("Could not apply {} from {}", envelope.typeName(), record.topic(), e);
            setAside(record, new Rejection.Failed(e.getClass().getSimpleName()));
        }
    }

    /**
     * Trust nothing unsigned, even from the exchange's topic: an event the exchange wrote itself must carry its
     * signature; any other must carry its sender's signature and the exchange's countersignature of this delivery.
     * Each counts only if its key spoke for its signer at the time: the sender's when the event reached its outbox, the
     * exchange's when the delivery reached this inbox (the record's timestamp, the broker's time of arrival).
     */
    private Optional<Rejection> verify(ConsumerRecord<String, byte[]> record, Envelope envelope) {
        if (envelope.sender().equals(Components.EXCHANGE)) {
            return verifier.checkEvent(record.headers(), record.value(), record.timestamp())
                    .refusalUnlessSignedBy(Components.EXCHANGE);
        }
        return verifier.checkInboxDelivery(record.headers(), record.value(), record.topic(), record.timestamp())
                .refusal(envelope.sender());
    }

    private void setAside(ConsumerRecord<String, byte[]> record, Rejection rejection) {
        quarantined.incrementAndGet();
        meters.counter(
                        MeterNames.QUARANTINED,
                        MeterNames.COMPONENT,
                        agency.id(),
                        MeterNames.REASON,
                        rejection.reason().name())
                .increment();
        log.warn("Quarantining {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), rejection.detail());
        var origin = new RecordOrigin(record.topic(), record.partition(), record.offset(), record.key());
        try {
            quarantine.write(Quarantine.record(rejection, origin, record.headers(), record.value(), agency.id()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.error("Could not quarantine {}; it stays only in the inbox", origin, e);
        }
    }

    long applied() {
        return applied.get();
    }

    long quarantined() {
        return quarantined.get();
    }
}
