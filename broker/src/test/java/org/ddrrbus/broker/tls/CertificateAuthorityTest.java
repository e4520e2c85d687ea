package org.ddrrbus.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {

    private final Clock clock = Clock.systemUTC();

    @TempDir
    Path data;

    @Test
    void theBrokerCertificateChainsToTheCaAndNamesEveryHost() throws Exception {
        BrokerTls tls = BrokerTls.prepare(data, "bus.example.org", clock);

        X509Certificate ca = Pem.readCertificate(tls.caCertificate(), "CA");
        List<X509Certificate> chain = certificates(tls.keyStore());
        assertThat(Files.readString(tls.keyStore())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(ca);
        X509Certificate broker = chain.get(0);

        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(broker)), parameters);

        assertThat(broker.getSubjectAlternativeNames().stream()
                        .map(name -> (Object) name.get(1))
                        .toList())
                .containsExactlyInAnyOrder("localhost", "127.0.0.1", "bus.example.org");
        assertThat(broker.getBasicConstraints()).isEqualTo(-1);
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void anAdvertisedAddressIsNamedAsAnIpAddress() throws Exception {
        BrokerTls tls = BrokerTls.prepare(data, "10.20.0.2", clock);

        X509Certificate broker = certificates(tls.keyStore()).get(0);
        assertThat(broker.getSubjectAlternativeNames().stream()
                        .map(name -> name.get(0) + "=" + name.get(1))
                        .toList())
                .contains("7=10.20.0.2");
    }

    @Test
    void theCaIsMadeOnceAndReusedAcrossRestarts() throws Exception {
        BrokerTls first = BrokerTls.prepare(data, "127.0.0.1", clock);
        String caKey = Files.readString(BrokerTls.caFolder(data).resolve(CertificateAuthority.KEY_FILE));
        X509Certificate firstBroker = certificates(first.keyStore()).get(0);

        BrokerTls second = BrokerTls.prepare(data, "bus.example.org", clock);

        assertThat(Files.readString(BrokerTls.caFolder(data).resolve(CertificateAuthority.KEY_FILE)))
                .isEqualTo(caKey);
        X509Certificate ca = Pem.readCertificate(second.caCertificate(), "CA");
        X509Certificate secondBroker = certificates(second.keyStore()).get(0);
        assertThat(secondBroker).isNotEqualTo(firstBroker);
        firstBroker.verify(ca.getPublicKey());
        secondBroker.verify(ca.getPublicKey());
    }

    @Test
    void theCaKeyAndTheBrokerKeyAreTheOwnersAlone() throws Exception {
        BrokerTls tls = BrokerTls.prepare(data, "127.0.0.1", clock);

        Path caFolder = BrokerTls.caFolder(data);
        assertThat(mode(caFolder.resolve(CertificateAuthority.KEY_FILE))).isEqualTo("rw-------");
        assertThat(mode(caFolder)).isEqualTo("rwx------");
        assertThat(mode(tls.keyStore())).isEqualTo("rw-------");
        assertThat(tls.caCertificate()).isEqualTo(BrokerTls.caCertificate(data));
    }

    @Test
    void aCaKeyThatCannotBeReadIsOneLine() throws Exception {
        BrokerTls.prepare(data, "127.0.0.1", clock);
        Path key = BrokerTls.caFolder(data).resolve(CertificateAuthority.KEY_FILE);
        Files.writeString(key, "not a key\n");

        assertThatThrownBy(() -> BrokerTls.prepare(data, "127.0.0.1", clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "the bus CA key " + key + " holds no private key in PEM (PKCS#8): restore it from a backup");
    }

    @Test
    void aKeyOfAnotherCaIsRefused() throws Exception {
        BrokerTls.prepare(data, "127.0.0.1", clock);
        Path other = data.resolve("other");
        BrokerTls.prepare(other, "127.0.0.1", clock);
        Path key = BrokerTls.caFolder(data).resolve(CertificateAuthority.KEY_FILE);
        Files.copy(
                BrokerTls.caFolder(other).resolve(CertificateAuthority.KEY_FILE),
                key,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> BrokerTls.prepare(data, "127.0.0.1", clock))
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void halfACaIsRefusedRatherThanReplaced() throws Exception {
        BrokerTls.prepare(data, "127.0.0.1", clock);
        Files.delete(BrokerTls.caCertificate(data));

        assertThatThrownBy(() -> BrokerTls.prepare(data, "127.0.0.1", clock))
                .hasMessageContaining("holds ca.key but no ca.crt")
                .hasMessageNotContaining("\n");
        assertThat(BrokerTls.caFolder(data).resolve(CertificateAuthority.KEY_FILE))
                .exists();
    }

    @Test
    void aBrokerCertificateNeverOutlivesItsCa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.provision(data.resolve("ca"), clock);

        X509Certificate issued = ca.issue("x", Set.of("localhost"), Duration.ofDays(100_000), clock)
                .certificate();

        assertThat(issued.getNotAfter()).isBeforeOrEqualTo(ca.certificate().getNotAfter());
    }

    @SuppressWarnings("unchecked")
    private static List<X509Certificate> certificates(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            String certificatesOnly = text.substring(text.indexOf("-----BEGIN CERTIFICATE-----"));
            return (List<X509Certificate>) CertificateFactory.getInstance("X.509")
                    .generateCertificates(new java.io.ByteArrayInputStream(
                            certificatesOnly.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
