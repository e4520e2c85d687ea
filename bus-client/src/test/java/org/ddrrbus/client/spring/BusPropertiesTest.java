package org.ddrrbus.client.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ddrrbus.client.start.StartRefused;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BusPropertiesTest {

    @TempDir
    Path dir;

    private static BusProperties of(String securityProtocol, String caCertificate) {
        return new BusProperties(
                "iom",
                "secret",
                "bus.example.org:9092",
                securityProtocol,
                "SCRAM-SHA-512",
                "",
                "keys",
                caCertificate,
                Map.of());
    }

    @Test
    void aCaCertificateMakesTheClientTrustItOverSaslSsl() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");

        Map<String, Object> props = of(null, ca.toString()).kafkaClientProperties();

        assertThat(props)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", ca.toAbsolutePath().toString())
                .doesNotContainKey("ssl.truststore.password");
    }

    @Test
    void anExplicitProtocolStands() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "x");

        assertThat(of("SASL_PLAINTEXT", ca.toString()).securityProtocol()).isEqualTo("SASL_PLAINTEXT");
    }

    @Test
    void withoutACaNothingIsTrustedButWhatTheEnvironmentSays() {
        Map<String, Object> props = of(null, "").kafkaClientProperties();

        assertThat(props)
                .containsEntry(
                        "security.protocol",
                        KafkaEnvironment.env(KafkaEnvironment.SECURITY_PROTOCOL).orElse("SASL_PLAINTEXT"));
        assertThat(props).containsAllEntriesOf(KafkaEnvironment.tlsTrust());
    }

    @Test
    void aMissingCaCertificateIsOneLine() {
        Path missing = dir.resolve("nowhere/ca.crt");

        assertThatThrownBy(() -> of(null, missing.toString()).kafkaClientProperties())
                .isInstanceOf(StartRefused.class)
                .hasMessage("the bus CA certificate " + missing.toAbsolutePath()
                        + " does not exist: ask the bus operator for ca.crt");
    }

    @Test
    void aMistypedProtocolMechanismOrPrincipalIsRefusedAtStartNamingTheSetting() {
        BusProperties mistyped = new BusProperties(
                "IOM agency", "secret", "bus.example.org:9092", "SASL-SSL", "SCRAM", "", "keys", "", Map.of());

        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            assertThat(factory.getValidator().validate(mistyped))
                    .extracting(violation -> violation.getPropertyPath().toString())
                    .containsExactlyInAnyOrder("principal", "securityProtocol", "saslMechanism");
            assertThat(factory.getValidator().validate(of("SASL_SSL", ""))).isEmpty();
        }
    }
}
