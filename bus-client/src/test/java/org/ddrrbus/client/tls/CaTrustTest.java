package org.ddrrbus.client.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class CaTrustTest {

    private static Throwable handshake(Throwable cause) {
        SSLHandshakeException handshake = new SSLHandshakeException(cause.getMessage());
        handshake.initCause(cause);
        return new ExecutionException(new SslAuthenticationException("SSL handshake failed", handshake));
    }

    @Test
    void aCertificateOfAnotherCaIsSaidSo() {
        Throwable failure = handshake(new CertPathBuilderException("unable to find valid certification path"));

        assertThat(CaTrust.explain(failure, "/home/op/ca.crt"))
                .contains("the broker's certificate is not signed by the CA in /home/op/ca.crt");
    }

    @Test
    void aHostTheCertificateDoesNotNameIsSaidSo() {
        Throwable failure = handshake(
                new CertificateException("No subject alternative names matching IP address" + " 10.0.0.9 found"));

        assertThat(CaTrust.explain(failure, "ca.crt").orElseThrow())
                .startsWith("the broker's certificate does not name the address connected to")
                .doesNotContain("\n");
    }

    @Test
    void otherFailuresAreNotTls() {
        assertThat(CaTrust.explain(new ExecutionException(new TimeoutException("no node")), "ca.crt"))
                .isEmpty();
    }
}
