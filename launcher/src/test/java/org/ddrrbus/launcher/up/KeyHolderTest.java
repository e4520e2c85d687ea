package org.ddrrbus.launcher.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.ddrrbus.broker.tls.BrokerTls;
import org.ddrrbus.broker.tls.CertificateAuthority;
import org.ddrrbus.client.start.StartRefused;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key holder of a bus on a cluster ({@code KAFKA_BOOTSTRAP}, {@code --key-holder-host}): its certificate issued by
 * up where the operator's data holds the CA's key, else the one the holder of the CA's key issued
 * ({@code ./ddrr key-holder}) copied into the exchange's home; neither is one line.
 */
class KeyHolderTest {

    @TempDir
    Path data;

    private Path operator() {
        return data.resolve("operator");
    }

    private Path exchangeHome() {
        return data.resolve("nodes").resolve("exchange");
    }

    @Test
    void theCertificateIssuedWhereTheCaKeyIsIsCopiedIntoTheExchangesHomeAndServed() throws Exception {
        Path elsewhere = data.resolve("certs-job");
        CertificateAuthority ca = CertificateAuthority.provision(elsewhere.resolve("ca"), Clock.systemUTC());
        BrokerTls.issueKeyHolder(ca, "operator", operator().resolve(BrokerTls.KEY_HOLDER_FILE), Clock.systemUTC());

        KeyHolder keyHolder = KeyHolder.onCluster(data, operator(), exchangeHome(), "operator", 8091);

        Path served = exchangeHome().resolve(BrokerTls.KEY_HOLDER_FILE);
        assertThat(keyHolder.url()).contains("https://operator:8091");
        assertThat(keyHolder.exchangeArguments())
                .containsExactly(
                        "--ddrr.exchange.key-holder.certificate=" + served.toAbsolutePath(),
                        "--ddrr.exchange.key-holder.address=0.0.0.0",
                        "--ddrr.exchange.key-holder.port=8091");
        assertThat(Files.readString(served))
                .isEqualTo(Files.readString(operator().resolve(BrokerTls.KEY_HOLDER_FILE)));
        assertThat(Files.getPosixFilePermissions(served)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void anOperatorHoldingTheCaKeyIssuesItAtEveryStart() throws Exception {
        CertificateAuthority.provision(BrokerTls.caFolder(data), Clock.systemUTC());

        KeyHolder keyHolder = KeyHolder.onCluster(data, operator(), exchangeHome(), "bus.example", 8091);

        assertThat(keyHolder.url()).contains("https://bus.example:8091");
        assertThat(Files.readString(exchangeHome().resolve(BrokerTls.KEY_HOLDER_FILE)))
                .contains("PRIVATE KEY")
                .contains("CERTIFICATE");
    }

    @Test
    void withNoCertificateAndNoCaKeyUpRefusesToStartSayingWhatToRun() {
        assertThatThrownBy(() -> KeyHolder.onCluster(data, operator(), exchangeHome(), "operator", 8091))
                .isInstanceOf(StartRefused.class)
                .hasMessageContaining(
                        operator().resolve(BrokerTls.KEY_HOLDER_FILE).toString())
                .hasMessageContaining("./ddrr key-holder --host operator");
    }
}
