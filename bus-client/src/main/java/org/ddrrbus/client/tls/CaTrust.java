package org.ddrrbus.client.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.ddrrbus.client.start.StartRefused;

/**
 * A Kafka client trusts the bus through one PEM file, the certificate of the CA the operator made for this
 * installation ({@code ca.crt}): {@code ssl.truststore.type=PEM} and {@code ssl.truststore.location}.
 */
public final class CaTrust {

    /** Kafka's name of its PEM trust store format. */
    public static final String PEM = "PEM";

    private CaTrust() {}

    /**
     * Client settings that trust the CA in {@code caCertificate}.
     *
     * @throws StartRefused when the file cannot be read, before any client tries it
     */
    public static Map<String, Object> settings(Path caCertificate) {
        Path file = caCertificate.toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new StartRefused(
                    "the bus CA certificate " + file + " does not exist: ask the bus operator for ca.crt");
        }
        if (!Files.isReadable(file)) {
            throw new StartRefused("cannot read the bus CA certificate " + file + ": permission denied");
        }
        return Map.of(
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, PEM, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, file.toString());
    }

    /**
     * A TLS context for HTTPS clients that trusts the CA in {@code caCertificate} and nothing else: how staff tools
     * and tests reach a partner's web port, whose certificate the bus CA issued.
     */
    public static SSLContext httpsContext(Path caCertificate) {
        try (InputStream in = Files.newInputStream(caCertificate)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry(
                    "bus-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "cannot trust the bus CA certificate " + caCertificate + ": " + e.getMessage(), e);
        }
    }

    /**
     * What went wrong, in one line, when {@code failure} is a TLS handshake with the broker that failed; empty for any
     * other failure.
     *
     * @param trusted the CA file (or trust store) the client trusted, named in the line
     */
    public static Optional<String> explain(Throwable failure, String trusted) {
        boolean tls = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SslAuthenticationException || cause instanceof SSLException) {
                tls = true;
            }
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
                return Optional.of("the broker's certificate is not signed by the CA in " + trusted);
            }
            if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException) {
                return Optional.of("the broker's certificate is not valid now (" + firstLine(cause)
                        + "): the operator restarts the bus to issue a new one");
            }
            String message =
                    cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (tls && (message.contains("no subject alternative") || message.contains("no name matching"))) {
                return Optional.of("the broker's certificate does not name the address connected to ("
                        + firstLine(cause) + "): connect to the host given to ./ddrr up --kafka-host");
            }
            if (tls
                    && (message.contains("unrecognized ssl message")
                            || message.contains("remote host terminated the handshake"))) {
                return Optional.of("the broker did not answer with TLS: is it running without it (SASL_PLAINTEXT)?");
            }
        }
        return tls
                ? Optional.of("the TLS handshake with the broker failed: " + firstLine(deepest(failure)))
                : Optional.empty();
    }

    private static Throwable deepest(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
