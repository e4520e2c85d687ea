package org.ddrrbus.casework.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.health.CaughtUp;
import org.ddrrbus.client.metrics.MeterNames;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.events.DeliveryRejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.TopicPartitionOffset;
import org.springframework.stereotype.Component;

/**
 * Reads the agency's inbox into its read models. Every start replays the inbox from the beginning, which is what
 * makes the service's state rebuildable after a crash or on a new machine.
 *
 * <p>A record that cannot be opened is set aside in the quarantine with the reason and where it came from, and the
 * consumer moves on: one bad record never blocks the ones behind it.
 */
@Component
public class InboxConsumer implements MessageListener<String, byte[]>, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxConsumer.class);

    private final ConcurrentMessageListenerContainer<String, byte[]> container;
    private final EventCodec codec;
    private final Agency agency;
    private final List<InboxProjection> projections;
    private final DeliveryTracker deliveries;
    private final KafkaTemplate<String, byte[]> kafka;
    private final SignatureVerifier verifier;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final MeterRegistry meters;
    private final Counter read;
    private final Timer verification;
    private final CaughtUp caughtUp;

    InboxConsumer(
            ConsumerFactory<String, byte[]> consumers,
            EventCodec codec,
            Agency agency,
            List<InboxProjection> projections,
            DeliveryTracker deliveries,
            KafkaTemplate<String, byte[]> kafka,
            SignatureVerifier verifier,
            MeterRegistry meters) {
        this.codec = codec;
        this.agency = agency;
        this.projections = List.copyOf(projections);
        this.deliveries = deliveries;
        this.kafka = kafka;
        this.verifier = verifier;
        this.meters = meters;
        this.read = meters.counter(MeterNames.INBOX_READ);
        this.verification = meters.timer(MeterNames.VERIFICATION, MeterNames.COMPONENT, agency.id());
        // Partitions are assigned, not subscribed: a restart after a crash rebuilds at once instead of waiting for
        // the group to expire the dead member. Offsets are still committed under the agency's group, for lag.
        TopicPartitionOffset[] partitions = partitions(consumers, agency.inbox());
        this.caughtUp = new CaughtUp(agency.inbox(), partitions.length);
        ContainerProperties properties = new ContainerProperties(partitions);
        properties.setMessageListener(this);
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        this.container = new ConcurrentMessageListenerContainer<>(consumers, properties);
        this.container.setBeanName("inbox-" + agency.id());
        Gauge.builder(MeterNames.INBOX_LAG, this, InboxConsumer::lag).register(meters);
    }

    /** Every partition of the inbox, each read from its beginning to rebuild the read models. */
    private static TopicPartitionOffset[] partitions(ConsumerFactory<String, byte[]> consumers, String inbox) {
        try (Consumer<String, byte[]> consumer = consumers.createConsumer()) {
            return consumer.partitionsFor(inbox, Duration.ofSeconds(30)).stream()
                    .map(p ->
                            new TopicPartitionOffset(inbox, p.partition(), TopicPartitionOffset.SeekPosition.BEGINNING))
                    .toArray(TopicPartitionOffset[]::new);
        }
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
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
            String purpose = HeaderText.orEmpty(record.headers(), DeliveryTerms.PURPOSE);
            List<String> withheld = DeliveryTerms.of(record.headers()).withheld();
            for (InboxProjection projection : projections) {
                projection.apply(envelope, purpose, withheld);
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
        var origin = new org.ddrrbus.client.envelope.RecordOrigin(
                record.topic(), record.partition(), record.offset(), record.key());
        try {
            kafka.send(Quarantine.record(rejection, origin, record.headers(), record.value(), agency.id()))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.error("Could not quarantine {}; it stays only in the inbox", origin, e);
        }
    }

    public long applied() {
        return applied.get();
    }

    public long quarantined() {
        return quarantined.get();
    }

    public Collection<TopicPartition> assignedPartitions() {
        return container.getAssignedPartitions() == null ? List.of() : container.getAssignedPartitions();
    }

    /** Committed records of the inbox still to read, as the consumer last measured them. */
    double lag() {
        return CaughtUp.lag(metrics(), agency.inbox());
    }

    private Map<MetricName, Metric> metrics() {
        Map<MetricName, Metric> metrics = new HashMap<>();
        container.metrics().values().forEach(metrics::putAll);
        return metrics;
    }

    /** Empty once the inbox has been read to its end since the start; otherwise why the service is not ready. */
    public Optional<String> behind() {
        return caughtUp.behind(metrics());
    }

    @Override
    public void start() {
        container.start();
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }
}
