package org.ddrrbus.launcher.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.ddrrbus.client.login.SaslLogin;
import org.ddrrbus.client.spring.KafkaEnvironment;
import org.ddrrbus.client.start.StartRefused;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.provisioning.TopicLayout;

/**
 * An existing Kafka cluster named by {@code KAFKA_BOOTSTRAP}, instead of the embedded broker. Provisioning it needs a
 * super user ({@code KAFKA_ADMIN_USER}, {@code KAFKA_ADMIN_PASSWORD}); topics get replication factor 3 and
 * min.insync.replicas 2 unless {@code KAFKA_REPLICATION_FACTOR} says otherwise. The super user may log in with
 * {@code PLAIN} ({@code KAFKA_ADMIN_SASL_MECHANISM}), as on a cluster whose SCRAM users do not exist yet.
 */
public record Cluster(
        String bootstrapServers,
        String securityProtocol,
        String adminMechanism,
        String adminUser,
        String adminPassword,
        TopicLayout layout) {

    public static Optional<Cluster> fromEnvironment() {
        if (!named(System.getenv())) {
            return Optional.empty();
        }
        String bootstrap = System.getenv(KafkaEnvironment.BOOTSTRAP);
        String protocol =
                Optional.ofNullable(System.getenv("KAFKA_SECURITY_PROTOCOL")).orElse("SASL_PLAINTEXT");
        String user = Optional.ofNullable(System.getenv("KAFKA_ADMIN_USER")).orElse("admin");
        String password = System.getenv("KAFKA_ADMIN_PASSWORD");
        if (password == null || password.isBlank()) {
            throw new IllegalStateException(
                    "KAFKA_BOOTSTRAP is set but KAFKA_ADMIN_PASSWORD is not: provisioning needs the cluster's super user");
        }
        int replication = replicationFactor(System.getenv());
        TopicLayout layout = replication >= 3
                ? new TopicLayout(3, (short) replication, Optional.of(2))
                : new TopicLayout(3, (short) replication, Optional.empty());
        String mechanism =
                Optional.ofNullable(System.getenv("KAFKA_ADMIN_SASL_MECHANISM")).orElse("SCRAM-SHA-512");
        return Optional.of(new Cluster(bootstrap, protocol, mechanism, user, password, layout));
    }

    /** Whether the environment names a cluster ({@code KAFKA_BOOTSTRAP}) rather than leaving the embedded broker. */
    public static boolean named(Map<String, String> env) {
        String bootstrap = env.get(KafkaEnvironment.BOOTSTRAP);
        return bootstrap != null && !bootstrap.isBlank();
    }

    /**
     * The replication factor of every topic the bus makes, the exchange's and the dashboard's Kafka Streams changelogs
     * included: {@code KAFKA_REPLICATION_FACTOR} (3 unless set) on a cluster named by {@code KAFKA_BOOTSTRAP}, 1 on the
     * embedded broker. A changelog with one replica would lose the exchange's replay guard or the dashboard's figures
     * with one broker.
     */
    public static int replicationFactor(Map<String, String> env) {
        if (!named(env)) {
            return 1;
        }
        String value = Optional.ofNullable(env.get("KAFKA_REPLICATION_FACTOR")).orElse("3");
        try {
            int replication = Integer.parseInt(value.trim());
            if (replication >= 1) {
                return replication;
            }
        } catch (NumberFormatException e) {
            // refused below, in one line
        }
        throw new IllegalArgumentException(
                "KAFKA_REPLICATION_FACTOR must be a whole number of at least 1, not '" + value + "'");
    }

    /**
     * The super user of the embedded broker of {@code ./ddrr up}, whose password its data folder keeps, over TLS
     * trusting the bus CA's certificate {@code caCertificate}.
     */
    public static Map<String, Object> embeddedAdmin(String bootstrapServers, String adminPassword, Path caCertificate) {
        if (!Files.isRegularFile(caCertificate)) {
            throw new StartRefused("no bus CA certificate at " + caCertificate + ": run where ./ddrr up keeps its data"
                    + " (--data), or give --ca FILE");
        }
        Map<String, Object> props = new Cluster(
                        bootstrapServers, "SASL_SSL", "SCRAM-SHA-512", "admin", adminPassword, TopicLayout.singleNode())
                .adminProperties();
        props.keySet().removeIf(key -> key.startsWith("ssl.truststore."));
        props.putAll(CaTrust.settings(caCertificate));
        return props;
    }

    public Map<String, Object> adminProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        props.put(SaslConfigs.SASL_MECHANISM, adminMechanism);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, SaslLogin.jaas(adminMechanism, adminUser, adminPassword));
        props.putAll(KafkaEnvironment.tlsTrust());
        return props;
    }
}
