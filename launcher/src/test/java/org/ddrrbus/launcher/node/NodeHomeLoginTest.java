package org.ddrrbus.launcher.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.home.HomeLayout;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.launcher.partner.Enrolment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 8 of the security review: the auditor's home holds no Kafka client file that Kafka's console tools take
 * as-is, only its password for {@code ./ddrr audit}; a partner's home keeps its client file.
 */
class NodeHomeLoginTest {

    @TempDir
    Path dir;

    private static Enrolment enrolment(String agency, String password) throws IOException {
        String agreement;
        try (InputStream in = AgreementLoader.class.getResourceAsStream("/sharing-agreement.yaml")) {
            agreement = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Enrolment(
                agency,
                "127.0.0.1:39092",
                "SASL_PLAINTEXT",
                password,
                Optional.empty(),
                DirectoryKey.generate().anchor(),
                agreement,
                Optional.empty());
    }

    @Test
    void theAuditorsHomeHoldsItsPasswordButNoClientFile() throws IOException {
        NodeHome home = new NodeHome(dir.resolve("auditor"));

        home.write(enrolment("auditor", "AuditorPassword0123456789"));

        assertThat(home.dir().resolve(HomeLayout.CLIENT_PROPERTIES)).doesNotExist();
        Path login = home.dir().resolve(HomeLayout.AUDITOR_LOGIN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(login)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(login)).doesNotContain("sasl.jaas.config").doesNotContain("bootstrap");
        assertThat(home.password()).isEqualTo("AuditorPassword0123456789");
        assertThat(HomeLayout.password(home.dir())).contains("AuditorPassword0123456789");
        assertThat(home.loginFile()).isEqualTo(login);
    }

    @Test
    void aClientFileLeftInTheAuditorsHomeByAnEarlierVersionIsRemovedWhenTheHomeIsRefreshed() throws IOException {
        NodeHome home = new NodeHome(dir.resolve("auditor"));
        Files.createDirectories(home.dir());
        Files.writeString(home.dir().resolve(HomeLayout.CLIENT_PROPERTIES), "sasl.jaas.config=old\n");

        home.write(enrolment("auditor", "AuditorPassword0123456789"));
        home.takePassword(enrolment("auditor", "AuditorPassword9876543210"));

        assertThat(home.dir().resolve(HomeLayout.CLIENT_PROPERTIES)).doesNotExist();
        assertThat(home.password()).isEqualTo("AuditorPassword9876543210");
    }

    @Test
    void aPartnersHomeKeepsItsClientFile() throws IOException {
        NodeHome home = new NodeHome(dir.resolve("iom"));

        home.write(enrolment("iom", "IomPassword0123456789xyz"));

        assertThat(home.dir().resolve(HomeLayout.AUDITOR_LOGIN)).doesNotExist();
        assertThat(Files.readString(home.dir().resolve(HomeLayout.CLIENT_PROPERTIES)))
                .contains("sasl.jaas.config")
                .contains("IomPassword0123456789xyz");
        assertThat(home.password()).isEqualTo("IomPassword0123456789xyz");
    }

    @Test
    void aHomeRestoredIntoAnotherFolderNamesItsOwnCaCertificateAgain() throws IOException {
        NodeHome home = new NodeHome(dir.resolve("old").resolve("node"));
        Enrolment tls = new Enrolment(
                "iom",
                "10.0.0.5:9092",
                "SASL_SSL",
                "IomPassword0123456789xyz",
                Optional.of("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
                DirectoryKey.generate().anchor(),
                enrolment("iom", "unused").agreement(),
                Optional.empty());
        home.write(tls);
        assertThat(home.followMove()).as("a home where it was made").isFalse();

        Path restored = Files.createDirectories(dir.resolve("new")).resolve("node");
        Files.move(home.dir(), restored);
        NodeHome moved = new NodeHome(restored);

        assertThat(moved.followMove()).isTrue();
        assertThat(moved.kafkaClientProperties())
                .containsEntry(
                        "ssl.truststore.location",
                        restored.resolve(HomeLayout.CA_CERTIFICATE).toString())
                .containsEntry("bootstrap.servers", "10.0.0.5:9092");
        assertThat(moved.password()).isEqualTo("IomPassword0123456789xyz");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(restored.resolve(HomeLayout.CLIENT_PROPERTIES))))
                .isEqualTo("rw-------");
        assertThat(moved.followMove()).as("once is enough").isFalse();
    }
}
