package org.ddrrbus.client.spring;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.login.SaslLogin;
import org.ddrrbus.client.tls.CaTrust;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a component reaches the bus. The defaults work against the embedded broker of {@code ./ddrr up}; the
 * environment variables {@code KAFKA_BOOTSTRAP}, {@code KAFKA_PASSWORD} (or {@code KAFKA_CREDENTIALS_FILE}),
 * {@code KAFKA_SECURITY_PROTOCOL} and {@code KAFKA_SSL_TRUSTSTORE_*} point a component at any other cluster without
 * touching its configuration files.
 *
 * @param principal the Kafka user this component logs in as (an agency id, {@code exchange} or {@code dashboard})
 * @param password its SCRAM password
 * @param bootstrapServers where the brokers are
 * @param securityProtocol {@code SASL_SSL} when a CA certificate is given (as {@code ./ddrr up} does),
 *     {@code SASL_PLAINTEXT} otherwise, unless set or given by {@code KAFKA_SECURITY_PROTOCOL}
 * @param agreement path of the sharing agreement file; the copy shipped with the bus when empty
 * @param keysDir this component's keys folder: {@code private/} holds its own signing keys (made on its node, never
 *     sent anywhere), {@code directory.pub} the operator's directory key, the trust anchor of the key directory that
 *     every public key is learnt from
 * @param caCertificate path of the bus CA's certificate (PEM) that the broker's certificate must be signed by; when set
 *     it is the client's only trust ({@code ssl.truststore.type=PEM}), and {@code KAFKA_SSL_TRUSTSTORE_*} are ignored
 * @param clientProperties any further Kafka client settings
 */
@ConfigurationProperties("ddrr.bus")
@Validated
public record BusProperties(
        @DefaultValue("")
        @Pattern(regexp = "|[a-z][a-z0-9-]{0,63}", message = "is an agency or component id like iom or exchange")
        String principal,

        String password,
        @NotBlank String bootstrapServers,

        @Pattern(
                regexp = "SASL_SSL|SASL_PLAINTEXT|SSL|PLAINTEXT",
                message = "must be SASL_SSL, SASL_PLAINTEXT, SSL or PLAINTEXT")
        String securityProtocol,

        @DefaultValue("SCRAM-SHA-512")
        @Pattern(
                regexp = "SCRAM-SHA-512|SCRAM-SHA-256|PLAIN",
                message = "must be SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN")
        String saslMechanism,

        @DefaultValue("") String agreement,
        @DefaultValue("data/keys") String keysDir,
        @DefaultValue("") String caCertificate,
        Map<String, String> clientProperties) {

    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    public BusProperties {
        bootstrapServers = orEnv(bootstrapServers, KafkaEnvironment.BOOTSTRAP, DEFAULT_BOOTSTRAP);
        password = orEnv(password, KafkaEnvironment.PASSWORD, "");
        if (password.isBlank() && principal != null && !principal.isBlank()) {
            password = KafkaEnvironment.passwordFromCredentialsFile(principal).orElse("");
        }
        caCertificate = caCertificate == null ? "" : caCertificate;
        securityProtocol = orEnv(
                securityProtocol,
                KafkaEnvironment.SECURITY_PROTOCOL,
                caCertificate.isBlank() ? "SASL_PLAINTEXT" : "SASL_SSL");
        clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
    }

    /** Where this component's own private signing keys are. */
    public Path privateKeysDir() {
        return Path.of(keysDir).resolve("private");
    }

    /** The operator's directory key, which every statement of the key directory must be signed with. */
    public Path directoryAnchorFile() {
        return Path.of(keysDir).resolve(DirectoryAnchor.FILE_NAME);
    }

    /** The bus CA's certificate this component trusts, when given. */
    public Optional<Path> caCertificateFile() {
        return caCertificate.isBlank() ? Optional.empty() : Optional.of(Path.of(caCertificate));
    }

    public Optional<Path> agreementFile() {
        return agreement.isBlank() ? Optional.empty() : Optional.of(Path.of(agreement));
    }

    /** Kafka client settings that log in as this component's principal. */
    public Map<String, Object> kafkaClientProperties() {
        if (principal.isBlank()) {
            throw new IllegalStateException("ddrr.bus.principal is not set: which agency or component is this?");
        }
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        if (securityProtocol.startsWith("SASL")) {
            props.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
            props.put(SaslConfigs.SASL_JAAS_CONFIG, SaslLogin.jaas(saslMechanism, principal, password));
        }
        Optional<Path> ca = caCertificateFile();
        if (ca.isPresent()) {
            props.putAll(CaTrust.settings(ca.get()));
        } else {
            KafkaEnvironment.tlsTrust().forEach(props::putIfAbsent);
        }
        props.putAll(clientProperties);
        return props;
    }

    private static String orEnv(String value, String variable, String fallback) {
        if (value != null && !value.isBlank()) {
            return value;
        }
        String fromEnv = System.getenv(variable);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : fallback;
    }

    @Override
    public String toString() {
        return "BusProperties[principal=" + principal + ", bootstrapServers=" + bootstrapServers + ", securityProtocol="
                + securityProtocol + (caCertificate.isBlank() ? "" : ", caCertificate=" + caCertificate) + "]";
    }
}
