package org.ddrrbus.launcher.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ddrrbus.broker.tls.BrokerTls;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.home.HomeLayout;
import org.ddrrbus.provisioning.Credentials;

/**
 * The data directory of a running system ({@code ./data}), split by trust domain: {@code kafka/} (the broker's logs),
 * {@code operator/} (the admin password, the directory key, the bus's address; no partner's secret), and
 * {@code nodes/<name>/}, one node home per component that {@code ./ddrr up} runs, each holding only that component's
 * password, keys and staff. Deleting it starts a new, empty bus.
 */
public record Workspace(Path dataDir) {

    /** The operator's folder. */
    public Path operatorDir() {
        return HomeLayout.operatorIn(dataDir);
    }

    /** The operator's passwords: the broker's admin principal only. */
    public Credentials credentials() {
        return Credentials.at(operatorDir().resolve("credentials.properties"));
    }

    /** Where the running bus is, for the operator's commands ({@code partner}, {@code keys}) to find it. */
    public Path busFile() {
        return operatorDir().resolve("bus.properties");
    }

    /** The node homes of the components {@code ./ddrr up} runs itself. */
    public Path nodesDir() {
        return dataDir.resolve(HomeLayout.NODES);
    }

    public Path home(String name) {
        return HomeLayout.homeIn(dataDir, name);
    }

    /**
     * Where an earlier version kept every principal's password, every private key and every staff password side by
     * side; {@code ./ddrr up} moves what is still needed into the homes and removes them.
     */
    public Path legacyCredentials() {
        return dataDir.resolve("credentials.properties");
    }

    /** The bus CA's certificate, which every client of the embedded broker trusts (the key beside it is secret). */
    public Path caCertificate() {
        return BrokerTls.caCertificate(dataDir);
    }

    /** The bus CA's certificate when the bus has one: given to every node with its enrolment. */
    public Optional<Path> caCertificateIfAny() {
        return Files.isRegularFile(caCertificate()) ? Optional.of(caCertificate()) : Optional.empty();
    }

    public boolean exists() {
        return Files.isDirectory(dataDir.resolve("kafka"));
    }

    /** The agreement in {@code config/} of the working directory when there is one, else the copy shipped with the bus. */
    public static Optional<Path> agreementFile() {
        Path file = Path.of("config", "sharing-agreement.yaml");
        return Files.isRegularFile(file) ? Optional.of(file.toAbsolutePath()) : Optional.empty();
    }

    /** The text of the agreement {@link #agreementFile()} names, or of the copy shipped with the bus. */
    public static String agreementText(Optional<Path> file) {
        try {
            if (file.isPresent()) {
                return Files.readString(file.get(), StandardCharsets.UTF_8);
            }
            try (InputStream in = AgreementLoader.class.getResourceAsStream("/sharing-agreement.yaml")) {
                if (in == null) {
                    throw new IllegalStateException("sharing-agreement.yaml is not on the classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agreement", e);
        }
    }
}
