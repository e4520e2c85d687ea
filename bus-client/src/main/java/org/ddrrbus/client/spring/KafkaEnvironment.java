package org.ddrrbus.client.spring;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Kafka settings a deployment gives through the environment rather than files: TLS trust for {@code SASL_SSL}, and a
 * shared credentials file written by the provisioner, so a container needs no password of its own in its definition.
 */
public final class KafkaEnvironment {

    public static final String BOOTSTRAP = "KAFKA_BOOTSTRAP";
    public static final String PASSWORD = "KAFKA_PASSWORD";
    public static final String SECURITY_PROTOCOL = "KAFKA_SECURITY_PROTOCOL";
    public static final String CREDENTIALS_FILE = "KAFKA_CREDENTIALS_FILE";
    public static final String TRUSTSTORE_LOCATION = "KAFKA_SSL_TRUSTSTORE_LOCATION";
    public static final String TRUSTSTORE_PASSWORD = "KAFKA_SSL_TRUSTSTORE_PASSWORD";
    public static final String TRUSTSTORE_TYPE = "KAFKA_SSL_TRUSTSTORE_TYPE";

    private KafkaEnvironment() {}

    /** {@code ssl.truststore.*} from {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, {@code _PASSWORD} and {@code _TYPE}. */
    public static Map<String, Object> tlsTrust() {
        Map<String, Object> props = new HashMap<>();
        env(TRUSTSTORE_LOCATION).ifPresent(v -> props.put("ssl.truststore.location", v));
        env(TRUSTSTORE_PASSWORD).ifPresent(v -> props.put("ssl.truststore.password", v));
        env(TRUSTSTORE_TYPE).ifPresent(v -> props.put("ssl.truststore.type", v));
        return props;
    }

    /** The principal's password from the file named by {@code KAFKA_CREDENTIALS_FILE} ({@code principal=password} lines). */
    public static Optional<String> passwordFromCredentialsFile(String principal) {
        Optional<String> location = env(CREDENTIALS_FILE);
        if (location.isEmpty() || !Files.isRegularFile(Path.of(location.get()))) {
            return Optional.empty();
        }
        Properties credentials = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(location.get()), StandardCharsets.UTF_8)) {
            credentials.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read KAFKA_CREDENTIALS_FILE " + location.get(), e);
        }
        return Optional.ofNullable(credentials.getProperty(principal));
    }

    public static Optional<String> env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
