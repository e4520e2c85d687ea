package org.ddrrbus.launcher.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.launcher.system.Connection;
import org.ddrrbus.provisioning.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigsTest {

    private final SharingAgreement agreement = AgreementLoader.loadDefault();
    private final Credentials credentials = Credentials.inMemory();

    @TempDir
    Path data;

    private void write() {
        Connection connection =
                new Connection("127.0.0.1:9092", "SASL_PLAINTEXT", credentials, Optional.empty(), data.resolve("keys"));
        ClientConfigs.write(data.resolve("clients"), connection, agreement);
    }

    @Test
    void everyAgencyButTheAuditorGetsAClientFile() throws Exception {
        write();

        assertThat(data.resolve("clients/iom.properties"))
                .content()
                .contains("username=\"iom\" password=\"" + credentials.passwordFor("iom") + "\"");
        assertThat(data.resolve("clients/embassy-dk.properties")).exists();
        assertThat(data.resolve("clients/auditor.properties")).doesNotExist();
        try (var files = Files.list(data.resolve("clients"))) {
            for (Path file : files.toList()) {
                assertThat(file).content().doesNotContain(credentials.passwordFor("auditor"));
            }
        }
    }

    @Test
    void overTlsTheFileTrustsTheBusCaAndJoinsAGroupTheAclsAllow() throws Exception {
        Path ca = data.resolve("operator/ca/ca.crt");
        Connection connection = new Connection(
                "bus.example.org:9092",
                "SASL_SSL",
                credentials,
                Optional.empty(),
                data.resolve("keys"),
                Optional.of(ca));
        ClientConfigs.write(data.resolve("clients"), connection, agreement);

        java.util.Properties file = new java.util.Properties();
        try (var in = Files.newBufferedReader(data.resolve("clients/iom.properties"))) {
            file.load(in);
        }
        assertThat(file)
                .containsEntry("bootstrap.servers", "bus.example.org:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", ca.toAbsolutePath().toString())
                .containsEntry("group.id", org.ddrrbus.client.topic.Components.groupPrefix("iom") + "console");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(data.resolve("clients/iom.properties"))))
                .isEqualTo("rw-------");
    }

    @Test
    void theOperatorsCaIsWhereEveryClientOfTheCommandLineLooksForIt() {
        assertThat(new org.ddrrbus.launcher.system.Workspace(data).caCertificate())
                .isEqualTo(data.resolve("operator").resolve("ca").resolve("ca.crt"));
    }

    @Test
    void auditorFileLeftByAnEarlierVersionIsRemoved() throws Exception {
        Files.createDirectories(data.resolve("clients"));
        Files.writeString(data.resolve("clients/auditor.properties"), "sasl.jaas.config=... password=\"old\";");

        write();

        assertThat(data.resolve("clients/auditor.properties")).doesNotExist();
    }
}
