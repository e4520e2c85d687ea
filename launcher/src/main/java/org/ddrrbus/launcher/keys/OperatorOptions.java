package org.ddrrbus.launcher.keys;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.client.keys.KeyRegistrar;
import org.ddrrbus.launcher.system.Cluster;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.TlsRefusal;
import org.ddrrbus.launcher.system.Workspace;
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
            description = "Kafka brokers of the embedded bus (default: 127.0.0.1:9092; KAFKA_BOOTSTRAP names a "
                    + "cluster).")
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
            description = "Agreement file (default: " + "config/sharing-agreement.yaml).")
    Path agreement;

    /** Where {@code ./ddrr up} keeps the operator's directory key, apart from every component's keys. */
    public static Path directoryKeyFile(Path data) {
        return data.resolve("operator").resolve("directory.key");
    }

    SharingAgreement agreement() {
        return Optional.ofNullable(agreement)
                .or(Workspace::agreementFile)
                .map(AgreementLoader::load)
                .orElseGet(AgreementLoader::loadDefault);
    }

    KeyRegistrar registrar() {
        DirectoryKey key = DirectoryKey.read(directoryKey != null ? directoryKey : directoryKeyFile(data));
        return KeyRegistrar.connect(
                admin(), key, KeyRegistrar.principalsOf(agreement()), Clock.systemUTC(), Duration.ofSeconds(15));
    }

    /** {@code failure}, or the one line that says which certificate to check when the TLS handshake failed. */
    RuntimeException explained(RuntimeException failure) {
        String servers = Cluster.fromEnvironment()
                .map(Cluster::bootstrapServers)
                .orElseGet(() -> bootstrap != null
                        ? bootstrap
                        : "127.0.0.1:" + Ports.standard().kafka());
        String trusted = ca != null
                ? ca.toString()
                : Cluster.fromEnvironment().isPresent()
                        ? "KAFKA_SSL_TRUSTSTORE_LOCATION"
                        : new Workspace(data).caCertificate().toString();
        return TlsRefusal.of(failure, servers, trusted);
    }

    private Map<String, Object> admin() {
        Optional<Cluster> cluster = Cluster.fromEnvironment();
        if (cluster.isPresent()) {
            Map<String, Object> props = cluster.get().adminProperties();
            if (ca != null) {
                props.keySet().removeIf(key -> key.startsWith("ssl.truststore."));
                props.putAll(org.ddrrbus.client.tls.CaTrust.settings(ca));
            }
            return props;
        }
        Workspace workspace = new Workspace(data);
        if (!workspace.exists() && bootstrap == null) {
            throw new IllegalStateException("no bus in " + data + ": start one with ./ddrr up, or set KAFKA_BOOTSTRAP");
        }
        String servers =
                bootstrap != null ? bootstrap : "127.0.0.1:" + Ports.standard().kafka();
        return Cluster.embeddedAdmin(
                servers, workspace.credentials().passwordFor("admin"), ca != null ? ca : workspace.caCertificate());
    }
}
