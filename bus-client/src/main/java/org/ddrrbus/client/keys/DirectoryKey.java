package org.ddrrbus.client.keys;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ddrrbus.client.signing.SigningKey;

/**
 * The bus operator's directory key: the Ed25519 private key that signs every statement of the key directory. Only the
 * operator holds it, apart from every partner's keys and apart from the broker's passwords; its public half is the
 * {@link DirectoryAnchor} that every node trusts.
 */
public final class DirectoryKey {

    private final SigningKey key;

    private DirectoryKey(SigningKey key) {
        this.key = key;
    }

    public static DirectoryKey generate() {
        return new DirectoryKey(SigningKey.generate(DirectoryAnchor.PRINCIPAL));
    }

    /** The key in {@code file}, made there (owner-only) if it does not exist yet. */
    public static DirectoryKey provision(Path file) {
        if (!Files.exists(file)) {
            DirectoryKey made = generate();
            made.key.write(file);
            return made;
        }
        return read(file);
    }

    public static DirectoryKey read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KeyDirectoryException("no directory key at " + file
                    + ": only the bus operator holds it (./ddrr up makes one under its data folder)");
        }
        try {
            return new DirectoryKey(SigningKey.read(file, DirectoryAnchor.PRINCIPAL));
        } catch (RuntimeException e) {
            throw new KeyDirectoryException("cannot read the directory key " + file + ": " + e.getMessage(), e);
        }
    }

    public DirectoryAnchor anchor() {
        return new DirectoryAnchor(key.publicKey());
    }

    public String keyId() {
        return key.keyId();
    }

    byte[] sign(byte[] statement) {
        return key.sign(statement);
    }
}
