package org.ddrrbus.launcher.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.tls.BrokerTls;
import org.ddrrbus.broker.tls.CertificateAuthority;
import org.ddrrbus.client.start.StartRefused;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.launcher.system.Workspace;

/**
 * The exchange as key holder for nodes on other machines: an HTTPS port with a certificate of the bus CA, issued as the
 * broker's is ({@link BrokerTls#prepareKeyHolder}) and naming the same host, listening where the broker does.
 *
 * @param url the address nodes ask, given to them with their enrolment
 * @param exchangeArguments the exchange's settings for the endpoint ({@code ddrr.exchange.key-holder.*})
 */
record KeyHolder(Optional<String> url, List<String> exchangeArguments) {

    /** No HTTPS endpoint: a bus that does not seal, or one on a cluster given no key holder's address. */
    static final KeyHolder NONE = new KeyHolder(Optional.empty(), List.of());

    /**
     * On a cluster ({@code KAFKA_BOOTSTRAP}), at {@code host} ({@code --key-holder-host}): the certificate is issued here
     * when the operator's data folder holds the bus CA's key ({@code <data>/operator/ca/ca.key}, as {@code up} keeps
     * it), else taken from {@code <data>/operator/key-holder.pem}, where the step that holds the CA key put it
     * ({@code ./ddrr key-holder}, the certs job of docker-compose.yml), and copied into the exchange's home.
     *
     * @throws StartRefused with one line when neither is there
     */
    /** {@code --key-holder-host} names the key holder of a cluster; the embedded broker's is at its --kafka-host. */
    static void requireCluster(String keyHolderHost, boolean onCluster) {
        if (keyHolderHost != null && !onCluster) {
            throw new IllegalArgumentException("--key-holder-host is for a cluster (KAFKA_BOOTSTRAP); the embedded"
                    + " broker's key holder is at its --kafka-host");
        }
    }

    static KeyHolder onCluster(Workspace workspace, String host, int port) {
        return onCluster(workspace.dataDir(), workspace.operatorDir(), workspace.home(Components.EXCHANGE), host, port);
    }

    static KeyHolder onCluster(Path dataDir, Path operatorDir, Path exchangeHome, String host, int port) {
        if (Files.isRegularFile(BrokerTls.caFolder(dataDir).resolve(CertificateAuthority.KEY_FILE))) {
            return https(dataDir, exchangeHome, host, port);
        }
        Path issued = operatorDir.resolve(BrokerTls.KEY_HOLDER_FILE);
        if (!Files.isRegularFile(issued)) {
            throw new StartRefused("--key-holder-host " + host + ": no certificate for the key holder in " + issued
                    + " and no CA key in " + BrokerTls.caFolder(dataDir) + "; issue one where the bus CA's key is"
                    + " (./ddrr key-holder --host " + host + " --out key-holder.pem) and put it there");
        }
        Path pem = exchangeHome.resolve(BrokerTls.KEY_HOLDER_FILE);
        try {
            Files.createDirectories(exchangeHome);
            Files.copy(issued, pem, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new StartRefused(
                    "cannot copy the key holder's certificate " + issued + " to " + pem + ": " + e.getMessage());
        }
        return served(pem, host, port);
    }

    /**
     * Issues the certificate for {@code host}:{@code port} into the exchange's home, where the exchange reads every
     * setting of its own.
     */
    static KeyHolder https(Path dataDir, Path exchangeHome, String host, int port) {
        Path pem = BrokerTls.prepareKeyHolder(
                dataDir, host, exchangeHome.resolve(BrokerTls.KEY_HOLDER_FILE), Clock.systemUTC());
        return served(pem, host, port);
    }

    /** The exchange serving {@code pem} on {@code port}, asked at {@code host}. */
    private static KeyHolder served(Path pem, String host, int port) {
        String listen = BrokerSettings.isLoopback(host) ? BrokerSettings.LOOPBACK : "0.0.0.0";
        String url = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return new KeyHolder(
                Optional.of(url),
                List.of(
                        "--ddrr.exchange.key-holder.certificate=" + pem.toAbsolutePath(),
                        "--ddrr.exchange.key-holder.address=" + listen,
                        "--ddrr.exchange.key-holder.port=" + port));
    }
}
