package org.ddrrbus.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.broker.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker's client listener over TLS: who trusts its CA gets in, nobody else does. */
class TlsBrokerIT {

    @TempDir
    static Path data;

    private static EmbeddedBroker broker;

    @BeforeAll
    static void start() {
        broker = new EmbeddedBroker(new BrokerSettings(data, FreePorts.next(), FreePorts.next(), "admin-secret"))
                .start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aClientTrustingTheCaConnectsOverTls() throws Exception {
        assertThat(broker.settings().securityProtocol()).isEqualTo("SASL_SSL");
        assertThat(broker.caCertificate()).contains(BrokerTls.caCertificate(data));
        try (Admin admin = Admin.create(quick(broker.adminClientProperties()))) {
            admin.createTopics(List.of(new NewTopic("ddrr.tls", 1, (short) 1)))
                    .all()
                    .get();
            assertThat(admin.listTopics().names().get()).contains("ddrr.tls");
        }
    }

    @Test
    void aClientTrustingAnotherCaIsRefusedByTheHandshake() throws Exception {
        BrokerTls other = BrokerTls.prepare(data.resolve("elsewhere"), "127.0.0.1", Clock.systemUTC());
        Map<String, Object> props = new HashMap<>(broker.adminClientProperties());
        props.putAll(BrokerTls.clientTrust(other.caCertificate()));

        try (Admin admin = Admin.create(quick(props))) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class)
                    .satisfies(e -> assertThat(e.getCause().getCause()).isInstanceOf(SSLHandshakeException.class));
        }
    }

    @Test
    void plaintextToTheTlsPortGetsNowhere() {
        Map<String, Object> props = new HashMap<>(broker.adminClientProperties());
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.remove("ssl.truststore.type");
        props.remove("ssl.truststore.location");

        try (Admin admin = Admin.create(quick(props))) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void advertisedAtAnotherAddressItListensThereAndItsCertificateNamesIt() throws Exception {
        Optional<String> address = nonLoopbackAddress();
        Assumptions.assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address");
        Path elsewhere = data.resolve("advertised");
        try (EmbeddedBroker advertised = new EmbeddedBroker(
                        new BrokerSettings(elsewhere, FreePorts.next(), FreePorts.next(), "admin-secret")
                                .withAdvertisedHost(address.get()))
                .start()) {
            assertThat(advertised.settings().bootstrapServers()).startsWith(address.get() + ":");
            try (Admin admin = Admin.create(quick(advertised.adminClientProperties()))) {
                assertThat(admin.describeCluster().nodes().get())
                        .singleElement()
                        .satisfies(node -> assertThat(node.host()).isEqualTo(address.get()));
                admin.listTopics().names().get();
            }
        }
    }

    private static Optional<String> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return Optional.of(address.getHostAddress());
                }
            }
        }
        return Optional.empty();
    }

    private static Map<String, Object> quick(Map<String, Object> base) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        return props;
    }
}
