package org.ddrrbus.client.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;

/**
 * One principal's private signing keys, in a folder only its owner may read: {@code <principal>.<fingerprint>.key},
 * one file per key, made where it is used and never sent anywhere. There may be more than one while a new key takes
 * over from an old one; {@link SigningKeys} picks the one that signs. A file named {@code <principal>.key} (the layout
 * before the key directory) is read too.
 */
public final class PrivateKeys {

    private static final String SUFFIX = ".key";

    private final Path folder;
    private final String principal;

    private PrivateKeys(Path folder, String principal) {
        this.folder = folder;
        this.principal = Topics.requireAgency(principal);
    }

    /** The keys of {@code principal} in {@code folder} (a keys folder's {@code private/}). */
    public static PrivateKeys at(Path folder, String principal) {
        return new PrivateKeys(folder, principal);
    }

    public String principal() {
        return principal;
    }

    public Path folder() {
        return folder;
    }

    /** Every key of the principal here, oldest file first; a file that is not a key of it is refused in one line. */
    public List<SigningKey> keys() {
        List<SigningKey> keys = new ArrayList<>();
        for (Path file : files()) {
            SigningKey key;
            try {
                key = SigningKey.read(file, principal);
            } catch (RuntimeException e) {
                throw new KeyDirectoryException("cannot read the signing key " + file + ": " + e.getMessage(), e);
            }
            String name = file.getFileName().toString();
            String fingerprint = key.keyId().substring(principal.length() + 1);
            if (!name.equals(principal + SUFFIX) && !name.equals(fileName(key))) {
                throw new KeyDirectoryException("the signing key " + file + " is not " + principal + "/"
                        + name.substring(principal.length() + 1, name.length() - SUFFIX.length()) + " but "
                        + principal + "/" + fingerprint + ": a key file was renamed or replaced");
            }
            keys.add(key);
        }
        return keys;
    }

    /** A new key, written owner-only to this folder. */
    public SigningKey generate() {
        SigningKey key = SigningKey.generate(principal);
        key.write(folder.resolve(fileName(key)));
        return key;
    }

    /** The newest key here, made if there is none: for a local bus that registers its own keys. */
    public SigningKey ensureOne() {
        List<SigningKey> keys = keys();
        return keys.isEmpty() ? generate() : keys.get(keys.size() - 1);
    }

    /** The file a key of this principal is kept in, if it is here. */
    public Optional<Path> fileOf(String keyId) {
        return files().stream()
                .filter(file -> SigningKey.read(file, principal).keyId().equals(keyId))
                .findFirst();
    }

    private List<Path> files() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> listed = Files.list(folder)) {
            return listed.filter(this::isKeyFile)
                    .sorted(Comparator.comparing(PrivateKeys::modified).thenComparing(Path::toString))
                    .toList();
        } catch (IOException e) {
            throw new KeyDirectoryException("cannot list the signing keys in " + folder + ": " + e.getMessage(), e);
        }
    }

    private boolean isKeyFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file)
                && (name.equals(principal + SUFFIX)
                        || (name.startsWith(principal + ".")
                                && name.endsWith(SUFFIX)
                                && name.length() == principal.length() + 1 + 8 + SUFFIX.length()));
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private String fileName(SigningKey key) {
        return principal + "." + key.keyId().substring(principal.length() + 1) + SUFFIX;
    }
}
