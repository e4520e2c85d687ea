package org.ddrrbus.broker.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM text in and out. */
final class Pem {

    private Pem() {}

    static String privateKey(PrivateKey key) {
        return write(new PemObject("PRIVATE KEY", key.getEncoded()));
    }

    static String certificate(X509Certificate certificate) {
        try {
            return write(new PemObject("CERTIFICATE", certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encode a certificate: " + e.getMessage(), e);
        }
    }

    private static String write(PemObject object) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    static X509Certificate readCertificate(Path file, String what) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(in)) {
            Object read = parser.readObject();
            if (!(read instanceof X509CertificateHolder holder)) {
                throw new IllegalStateException(what + " " + file + " holds no certificate in PEM");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (AccessDeniedException e) {
            throw new IllegalStateException("cannot read " + what + " " + file + ": permission denied");
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("cannot read " + what + " " + file + ": it does not exist");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + what + " " + file + ": " + firstLine(e));
        }
    }

    /** Creates or replaces {@code file}, readable by its owner only before anything is written to it. */
    static void writeOwnerOnly(Path file, String text) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path next = folder.resolve("." + file.getFileName() + ".new");
        Files.deleteIfExists(next);
        try {
            Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(next);
        }
        try (Writer out =
                Files.newBufferedWriter(next, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(text);
        }
        Files.move(
                next,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The bus CA's private key (PKCS#8), with what to do when it cannot be read. */
    static PrivateKey readCaKey(Path keyFile) {
        String what = "the bus CA key " + keyFile;
        try (Reader in = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(in)) {
            Object read = parser.readObject();
            if (!(read instanceof PrivateKeyInfo info)) {
                throw new IllegalStateException(
                        what + " holds no private key in PEM (PKCS#8): restore it from a" + " backup");
            }
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (AccessDeniedException e) {
            throw new IllegalStateException(
                    "cannot read " + what + ": permission denied (run as the operator who" + " owns it)");
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("cannot read " + what + ": it does not exist");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + what + ": " + firstLine(e));
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
