package org.ddrrbus.broker.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * The installation's own certificate authority: an EC P-256 key and a self-signed certificate, made once in a folder
 * only the operator holds ({@value #KEY_FILE}, owner-only, and {@value #CERTIFICATE_FILE}) and reused at every start.
 * Every client of the bus trusts {@value #CERTIFICATE_FILE}, which is public; whoever holds {@value #KEY_FILE} can
 * pose as the broker, so it never leaves the operator's folder.
 */
public final class CertificateAuthority {

    public static final String KEY_FILE = "ca.key";
    public static final String CERTIFICATE_FILE = "ca.crt";

    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;
    private final PrivateKey key;
    private final X509Certificate certificate;

    CertificateAuthority(Path folder, PrivateKey key, X509Certificate certificate) {
        this.folder = folder;
        this.key = key;
        this.certificate = certificate;
    }

    /**
     * The authority kept in {@code folder}, made there on first use.
     *
     * @throws IllegalStateException with one line for the operator when the folder holds half an authority, or a key
     *     that cannot be read or does not match the certificate
     */
    public static CertificateAuthority provision(Path folder, Clock clock) {
        Path keyFile = folder.resolve(KEY_FILE);
        Path certificateFile = folder.resolve(CERTIFICATE_FILE);
        boolean hasKey = Files.exists(keyFile);
        boolean hasCertificate = Files.exists(certificateFile);
        if (hasKey && hasCertificate) {
            return read(folder, clock);
        }
        if (hasKey || hasCertificate) {
            throw new IllegalStateException(folder + " holds "
                    + (hasKey ? KEY_FILE + " but no " + CERTIFICATE_FILE : CERTIFICATE_FILE + " but no " + KEY_FILE)
                    + ": restore the missing file from a backup, or remove both to make a new CA (every partner then"
                    + " needs the new " + CERTIFICATE_FILE + ")");
        }
        return create(folder, clock);
    }

    /** An authority that already exists; it is never made here. */
    public static CertificateAuthority read(Path folder, Clock clock) {
        Path keyFile = folder.resolve(KEY_FILE);
        Path certificateFile = folder.resolve(CERTIFICATE_FILE);
        X509Certificate certificate = Pem.readCertificate(certificateFile, "the bus CA certificate");
        PrivateKey key = Pem.readCaKey(keyFile);
        if (!matches(key, certificate.getPublicKey())) {
            throw new IllegalStateException("the bus CA key " + keyFile + " does not belong to the certificate "
                    + certificateFile + ": restore the pair from the same backup");
        }
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new IllegalStateException("the bus CA certificate " + certificateFile + " is valid only from "
                    + certificate.getNotBefore().toInstant() + " to "
                    + certificate.getNotAfter().toInstant()
                    + ": make a new CA and give every partner its certificate");
        }
        return new CertificateAuthority(folder, key, certificate);
    }

    private static CertificateAuthority create(Path folder, Clock clock) {
        try {
            Files.createDirectories(folder);
            ownerOnly(folder, "rwx------");
            KeyPair pair = newKeyPair();
            Instant now = clock.instant();
            X500Name name = new X500Name("CN=ddrr-bus CA " + HexFormat.of().formatHex(randomBytes(4)) + ",O=ddrr-bus");
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            name,
                            serial(),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(CA_VALIDITY)),
                            name,
                            pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = sign(builder, pair.getPrivate());
            // The key first and owner-only from its first byte: a certificate without its key is refused on restart,
            // a key without its certificate too, and never is the key readable by others, even for a moment.
            Pem.writeOwnerOnly(folder.resolve(KEY_FILE), Pem.privateKey(pair.getPrivate()));
            Pem.writeOwnerOnly(folder.resolve(CERTIFICATE_FILE), Pem.certificate(certificate));
            return new CertificateAuthority(folder, pair.getPrivate(), certificate);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the bus CA in " + folder + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the bus CA: " + e.getMessage(), e);
        }
    }

    public Path folder() {
        return folder;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The file every client trusts: {@code ssl.truststore.type=PEM} and {@code ssl.truststore.location}. */
    public Path certificateFile() {
        return folder.resolve(CERTIFICATE_FILE);
    }

    /**
     * A new key and a server certificate signed by this authority, naming every host in {@code hosts} (DNS names or IP
     * addresses) as a subject alternative name.
     */
    public Issued issue(String commonName, Set<String> hosts, Duration validity, Clock clock) {
        try {
            KeyPair pair = newKeyPair();
            Instant now = clock.instant();
            List<GeneralName> names = new ArrayList<>();
            for (String host : new LinkedHashSet<>(hosts)) {
                names.add(
                        IPAddress.isValid(host)
                                ? new GeneralName(GeneralName.iPAddress, host)
                                : new GeneralName(GeneralName.dNSName, host));
            }
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            certificate,
                            serial(),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(earlier(
                                    now.plus(validity),
                                    certificate.getNotAfter().toInstant())),
                            new X500Name("CN=" + commonName + ",O=ddrr-bus"),
                            pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    // The broker is also a client of its own listener (inter-broker requests).
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }))
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            return new Issued(pair.getPrivate(), sign(builder, key), certificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + hosts + ": " + e.getMessage(), e);
        }
    }

    /**
     * A key and its certificate, with the authority's certificate after it.
     *
     * @param key the certificate's private key
     */
    public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate authority) {

        /** Kafka's PEM key store: the private key (PKCS#8, unencrypted) followed by the certificate chain. */
        public String keyAndChainPem() {
            return Pem.privateKey(key) + Pem.certificate(certificate) + Pem.certificate(authority);
        }
    }

    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        try {
            byte[] probe = randomBytes(32);
            Signature signer = Signature.getInstance(SIGNATURE);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(1, randomBytes(16));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static void ownerOnly(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system.
        }
    }
}
