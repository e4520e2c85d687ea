package org.ddrrbus.auditor.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.home.HomeLayout;
import org.ddrrbus.client.spring.KafkaEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionOptionsTest {

    @TempDir
    Path data;

    @BeforeEach
    void noEnvironmentOverrides() {
        assumeTrue(
                KafkaEnvironment.env(KafkaEnvironment.BOOTSTRAP).isEmpty()
                        && KafkaEnvironment.env(KafkaEnvironment.PASSWORD).isEmpty(),
                "KAFKA_BOOTSTRAP or KAFKA_PASSWORD is set in this environment, and would win");
    }

    /** ./ddrr up on other ports than the usual ones: ./ddrr audit with only --data-dir still finds the bus. */
    @Test
    void theAuditorFindsTheBusItsNodeHomeWasMadeFor() throws IOException {
        Path home = HomeLayout.homeIn(data, "auditor");
        Files.createDirectories(home);
        Files.writeString(
                home.resolve(HomeLayout.NODE_PROPERTIES),
                "agency=auditor\nbootstrap.servers=127.0.0.1:39093\nsecurity.protocol=SASL_PLAINTEXT\n");
        Files.writeString(
                home.resolve(HomeLayout.CLIENT_PROPERTIES),
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"auditor\" password=\"s3cret-enough\";\n");

        Connection connection = options().connection(AgreementLoader.loadDefault());

        assertThat(connection.bootstrapServers()).isEqualTo("127.0.0.1:39093");
        assertThat(connection.principal()).isEqualTo("auditor");
    }

    /** The auditor's home holds no Kafka client file, only its password (finding 8 of the security review). */
    @Test
    void theAuditorFindsItsPasswordInAHomeWithoutAClientFile() throws IOException {
        Path home = HomeLayout.homeIn(data, "auditor");
        Files.createDirectories(home);
        Files.writeString(
                home.resolve(HomeLayout.NODE_PROPERTIES),
                "agency=auditor\nbootstrap.servers=127.0.0.1:39093\nsecurity.protocol=SASL_PLAINTEXT\n");
        Files.writeString(home.resolve(HomeLayout.AUDITOR_LOGIN), "password=s3cret-enough\n");

        Connection connection = options().connection(AgreementLoader.loadDefault());

        assertThat(connection.password()).isEqualTo("s3cret-enough");
    }

    @Test
    void withoutAHomeTheUsualAddressIsTried() {
        ConnectionOptions options = options();
        options.password = "given-on-the-line";

        assertThat(options.connection(AgreementLoader.loadDefault()).bootstrapServers())
                .isEqualTo("127.0.0.1:9092");
    }

    private ConnectionOptions options() {
        ConnectionOptions options = new ConnectionOptions();
        options.dataDir = data;
        options.timeoutSeconds = 15;
        options.user = "reviewer";
        return options;
    }
}
