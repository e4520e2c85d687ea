package org.ddrrbus.launcher.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.launcher.partner.Enrolment;
import org.ddrrbus.launcher.system.KafkaClientFile;
import org.ddrrbus.launcher.system.PrivateFiles;

/** How a node home keeps its Kafka login: the files it writes from an enrolment, and follows when the home moves. */
final class HomeLogin {

    /** Where {@code client.properties} names the bus CA's certificate. */
    private static final String TRUSTSTORE_LOCATION = "ssl.truststore.location";

    private HomeLogin() {}

    /**
     * The agency's Kafka login: a client file, or for an auditor of the agreement only its password. An auditor reads
     * every inbox; a client file that Kafka's console tools take as-is would invite reading around {@code ./ddrr audit},
     * which records every run in {@code ddrr.audit-access} before it reads (the broker's read log records both).
     */
    static void write(NodeHome home, Enrolment enrolment) {
        boolean auditor = enrolment.sharingAgreement().agenciesWith(Role.AUDITOR).stream()
                .anyMatch(a -> a.id().equals(enrolment.agency()));
        if (!auditor) {
            writeClientProperties(home, enrolment.password());
            return;
        }
        Properties login = new Properties();
        login.setProperty("password", enrolment.password());
        Path file = home.dir().resolve(NodeHome.AUDITOR_LOGIN);
        try {
            if (!Files.exists(file)) {
                // Owner-only from the start, not only once the home is tightened.
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                login.store(
                        out,
                        " The Kafka password of " + enrolment.agency() + ", for ./ddrr audit only; no client file.");
            }
            // Made by an earlier version: the auditor keeps no ready client file.
            Files.deleteIfExists(home.dir().resolve(NodeHome.CLIENT_PROPERTIES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** See {@link NodeHome#followMove()}. */
    static boolean followMove(NodeHome home) {
        Path client = home.dir().resolve(NodeHome.CLIENT_PROPERTIES);
        if (!Files.isRegularFile(client) || !Files.isRegularFile(home.caFile())) {
            return false;
        }
        String named =
                HomeFiles.load(client).getProperty(TRUSTSTORE_LOCATION, "").strip();
        if (!named.isEmpty() && Path.of(named).toAbsolutePath().normalize().equals(home.caFile())) {
            return false;
        }
        writeClientProperties(home, home.password());
        PrivateFiles.tighten(home.dir());
        return true;
    }

    private static void writeClientProperties(NodeHome home, String password) {
        NodeHome.Settings settings = home.settings();
        new KafkaClientFile(
                        settings.agency(),
                        password,
                        settings.bootstrapServers(),
                        settings.securityProtocol(),
                        Files.isRegularFile(home.caFile()) ? Optional.of(home.caFile()) : Optional.empty())
                .write(home.dir().resolve(NodeHome.CLIENT_PROPERTIES));
    }
}
