package org.ddrrbus.client.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A TLS context for a server of this process, from one PEM file holding its PKCS#8 private key and its certificate
 * chain, as the bus CA issues them (the broker's and the key holders' certificates): what a JDK server needs where
 * Kafka and Tomcat read the same file themselves.
 */
public final class ServedTls {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final char[] IN_MEMORY = new char[0];

    private ServedTls() {}

    /**
     * @throws IllegalStateException in one line, naming the file, when it cannot be read or holds no key and chain
     */
    public static SSLContext of(Path keyAndChain) {
        try {
            String text = Files.readString(keyAndChain);
            PrivateKey key = null;
            List<Certificate> chain = new ArrayList<>();
            CertificateFactory certificates = CertificateFactory.getInstance("X.509");
            Matcher block = BLOCK.matcher(text);
            while (block.find()) {
                byte[] der = Base64.getMimeDecoder().decode(block.group(2));
                switch (block.group(1)) {
                    case "PRIVATE KEY" -> key = privateKey(der);
                    case "CERTIFICATE" -> chain.add(certificates.generateCertificate(new ByteArrayInputStream(der)));
                    default -> {
                        // Nothing else belongs in the file; a stray block is not this server's key or chain.
                    }
                }
            }
            if (key == null || chain.isEmpty()) {
                throw new IllegalStateException(
                        keyAndChain + " holds no PKCS#8 private key and certificate chain (PEM)");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, IN_MEMORY, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, IN_MEMORY);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot serve TLS with " + keyAndChain + ": " + e.getMessage(), e);
        }
    }

    /** The bus CA issues EC keys; RSA is read too, for a certificate an operator's own CA issued. */
    private static PrivateKey privateKey(byte[] der) throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        } catch (GeneralSecurityException notEc) {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        }
    }
}
