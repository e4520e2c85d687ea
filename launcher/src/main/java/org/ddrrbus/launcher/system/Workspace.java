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
import org.ddrrbus.client.agreement.SharingAgreement;
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

    /** The country of the first bus, whose agreement is {@code config/sharing-agreement.yaml}. */
    public static final String HOME_COUNTRY = "ke";

    /** The agreement in {@code config/} of the working directory when there is one, else the copy shipped with the bus. */
    public static Optional<Path> agreementFile() {
        return agreementFile(HOME_COUNTRY);
    }

    /**
     * Where the sharing agreement of the bus of {@code country} lives: {@code config/sharing-agreement.yaml} for Kenya's
     * ({@value #HOME_COUNTRY}), {@code config/sharing-agreement-<cc>.yaml} for any other country's, since each bus has
     * its own. The one rule {@code ./ddrr up --country}, {@code ./ddrr federate} and a restarted linked bus follow.
     */
    public static Path agreementPath(String country) {
        return Path.of(
                "config",
                HOME_COUNTRY.equals(country) ? "sharing-agreement.yaml" : "sharing-agreement-" + country + ".yaml");
    }

    /**
     * The agreement of the bus of {@code country} as {@link #agreementPath(String)} finds it. Kenya's falls back to the
     * copy shipped with the bus (empty here); another country's must exist, since Kenya's is not its agreement.
     */
    public static Optional<Path> agreementFile(String country) {
        Path file = agreementPath(country);
        if (Files.isRegularFile(file)) {
            return Optional.of(file.toAbsolutePath());
        }
        if (HOME_COUNTRY.equals(country)) {
            return Optional.empty();
        }
        throw new IllegalStateException("no sharing agreement for bus " + country + ": each bus has its own, and bus "
                + country + "'s is " + file + " (copy config/sharing-agreement.yaml there and make it that country's)");
    }

    /** The sharing agreement of the bus of {@code country}, loaded from {@link #agreementFile(String)}. */
    public static SharingAgreement agreement(String country) {
        return agreementFile(country).map(AgreementLoader::load).orElseGet(AgreementLoader::loadDefault);
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
