package org.ddrrbus.broker.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;

/** The bus CA kept in a PKCS#12 key store, as keytool makes one, read as a {@link CertificateAuthority}. */
public final class CaKeyStore {

    private CaKeyStore() {}

    /**
     * An authority kept in a PKCS#12 key store under {@code alias}, as keytool makes one (the certs job of
     * docker-compose.yml keeps the bus CA so); it issues certificates exactly as one kept in PEM files.
     *
     * @throws IllegalStateException with one line for the operator when the store cannot be read, holds no key and
     *     certificate under the alias, or its certificate is not valid now
     */
    public static CertificateAuthority read(Path store, char[] password, String alias, Clock clock) {
        Key key;
        Certificate certificate;
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password);
            key = keys.getKey(alias, password);
            certificate = keys.getCertificate(alias);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the bus CA from " + store + ": " + e.getMessage(), e);
        }
        if (!(key instanceof PrivateKey privateKey) || !(certificate instanceof X509Certificate x509)) {
            throw new IllegalStateException(store + " holds no key and certificate under the alias " + alias);
        }
        try {
            x509.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new IllegalStateException("the bus CA certificate in " + store + " is valid only from "
                    + x509.getNotBefore().toInstant() + " to "
                    + x509.getNotAfter().toInstant());
        }
        return new CertificateAuthority(store.toAbsolutePath().getParent(), privateKey, x509);
    }
}
