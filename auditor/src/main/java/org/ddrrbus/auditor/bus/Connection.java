package org.ddrrbus.auditor.bus;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ddrrbus.client.login.SaslLogin;

/**
 * How the auditor reaches Kafka and who it is there.
 *
 * @param principal the Kafka user, normally {@code auditor}
 * @param user the staff login of the person running the command, recorded with every read
 * @param keysDir {@code private/} with the auditor's own key, to sign the access log with, and {@code directory.pub},
 *     the operator's directory key, to trust the key directory every signature is verified against
 * @param tls extra client settings for {@code SASL_SSL}, e.g. {@code ssl.truststore.location}
 */
public record Connection(
        String bootstrapServers,
        String securityProtocol,
        String principal,
        String password,
        String user,
        Path keysDir,
        Duration timeout,
        Map<String, Object> tls) {

    public Connection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(securityProtocol, "securityProtocol");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(keysDir, "keysDir");
        Objects.requireNonNull(timeout, "timeout");
        tls = Map.copyOf(tls);
    }

    public Map<String, Object> kafkaProperties() {
        Map<String, Object> props = new HashMap<>(tls);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        if (securityProtocol.startsWith("SASL")) {
            props.putAll(SaslLogin.settings(SaslLogin.SCRAM, principal, password));
        }
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "ddrr-auditor");
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        return props;
    }

    /**
     * A consumer that belongs to no group: the auditor has no group ACL, assigns partitions itself and never commits,
     * so it can neither disturb a service's group nor leave a trace of its position. It reads committed records only,
     * as the agencies do, so it never shows a delivery whose transaction aborted.
     */
    public KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = kafkaProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A producer for the access log: acknowledged by every in-sync replica before the command reads anything. */
    public KafkaProducer<String, byte[]> producer() {
        Map<String, Object> props = kafkaProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        int request = (int) Math.min(timeout.toMillis(), 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, request);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, request + 1_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public String toString() {
        return "Connection[" + principal + "@" + bootstrapServers + ", " + securityProtocol + "]";
    }
}
