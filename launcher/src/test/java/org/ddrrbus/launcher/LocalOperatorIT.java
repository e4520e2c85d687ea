package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.broker.FreePorts;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.KeyRegistrar;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.launcher.keys.LocalOperator;
import org.ddrrbus.provisioning.Credentials;
import org.ddrrbus.provisioning.DesiredState;
import org.ddrrbus.provisioning.Provisioner;
import org.ddrrbus.provisioning.TopicLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./ddrr up} does as the operator of its own components, on a real broker: the directory key kept apart,
 * its public half given to the components, every component's key registered once, and a key made before the key
 * directory existed registered from when it was made, so the events it signed then still verify.
 */
class LocalOperatorIT {

    @Test
    void upRegistersEveryComponentsKeyOnceAndKeepsTheDirectoryKeyApart(@TempDir Path data) throws Exception {
        SharingAgreement agreement = AgreementLoader.loadDefault();
        Path keys = data.resolve("keys");
        // A key of iom from before the key directory, in the layout of that time.
        SigningKey legacy = SigningKey.generate("iom");
        legacy.write(keys.resolve("private").resolve("iom.key"));
        Instant madeAt = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Files.setLastModifiedTime(keys.resolve("private").resolve("iom.key"), FileTime.from(madeAt));
        try (EmbeddedBroker broker = new EmbeddedBroker(
                                new BrokerSettings(data, FreePorts.next(), FreePorts.next(), Credentials.generate(24)))
                        .start();
                Admin admin = Admin.create(broker.adminClientProperties())) {
            new Provisioner(admin, DesiredState.from(agreement, TopicLayout.singleNode()), Credentials.inMemory())
                    .applyAgreement(false);

            StringWriter first = new StringWriter();
            List<RegisteredKey> registered = LocalOperator.registerLocalKeys(
                    broker.adminClientProperties(), data, keys, agreement, new PrintWriter(first));
            StringWriter second = new StringWriter();
            List<RegisteredKey> again = LocalOperator.registerLocalKeys(
                    broker.adminClientProperties(), data, keys, agreement, new PrintWriter(second));

            assertThat(registered)
                    .extracting(RegisteredKey::principal)
                    .containsExactlyInAnyOrderElementsOf(KeyRegistrar.principalsOf(agreement));
            assertThat(first.toString())
                    .isEqualTo("Registered " + registered.size() + " signing key(s) in the key directory."
                            + System.lineSeparator());
            assertThat(again).isEqualTo(registered);
            assertThat(second.toString()).isEmpty();
            assertThat(registered)
                    .filteredOn(key -> key.keyId().equals(legacy.keyId()))
                    .singleElement()
                    .extracting(RegisteredKey::validFrom)
                    .isEqualTo(madeAt);
        }
        Path directoryKey = data.resolve("operator").resolve("directory.key");
        assertThat(Files.getPosixFilePermissions(directoryKey)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(DirectoryAnchor.read(keys.resolve(DirectoryAnchor.FILE_NAME)).keyId())
                .startsWith("directory/");
        String secret = Files.readString(directoryKey).trim();
        try (Stream<Path> files = Files.walk(keys)) {
            assertThat(files.filter(Files::isRegularFile).toList())
                    .as("no component's folder holds the directory key")
                    .allSatisfy(file -> assertThat(Files.readString(file)).doesNotContain(secret));
        }
    }
}
