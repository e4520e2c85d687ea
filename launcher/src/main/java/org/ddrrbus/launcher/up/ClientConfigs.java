package org.ddrrbus.launcher.up;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.launcher.system.Connection;

/**
 * Kafka client configuration files, one per agency, for tools that are not part of the bus (Kafka's own console
 * consumer, a partner's own client): {@code --consumer.config data/clients/iom.properties}. Each is a
 * {@link org.ddrrbus.launcher.system.KafkaClientFile}: over TLS it trusts the bus CA, and its group is one the ACLs allow.
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
                connection.clientFile(agency.id()).write(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write client configurations to " + dir, e);
        }
    }
}
