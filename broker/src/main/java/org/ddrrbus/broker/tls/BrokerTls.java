package org.ddrrbus.broker.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The embedded broker's TLS material under its data folder: the installation's CA in {@code operator/ca} (made once,
 * kept by the operator alone) and the broker's own key and certificate in {@code operator/broker-tls/broker.pem},
 * issued afresh at every start so that it always names the host the broker is advertised at.
 *
 * @param caCertificate the CA certificate clients trust
 * @param keyStore the broker's key followed by its certificate chain, Kafka's PEM key store
 */
public record BrokerTls(Path caCertificate, Path keyStore) {

    /** Kafka's name of the PEM format of key and trust stores. */
    public static final String PEM = "PEM";

    public static final String KEY_STORE_FILE = "broker.pem";

    /** How long a broker certificate is valid; a new one is issued at every start. */
    static final Duration BROKER_VALIDITY = Duration.ofDays(397);

    /** Where {@code ./ddrr up} keeps the CA: {@code <data>/operator/ca}. */
    public static Path caFolder(Path dataDir) {
        return dataDir.resolve("operator").resolve("ca");
    }

    /** The CA certificate every client of a broker with this data folder trusts. */
    public static Path caCertificate(Path dataDir) {
        return caFolder(dataDir).resolve(CertificateAuthority.CERTIFICATE_FILE);
    }

    static Path keyStore(Path dataDir) {
        return dataDir.resolve("operator").resolve("broker-tls").resolve(KEY_STORE_FILE);
    }

    /**
     * Makes the CA on first use, and a broker certificate naming {@code localhost}, {@code 127.0.0.1} and
     * {@code advertisedHost}.
     */
    public static BrokerTls prepare(Path dataDir, String advertisedHost, Clock clock) {
        CertificateAuthority authority = CertificateAuthority.provision(caFolder(dataDir), clock);
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add("localhost");
        hosts.add("127.0.0.1");
        hosts.add(advertisedHost);
        CertificateAuthority.Issued issued = authority.issue("ddrr-bus broker", hosts, BROKER_VALIDITY, clock);
        Path keyStore = keyStore(dataDir);
        try {
            Pem.writeOwnerOnly(keyStore, issued.keyAndChainPem());
            CertificateAuthority.ownerOnly(keyStore.getParent(), "rwx------");
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot write the broker's TLS key to " + keyStore + ": " + e.getMessage(), e);
        }
        return new BrokerTls(authority.certificateFile(), keyStore);
    }

    /** Broker settings for a SASL_SSL listener with this key store, trusting the CA. */
    public Map<String, String> serverProperties() {
        return Map.of(
                "ssl.keystore.type",
                PEM,
                "ssl.keystore.location",
                keyStore.toAbsolutePath().toString(),
                "ssl.truststore.type",
                PEM,
                "ssl.truststore.location",
                caCertificate.toAbsolutePath().toString());
    }

    /** Client settings that trust the CA: what every client of this broker needs besides its login. */
    public static Map<String, Object> clientTrust(Path caCertificate) {
        return Map.of(
                "ssl.truststore.type",
                PEM,
                "ssl.truststore.location",
                caCertificate.toAbsolutePath().toString());
    }
}
