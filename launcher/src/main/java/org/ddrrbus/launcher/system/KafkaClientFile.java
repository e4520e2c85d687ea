package org.ddrrbus.launcher.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.ddrrbus.client.login.SaslLogin;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.client.topic.Components;

/**
 * Kafka client settings that log in as one agency, for tools that are not part of the bus: Kafka's own console
 * consumer ({@code --consumer.config FILE}), a partner's own client. It holds the agency's password: the file is its
 * owner's alone.
 *
 * @param caCertificate the bus CA's certificate, trusted as a PEM trust store when the bus speaks TLS
 */
public record KafkaClientFile(
        String agency,
        String password,
        String bootstrapServers,
        String securityProtocol,
        Optional<Path> caCertificate) {

    /** The consumer group the file's tools join: inside the agency's own prefix, which its ACLs allow. */
    public String groupId() {
        return Components.groupPrefix(agency) + "console";
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        text.append("# Kafka client settings of ").append(agency).append(" on this bus. Keep secret.\n");
        text.append("bootstrap.servers=").append(bootstrapServers).append('\n');
        text.append("security.protocol=").append(securityProtocol).append('\n');
        text.append("sasl.mechanism=").append(SaslLogin.SCRAM).append('\n');
        // A properties file reads a backslash as an escape: double each one the JAAS line holds.
        text.append("sasl.jaas.config=")
                .append(SaslLogin.scram(agency, password).replace("\\", "\\\\"))
                .append('\n');
        caCertificate.ifPresent(ca -> {
            text.append("ssl.truststore.type=").append(CaTrust.PEM).append('\n');
            text.append("ssl.truststore.location=")
                    .append(ca.toAbsolutePath().toString().replace("\\", "\\\\"))
                    .append('\n');
        });
        text.append("group.id=").append(groupId()).append('\n');
        text.append("isolation.level=read_committed\n");
        return text.toString();
    }

    /** Writes the file, readable by its owner only from its first byte. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                try {
                    Files.createFile(
                            file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(file);
                }
            }
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system.
            }
            Files.writeString(file, text(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka client settings " + file, e);
        }
    }
}
