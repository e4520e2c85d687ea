package org.ddrrbus.exchange.system;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.spring.BusProperties;
import org.ddrrbus.exchange.routing.ExchangeTopology;
import org.ddrrbus.exchange.seal.CountersigningClientSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private final SigningKey key;
    private volatile KafkaStreams streams;

    ExchangeRunner(BusProperties bus, ExchangeProperties exchange, SharingAgreement agreement, EventCodec codec,
            SignatureVerifier verifier, SigningKey key) {
        this.bus = bus;
        this.exchange = exchange;
        this.agreement = agreement;
        this.codec = codec;
        this.verifier = verifier;
        this.key = key;
    }

    @Override
    public void start() {
        streams = new KafkaStreams(
                ExchangeTopology.build(agreement, codec, verifier, key, exchange.replayWindow(), exchange.ledgerPartitions()),
                streamsConfig(),
                new CountersigningClientSupplier(key));
        // A failed stream thread is replaced; its tasks resume from the last committed transaction.
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Exchange stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("Exchange {} -> {}", before, now));
        streams.start();
        log.info("Exchange started as {} on {}", bus.principal(), bus.bootstrapServers());
    }

    Properties streamsConfig() {
        Properties props = new Properties();
        props.putAll(bus.kafkaClientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, exchange.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) exchange.commitInterval().toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, exchange.replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, exchange.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, exchange.streamThreads());
        // New outboxes are found by pattern; look for them every 30 s rather than every 5 minutes.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), 30_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), exchange.instanceId());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), exchange.compression());
        return props;
    }

    @Override
    public void stop() {
        KafkaStreams running = streams;
        if (running != null) {
            // A stop on purpose leaves the group, so whichever exchange starts next gets the partitions at once; a
            // crash cannot leave, and the static instance id lets the restarted exchange take its place at once.
            running.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
            streams = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    KafkaStreams.State state() {
        KafkaStreams running = streams;
        return running == null ? KafkaStreams.State.NOT_RUNNING : running.state();
    }
}
