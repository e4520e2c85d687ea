package org.ddrrbus.exchange.system;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.spring.BusProperties;
import org.ddrrbus.client.streams.ExactlyOnceStreams;
import org.ddrrbus.client.streams.UnwritableInputs;
import org.ddrrbus.exchange.routing.ExchangeTopology;
import org.ddrrbus.exchange.seal.CountersigningClientSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Runs the exchange topology for as long as the application lives, with exactly-once processing. */
@Component
class ExchangeRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExchangeRunner.class);

    private final BusProperties bus;
    private final ExchangeProperties exchange;
    private final SharingAgreement agreement;
    private final EventCodec codec;
    private final SignatureVerifier verifier;
    private final SigningKeys keys;
    private final Clock clock;
    private volatile KafkaStreams streams;

    ExchangeRunner(
            BusProperties bus,
            ExchangeProperties exchange,
            SharingAgreement agreement,
            EventCodec codec,
            SignatureVerifier verifier,
            SigningKeys keys,
            ObjectProvider<Clock> clock) {
        this.bus = bus;
        this.exchange = exchange;
        this.agreement = agreement;
        this.codec = codec;
        this.verifier = verifier;
        this.keys = keys;
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
        streams = ExactlyOnceStreams.start(
                settings,
                ExchangeTopology.build(
                        agreement, codec, verifier, keys, clock, exchange.ledgerPartitions(), unwritable),
                streamsConfig(settings, unwritable),
                new CountersigningClientSupplier(keys, unwritable));
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
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int)
                exchange.sessionTimeout().toMillis());
        return props;
    }

    @Override
    public void stop() {
        ExactlyOnceStreams.close(streams);
        streams = null;
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }
}
