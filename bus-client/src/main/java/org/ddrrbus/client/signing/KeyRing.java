package org.ddrrbus.client.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The public keys of every principal that signs on the bus, by key id, read from a directory of
 * {@code <principal>.pub} files (base64 of the 32-byte Ed25519 public key). Private keys live elsewhere, one file per
 * principal, readable by its owner only.
 */
public final class KeyRing {

    private final Map<String, byte[]> publicKeys;

    private KeyRing(Map<String, byte[]> publicKeys) {
        this.publicKeys = Map.copyOf(publicKeys);
    }

    public static KeyRing of(Map<String, byte[]> byKeyId) {
        return new KeyRing(byKeyId);
    }

    public static KeyRing load(Path publicDir) {
        Map<String, byte[]> keys = new HashMap<>();
        if (Files.isDirectory(publicDir)) {
            try (Stream<Path> files = Files.list(publicDir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pub"))
                        .toList()) {
                    String name = file.getFileName().toString();
                    String principal = name.substring(0, name.length() - ".pub".length());
                    byte[] key = Base64.getDecoder()
                            .decode(Files.readString(file, StandardCharsets.US_ASCII)
                                    .trim());
                    keys.put(SigningKey.keyId(principal, key), key);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read public keys from " + publicDir, e);
            }
        }
        return new KeyRing(keys);
    }

    public Optional<byte[]> publicKey(String keyId) {
        return Optional.ofNullable(publicKeys.get(keyId));
    }

    /** Every key id on the ring, sorted: {@code <principal>/<fingerprint>}. */
    public java.util.List<String> keyIds() {
        return publicKeys.keySet().stream().sorted().toList();
    }

    public int size() {
        return publicKeys.size();
    }

    /** The principal a key id belongs to. */
    public static String principalOf(String keyId) {
        int slash = keyId.indexOf('/');
        return slash < 0 ? keyId : keyId.substring(0, slash);
    }

    /**
     * A principal's key pair under {@code keysDir}: {@code private/<principal>.key} and {@code public/<principal>.pub},
     * made on first use. Returns the private key.
     */
    public static SigningKey provision(Path keysDir, String principal) {
        Path privateFile = keysDir.resolve("private").resolve(principal + ".key");
        Path publicFile = keysDir.resolve("public").resolve(principal + ".pub");
        try {
            if (Files.exists(privateFile)) {
                SigningKey key = readPrivate(privateFile, principal);
                if (!Files.exists(publicFile)) {
                    writePublic(publicFile, key);
                }
                return key;
            }
            SigningKey key = SigningKey.generate(principal);
            Files.createDirectories(privateFile.getParent());
            try {
                Files.setPosixFilePermissions(privateFile.getParent(), PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system.
            }
            Files.writeString(privateFile, Base64.getEncoder().encodeToString(key.privateSeed()) + "\n");
            try {
                Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system.
            }
            writePublic(publicFile, key);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the signing key of " + principal + " in " + keysDir, e);
        }
    }

    public static SigningKey readPrivate(Path file, String principal) {
        try {
            return new SigningKey(
                    principal,
                    Base64.getDecoder()
                            .decode(Files.readString(file, StandardCharsets.US_ASCII)
                                    .trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + file, e);
        }
    }

    private static void writePublic(Path file, SigningKey key) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, Base64.getEncoder().encodeToString(key.publicKey()) + "\n");
    }
}
