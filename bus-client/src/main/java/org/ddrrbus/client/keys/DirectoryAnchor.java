package org.ddrrbus.client.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.ddrrbus.client.signing.SigningKey;

/**
 * The public half of the operator's directory key: the trust anchor every node and component is given. A statement of
 * the key directory counts only if this key signed it; everything else a verifier trusts follows from that.
 *
 * <p>Its file ({@value #FILE_NAME}) holds the base64 of the 32-byte Ed25519 public key, after comment lines.
 */
public final class DirectoryAnchor {

    /** The anchor's file name in a keys folder, beside {@code private/}. */
    public static final String FILE_NAME = "directory.pub";

    static final String PRINCIPAL = "directory";

    private final byte[] publicKey;

    public DirectoryAnchor(byte[] publicKey) {
        if (publicKey == null || publicKey.length != SigningKey.PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("a directory key is a 32-byte Ed25519 public key");
        }
        this.publicKey = publicKey.clone();
    }

    /** Reads the anchor, refusing a missing or malformed file in one line. */
    public static DirectoryAnchor read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new KeyDirectoryException("no directory key at " + file
                    + ": every node needs the operator's directory.pub to trust the key directory");
        } catch (IOException e) {
            throw new KeyDirectoryException("cannot read the directory key " + file + ": " + e.getMessage(), e);
        }
        String encoded = text.lines()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .findFirst()
                .orElse("");
        try {
            return new DirectoryAnchor(Base64.getDecoder().decode(encoded));
        } catch (IllegalArgumentException e) {
            throw new KeyDirectoryException(
                    "the directory key " + file + " is not the base64 of a 32-byte Ed25519 public key");
        }
    }

    /** Writes the anchor's file, replacing an earlier one. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(
                    file,
                    "# The key directory's trust anchor (" + keyId() + "): the public key of the bus operator's\n"
                            + "# directory key. Give it to every node; it holds no secret.\n"
                            + Base64.getEncoder().encodeToString(publicKey) + "\n",
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyDirectoryException("cannot write the directory key " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code directory/<fingerprint>}, as statements name the key that signed them. */
    public String keyId() {
        return SigningKey.keyId(PRINCIPAL, publicKey);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    boolean verifies(byte[] statement, byte[] signature) {
        return SigningKey.verify(publicKey, statement, signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DirectoryAnchor that && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return keyId();
    }
}
