package org.ddrrbus.client.keys;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.client.topic.Topics;

/**
 * How the key directory reaches the bus: the consumers that read {@code ddrr.keys} whole (no group, read committed),
 * and the one line that says why the first read failed.
 */
final class DirectoryClient {

    /** How long a missing key directory topic is asked for again, in case the bus was provisioned a moment ago. */
    private static final Duration NEW_TOPIC_GRACE = Duration.ofSeconds(5);

    private static final Duration METADATA_RETRY = Duration.ofMillis(200);
    private static final AtomicInteger READERS = new AtomicInteger();
    private static final Pattern USERNAME = Pattern.compile("username=\"([^\"]*)\"");

    private final Map<String, Object> clientProperties;

    /** @param client Kafka client settings of a principal that may read {@code ddrr.keys} */
    DirectoryClient(Map<String, Object> client) {
        Map<String, Object> props = new HashMap<>(client);
        // The directory is read whole by every reader: no group, no committed position.
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Several components may share a JVM (./ddrr up): a client id of their own keeps their metrics apart.
        props.put(
                CommonClientConfigs.CLIENT_ID_CONFIG,
                "ddrr-keys-" + principalIn(client).orElse("reader") + "-" + READERS.incrementAndGet());
        this.clientProperties = props;
    }

    KafkaConsumer<String, byte[]> newConsumer(String role) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, props.get(CommonClientConfigs.CLIENT_ID_CONFIG) + role);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * A moment after the bus is provisioned, the broker asked may not yet know the topic: the controller has created it,
     * but not every broker's metadata has caught up. So "no such topic" is believed only after a few seconds of
     * asking, bounded by the caller's timeout, so that a bus never provisioned is still said so quickly.
     */
    static List<PartitionInfo> partitionsOfKeys(KafkaConsumer<String, byte[]> consumer, Duration timeout) {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), NEW_TOPIC_GRACE.toNanos());
        while (true) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.KEYS, timeout);
            if ((partitions != null && !partitions.isEmpty()) || System.nanoTime() > deadline) {
                return partitions == null ? List.of() : partitions;
            }
            try {
                Thread.sleep(METADATA_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /** Why the first read of the directory failed, in one line. */
    KeyDirectoryException refusal(KafkaException e, Duration timeout) {
        if (e instanceof AuthorizationException) {
            return new KeyDirectoryException(principal() + " may not read the key directory " + Topics.KEYS
                    + " (provision the bus from the current agreement: ./ddrr provision apply)");
        }
        if (e instanceof SslAuthenticationException) {
            // A failed TLS handshake is no refused login: the line names the CA that did not match.
            return new KeyDirectoryException(
                    "cannot connect to Kafka at " + bootstrap() + ": "
                            + CaTrust.explain(e, trustStore()).orElse(OneLine.first(e.getMessage(), 200)),
                    e);
        }
        if (e instanceof AuthenticationException) {
            return new KeyDirectoryException(
                    "the bus at " + bootstrap() + " refused the login of " + principal() + ": " + e.getMessage());
        }
        if (e instanceof TimeoutException) {
            return new KeyDirectoryException("cannot reach the bus at " + bootstrap() + " to read the key directory"
                    + " within " + timeout.toSeconds() + " s: is it running, and reachable from here?");
        }
        return new KeyDirectoryException(
                "cannot read the key directory " + Topics.KEYS + ": " + OneLine.first(e.getMessage(), 200));
    }

    String bootstrap() {
        return String.valueOf(clientProperties.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    private String trustStore() {
        return String.valueOf(
                clientProperties.getOrDefault(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, "the trust store given"));
    }

    private String principal() {
        return principalIn(clientProperties).orElse("this principal");
    }

    private static Optional<String> principalIn(Map<String, Object> client) {
        Object jaas = client.get("sasl.jaas.config");
        if (jaas != null) {
            Matcher matcher = USERNAME.matcher(jaas.toString());
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }
}
