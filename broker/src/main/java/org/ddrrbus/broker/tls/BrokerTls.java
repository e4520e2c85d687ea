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
        return new BrokerTls(
                authority.certificateFile(),
                issue(authority, "ddrr-bus broker", advertisedHost, keyStore(dataDir), clock));
    }

    /** The file name of the exchange's key and certificate as key holder, in the exchange's own node home. */
    public static final String KEY_HOLDER_FILE = "key-holder.pem";

    /**
     * A key and certificate of the bus CA (made on first use) for the exchange's key holder endpoint, written to
     * {@code keyStore}, naming the same hosts as the broker's, since it listens on the address the broker is advertised
     * at; issued afresh at every start, like the broker's. Tomcat reads the key and the chain from this one file.
     */
    public static Path prepareKeyHolder(Path dataDir, String advertisedHost, Path keyStore, Clock clock) {
        return issueKeyHolder(
                CertificateAuthority.provision(caFolder(dataDir), clock), advertisedHost, keyStore, clock);
    }

    /**
     * The key holder's key and certificate issued by {@code authority} for {@code host} (and {@code localhost},
     * {@code 127.0.0.1}), written to {@code keyStore}: the one way they are made, by {@code ./ddrr up} with the CA it
     * keeps and by {@code ./ddrr key-holder} where a cluster's CA key is (the certs job of docker-compose.yml).
     */
    public static Path issueKeyHolder(CertificateAuthority authority, String host, Path keyStore, Clock clock) {
        return issue(authority, "ddrr-bus key holder", host, keyStore, clock);
    }

    /** The one way a server certificate of the bus CA is made and written: owner-only, in an owner-only folder. */
    private static Path issue(
            CertificateAuthority authority, String commonName, String advertisedHost, Path keyStore, Clock clock) {
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add("localhost");
        hosts.add("127.0.0.1");
        hosts.add(advertisedHost);
        CertificateAuthority.Issued issued = authority.issue(commonName, hosts, BROKER_VALIDITY, clock);
        try {
            Pem.writeOwnerOnly(keyStore, issued.keyAndChainPem());
            CertificateAuthority.ownerOnly(keyStore.getParent(), "rwx------");
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot write the " + commonName + "'s TLS key to " + keyStore + ": " + e.getMessage(), e);
        }
        return keyStore;
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
