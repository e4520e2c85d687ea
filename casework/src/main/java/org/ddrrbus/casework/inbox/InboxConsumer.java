package org.ddrrbus.casework.inbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.health.CaughtUp;
import org.ddrrbus.client.metrics.MeterNames;
import org.ddrrbus.client.signing.SignatureVerifier;
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
 * makes the service's state rebuildable after a crash or on a new machine. What happens to each record, quarantine
 * included, is {@link InboxIntake}'s.
 */
@Component
public class InboxConsumer implements MessageListener<String, byte[]>, SmartLifecycle {

    private final ConcurrentMessageListenerContainer<String, byte[]> container;
    private final Agency agency;
    private final InboxIntake intake;
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
        this.agency = agency;
        this.intake = new InboxIntake(
                codec,
                agency,
                projections,
                deliveries,
                verifier,
                quarantined -> kafka.send(quarantined).get(),
                meters);
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
        intake.take(record);
    }

    public long applied() {
        return intake.applied();
    }

    public long quarantined() {
        return intake.quarantined();
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
