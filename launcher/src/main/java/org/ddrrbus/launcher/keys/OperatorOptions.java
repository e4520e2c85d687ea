package org.ddrrbus.launcher.keys;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.home.HomeLayout;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.client.keys.KeyRegistrar;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.launcher.system.BusAddress;
import org.ddrrbus.launcher.system.Cluster;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.TlsRefusal;
import org.ddrrbus.launcher.system.Workspace;
import org.ddrrbus.provisioning.Credentials;
import picocli.CommandLine.Option;

/**
 * What the operator's side needs to write the key directory: the bus, its admin principal, the directory key and the
 * agreement. The defaults are those of {@code ./ddrr up} in this folder; {@code KAFKA_BOOTSTRAP} with
 * {@code KAFKA_ADMIN_USER} and {@code KAFKA_ADMIN_PASSWORD} point it at any other cluster, as for provisioning.
 */
public final class OperatorOptions {

    @Option(
            names = "--data",
            defaultValue = "data",
            description = "Data folder of ./ddrr up: the admin password and operator/directory.key (default: "
                    + "${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--directory-key",
            paramLabel = "FILE",
            description = "The operator's directory key (default: <data>/operator/directory.key).")
    Path directoryKey;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers of the embedded bus (default: the address <data>/operator/bus.properties"
                    + " records, else 127.0.0.1:9092; KAFKA_BOOTSTRAP names a cluster).")
    String bootstrap;

    @Option(
            names = "--ca",
            paramLabel = "FILE",
            description = "The bus CA's certificate the broker's must be signed by (default: <data>/operator/ca/ca.crt;"
                    + " with KAFKA_BOOTSTRAP, KAFKA_SSL_TRUSTSTORE_*).")
    Path ca;

    @Option(
            names = "--agreement",
            paramLabel = "FILE",
            description = "Agreement file (default: " + AgreementLoader.OWNER_FILE + ").")
    Path agreement;

    /** Where {@code ./ddrr up} keeps the operator's directory key, apart from every component's keys. */
    public static Path directoryKeyFile(Path data) {
        return HomeLayout.directoryKeyIn(data);
    }

    public SharingAgreement agreement() {
        return agreementPath().map(AgreementLoader::load).orElseGet(AgreementLoader::loadDefault);
    }

    /** The agreement file, if not the copy shipped with the bus. */
    public Optional<Path> agreementPath() {
        return Optional.ofNullable(agreement).map(Path::toAbsolutePath).or(Workspace::agreementFile);
    }

    public Workspace workspace() {
        return new Workspace(data);
    }

    /** The operator's directory key. */
    public DirectoryKey directoryKey() {
        return DirectoryKey.read(directoryKey != null ? directoryKey : directoryKeyFile(data));
    }

    KeyRegistrar registrar() {
        return KeyRegistrar.connect(
                admin(),
                directoryKey(),
                KeyRegistrar.principalsOf(agreement()),
                Clock.systemUTC(),
                Duration.ofSeconds(15));
    }

    /**
     * Where partners reach the bus: as {@code ./ddrr up} recorded it, or as named here or by KAFKA_BOOTSTRAP; the key
     * holder's address always as {@code ./ddrr up} recorded it.
     */
    public BusAddress busAddress() {
        Optional<Cluster> cluster = Cluster.fromEnvironment();
        Optional<BusAddress> recorded = BusAddress.read(workspace().busFile());
        if (cluster.isPresent()) {
            // The key holder's address is the one up --key-holder-host recorded: enrolments carry it, so nodes seal.
            return new BusAddress(
                    cluster.get().bootstrapServers(),
                    cluster.get().securityProtocol(),
                    recorded.flatMap(BusAddress::keyHolder));
        }
        if (bootstrap != null) {
            return new BusAddress(
                    bootstrap,
                    recorded.map(BusAddress::securityProtocol).orElse("SASL_SSL"),
                    recorded.flatMap(BusAddress::keyHolder));
        }
        return recorded.orElseGet(
                () -> new BusAddress("127.0.0.1:" + Ports.standard().kafka(), "SASL_SSL"));
    }

    /** The bus CA's certificate named by {@code --ca}, if given. */
    public Optional<Path> ca() {
        return Optional.ofNullable(ca);
    }

    /**
     * Does {@code work} with the key directory's registrar, closed after; a failure comes back {@link #explained}.
     * Returns 0, the command's exit code.
     */
    int withRegistrar(java.util.function.Consumer<KeyRegistrar> work) {
        try (KeyRegistrar registrar = registrar()) {
            work.accept(registrar);
        } catch (RuntimeException e) {
            throw explained(e);
        }
        return 0;
    }

    /** {@code failure}, or the one line that says which certificate to check when the TLS handshake failed. */
    RuntimeException explained(RuntimeException failure) {
        String servers = busAddress().bootstrapServers();
        String trusted = ca != null
                ? ca.toString()
                : Cluster.fromEnvironment().isPresent()
                        ? "KAFKA_SSL_TRUSTSTORE_LOCATION"
                        : new Workspace(data).caCertificate().toString();
        return TlsRefusal.of(failure, servers, trusted);
    }

    /** The admin principal's client settings. */
    public Map<String, Object> admin() {
        Optional<Cluster> cluster = Cluster.fromEnvironment();
        if (cluster.isPresent()) {
            Map<String, Object> props = cluster.get().adminProperties();
            if (ca != null) {
                props.keySet().removeIf(key -> key.startsWith("ssl.truststore."));
                props.putAll(org.ddrrbus.client.tls.CaTrust.settings(ca));
            }
            return props;
        }
        Workspace workspace = workspace();
        if (!workspace.exists() && bootstrap == null) {
            throw new IllegalStateException("no bus in " + data + ": start one with ./ddrr up, or set KAFKA_BOOTSTRAP");
        }
        Credentials credentials = workspace.credentials();
        if (!credentials.has(Components.ADMIN)) {
            throw new IllegalStateException("no admin password in "
                    + workspace.operatorDir().resolve("credentials.properties")
                    + ": run where ./ddrr up keeps the bus (--data), or set KAFKA_BOOTSTRAP and KAFKA_ADMIN_PASSWORD");
        }
        return Cluster.embeddedAdmin(
                busAddress().bootstrapServers(),
                credentials.passwordFor(Components.ADMIN),
                ca != null ? ca : workspace.caCertificate());
    }
}
