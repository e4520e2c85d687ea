package org.ddrrbus.exchange.system;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.health.StreamsApplication;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.spring.BusProperties;
import org.ddrrbus.client.streams.ExactlyOnceStreams;
import org.ddrrbus.client.streams.RunningStreams;
import org.ddrrbus.client.streams.UnwritableInputs;
import org.ddrrbus.exchange.routing.ExchangeTopology;
import org.ddrrbus.exchange.seal.CountersigningClientSupplier;
import org.ddrrbus.exchange.subjectkeys.SubjectKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Runs the exchange topology for as long as the application lives, with exactly-once processing. */
@Component
class ExchangeRunner implements SmartLifecycle, StreamsApplication {

    private static final Logger log = LoggerFactory.getLogger(ExchangeRunner.class);

    /** How long the exchange's clients wait for one answer from a broker before retrying elsewhere. */
    static final int REQUEST_TIMEOUT_MS = 5_000;

    private final BusProperties bus;
    private final ExchangeProperties exchange;
    private final SharingAgreement agreement;
    private final EventCodec codec;
    private final SignatureVerifier verifier;
    private final SigningKeys keys;
    private final MeterRegistry meters;
    private final Clock clock;
    private final SubjectKeyStore subjectKeys;
    private volatile ScheduledExecutorService expirySweep;
    private final RunningStreams running = new RunningStreams();

    ExchangeRunner(
            BusProperties bus,
            ExchangeProperties exchange,
            SharingAgreement agreement,
            EventCodec codec,
            SignatureVerifier verifier,
            SigningKeys keys,
            ObjectProvider<Clock> clock,
            MeterRegistry meters,
            SubjectKeyStore subjectKeys) {
        this.bus = bus;
        this.exchange = exchange;
        this.agreement = agreement;
        this.codec = codec;
        this.verifier = verifier;
        this.keys = keys;
        this.meters = meters;
        this.subjectKeys = subjectKeys;
        // A test may run the exchange on a clock of its own, e.g. one that says a week has passed.
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public void start() {
        try (Admin admin = Admin.create(adminConfig())) {
            LedgerLayout.check(admin, exchange.ledgerPartitions());
        } catch (IllegalStateException e) {
            log.error("Exchange cannot start: {}", e.getMessage());
            throw e;
        }
        UnwritableInputs unwritable = new UnwritableInputs();
        ExactlyOnceStreams.Settings settings = new ExactlyOnceStreams.Settings(
                "Exchange",
                exchange.applicationId(),
                exchange.commitInterval(),
                exchange.replicationFactor(),
                exchange.stateDir(),
                exchange.streamThreads());
        // Opens events sealed under a person's key, and seals the copies it minimises, with the keys it holds itself.
        EventCodec gateCodec = codec.sealingWith(SubjectCipher.of(subjectKeys, agreement));
        running.started(
                ExactlyOnceStreams.start(
                        settings,
                        ExchangeTopology.build(
                                agreement,
                                exchange.requireSealed() ? gateCodec.requiringSealed() : gateCodec,
                                verifier,
                                keys,
                                clock,
                                exchange.ledgerPartitions(),
                                unwritable,
                                meters,
                                subjectKeys::destroy,
                                subjectKeys::recordDelivery),
                        streamsConfig(settings, unwritable),
                        new CountersigningClientSupplier(
                                keys, unwritable, exchange.countersignChunk(), exchange.countersignThread())),
                meters);
        // Keys past their type's retention are destroyed within the hour, whatever the topics keep.
        ScheduledExecutorService sweep = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "subject-key-expiry");
            thread.setDaemon(true);
            return thread;
        });
        sweep.scheduleAtFixedRate(() -> expire(subjectKeys), 0, 1, TimeUnit.HOURS);
        expirySweep = sweep;
        log.info("Exchange started as {} on {}", bus.principal(), bus.bootstrapServers());
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>(bus.kafkaClientProperties());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }

    Properties streamsConfig(ExactlyOnceStreams.Settings settings, UnwritableInputs unwritable) {
        Properties props = ExactlyOnceStreams.config(bus, settings);
        ExactlyOnceStreams.setAsideUnwritable(props, unwritable);
        // Static membership: an exchange restarted after a crash takes its partitions back at once.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), exchange.instanceId());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), exchange.compression());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), exchange.batchSize());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int)
                exchange.sessionTimeout().toMillis());
        // A request to a broker cut off the network is never answered: the clients give up on it after this, not
        // Kafka's 30 s, and retry on the partition's new leader. Kafka Streams aborts a transaction open longer than
        // its 10 s transaction timeout, fencing the producer and rebalancing; waiting 30 s for one answer made every
        // partition of the network outlast that (see docs/reliability.md, "Faults across hosts").
        props.put(StreamsConfig.producerPrefix(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG), REQUEST_TIMEOUT_MS);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG), REQUEST_TIMEOUT_MS);
        return props;
    }

    private static void expire(SubjectKeyStore keys) {
        try {
            int expired = keys.expire().size();
            if (expired > 0) {
                log.info("Destroyed {} data keys past their retention", expired);
            }
        } catch (RuntimeException e) {
            log.error("Could not expire data keys; tried again within the hour", e);
        }
    }

    @Override
    public void stop() {
        if (expirySweep != null) {
            expirySweep.shutdownNow();
            expirySweep = null;
        }
        running.stop();
    }

    /** The running application, or null before the start and after the stop: for the readiness probe. */
    @Override
    public KafkaStreams streams() {
        return running.streams();
    }

    @Override
    public boolean isRunning() {
        return running.isRunning();
    }
}
