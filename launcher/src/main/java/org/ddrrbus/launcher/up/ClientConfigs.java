package org.ddrrbus.launcher.up;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.launcher.system.Connection;

/**
 * Kafka client configuration files, one per agency, for tools that are not part of the bus (Kafka's own console
 * consumer, a partner's own client): {@code --consumer.config data/clients/iom.properties}.
 *
 * <p>Not for the auditor. Its principal may read every inbox, and what keeps that honest is that every read is
 * recorded; a ready-made file would invite reading with tools that record nothing in {@code ddrr.audit-access}.
 * {@code ./ddrr audit} finds the auditor's password by itself, and the broker records any read made otherwise.
 */
final class ClientConfigs {

    private ClientConfigs() {}

    static void write(Path dir, Connection connection, SharingAgreement agreement) {
        try {
            Files.createDirectories(dir);
            for (Agency agency : agreement.agencies().values()) {
                Path file = dir.resolve(agency.id() + ".properties");
                if (agency.has(Role.AUDITOR)) {
                    // An earlier version wrote one; a file left behind would still hand the password out.
                    Files.deleteIfExists(file);
                    continue;
                }
                Files.writeString(file, """
                        # Kafka client settings of %s on this bus. Keep secret.
                        bootstrap.servers=%s
                        security.protocol=%s
                        sasl.mechanism=SCRAM-SHA-512
                        sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";
                        isolation.level=read_committed
                        """.formatted(
                                agency.id(),
                                connection.bootstrapServers(),
                                connection.securityProtocol(),
                                agency.id(),
                                connection.credentials().passwordFor(agency.id())));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write client configurations to " + dir, e);
        }
    }
}
