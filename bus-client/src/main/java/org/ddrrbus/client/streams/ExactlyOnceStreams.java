package org.ddrrbus.client.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.ddrrbus.client.spring.BusProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the bus runs its own Kafka Streams applications (the exchange and the dashboard): exactly once, as the
 * component's principal, replacing a failed thread, and leaving the group when stopped on purpose.
 */
public final class ExactlyOnceStreams {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceStreams.class);

    /**
     * @param name how the application is called in the logs
     * @param commitInterval how often a transaction commits; readers see results only then
     * @param replicationFactor of the application's changelog and repartition topics
     * @param stateDir where its local state stores live; they are rebuilt from their changelogs when lost
     */
    public record Settings(
            String name,
            String applicationId,
            Duration commitInterval,
            int replicationFactor,
            Path stateDir,
            int streamThreads) {}

    private ExactlyOnceStreams() {}

    /** The settings both applications share; each adds its own to what this returns. */
    public static Properties config(BusProperties bus, Settings settings) {
        Properties props = new Properties();
        props.putAll(bus.kafkaClientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int)
                settings.commitInterval().toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.replicationFactor());
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                settings.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        // New outboxes are found by pattern; look for them every 30 s rather than every 5 minutes.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), 30_000);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        return props;
    }

    /**
     * Sets aside an input whose output the broker refuses for good, instead of failing on it forever: the processor
     * that wrote the output learns of it from {@code inputs} when the input comes round again.
     */
    public static void setAsideUnwritable(Properties config, UnwritableInputs inputs) {
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, SetAsideUnwritable.class);
        config.put(SetAsideUnwritable.INPUTS, inputs);
    }

    public static KafkaStreams start(Settings settings, Topology topology, Properties config) {
        return start(settings, new KafkaStreams(topology, config));
    }

    public static KafkaStreams start(
            Settings settings, Topology topology, Properties config, KafkaClientSupplier clients) {
        return start(settings, new KafkaStreams(topology, config, clients));
    }

    private static KafkaStreams start(Settings settings, KafkaStreams streams) {
        // A failed stream thread is replaced; its tasks resume from the last committed transaction.
        streams.setUncaughtExceptionHandler(e -> {
            log.error("{} stream thread failed; replacing it", settings.name(), e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("{} {} -> {}", settings.name(), before, now));
        streams.start();
        return streams;
    }

    /**
     * A stop on purpose leaves the group, so whoever starts next gets the partitions at once; a crash cannot leave,
     * and then static membership (where set) or the session timeout decides.
     */
    public static void close(KafkaStreams streams) {
        if (streams != null) {
            streams.close(new KafkaStreams.CloseOptions()
                    .timeout(Duration.ofSeconds(30))
                    .leaveGroup(true));
        }
    }
}
