package org.ddrrbus.launcher.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ddrrbus.broker.tls.BrokerTls;
import org.ddrrbus.provisioning.Credentials;

/**
 * The data directory of a running system ({@code ./data}): the broker's logs, the exchange's state, and the generated
 * passwords of the Kafka principals and of the staff accounts. Deleting it starts a new, empty bus.
 */
public record Workspace(Path dataDir) {

    public Credentials credentials() {
        return Credentials.at(dataDir.resolve("credentials.properties"));
    }

    public StaffAccounts staff() {
        return StaffAccounts.at(staffFile(dataDir));
    }

    /** Where the staff's passwords are kept. */
    public static Path staffFile(Path dataDir) {
        return dataDir.resolve("staff.properties");
    }

    /** Signing keys: {@code private/} (each component's own, owner-only) and {@code directory.pub} (the trust anchor). */
    public Path keysDir() {
        return dataDir.resolve("keys");
    }

    /** The bus CA's certificate, which every client of the embedded broker trusts (the key beside it is secret). */
    public Path caCertificate() {
        return BrokerTls.caCertificate(dataDir);
    }

    public boolean exists() {
        return Files.isDirectory(dataDir.resolve("kafka"));
    }

    /** The agreement in {@code config/} of the working directory when there is one, else the copy shipped with the bus. */
    public static Optional<Path> agreementFile() {
        Path file = Path.of("config", "sharing-agreement.yaml");
        return Files.isRegularFile(file) ? Optional.of(file.toAbsolutePath()) : Optional.empty();
    }
}
