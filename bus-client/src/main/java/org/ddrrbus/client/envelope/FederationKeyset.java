package org.ddrrbus.client.envelope;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HybridPrivateKey;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An exchange's federation keyset as it is rotated ({@code ./ddrr federate --rotate-sealing-key}): a new key becomes
 * primary, and only its public part is this bus's {@code sealingKey}; the keys it replaced stay in the keyset, so what
 * was sealed to them still opens (Tink's hybrid decryption picks the key by the ciphertext's 5-byte key-id prefix, the
 * {@code TINK} variant of {@link FederationSeal#PARAMETERS}), until they are destroyed: removed from the keyset, their
 * bytes gone from the file, once they stopped being primary longer ago than a retention (the flow topics' 7 days).
 *
 * <p>A Tink keyset records no time, so when each key stopped being primary is kept beside it, in {@code
 * <keyset>.retired} (owner-only, like the keyset): one line {@code <key id>=<instant>} per key that is no longer
 * primary. A key that is not primary and has no line (the file lost) counts as retired now: it is kept a whole
 * retention more, never destroyed early. Both files are replaced whole (written beside, then moved over), never left
 * half-written.
 */
public final class FederationKeyset {

    /** The name of the file beside a keyset that records when each of its keys stopped being primary. */
    public static final String RETIRED_SUFFIX = ".retired";

    private static final String OWNER_ONLY = "rw-------";

    /**
     * What the keyset holds after a rotation or a clean-up.
     *
     * @param primary the primary key's id: what the other bus seals to, once the agreement names its public part
     * @param publicKey the primary key's public part, as the agreement's {@code sealingKey} holds it
     * @param retired each key kept for opening only, with when it stopped being primary
     * @param destroyed the keys removed from the keyset now, with when they had stopped being primary
     * @param stillNamed the retired key kept past the retention because the agreement still names it, if any
     */
    public record Keys(
            int primary,
            String publicKey,
            Map<Integer, Instant> retired,
            Map<Integer, Instant> destroyed,
            Optional<Integer> stillNamed) {

        public Keys {
            retired = Collections.unmodifiableMap(new TreeMap<>(retired));
            destroyed = Collections.unmodifiableMap(new TreeMap<>(destroyed));
        }
    }

    private FederationKeyset() {}

    /** The file that records when each key of {@code keyset} stopped being primary. */
    public static Path retiredFile(Path keyset) {
        return keyset.resolveSibling(keyset.getFileName() + RETIRED_SUFFIX);
    }

    /**
     * Adds a new primary key to the keyset in {@code file}, keeps the one it replaces for opening (retired at {@code
     * now}), and destroys the keys retired longer ago than {@code retention}, but never the one {@code stillSealedTo}
     * (the agreement's {@code sealingKey} of this bus, base64) names: the other bus may still seal to it.
     */
    public static Keys rotate(Path file, Instant now, Duration retention, Optional<String> stillSealedTo) {
        KeysetHandle handle = read(file);
        Map<Integer, Instant> retired = retiredOf(file, handle, now);
        retired.put(handle.getPrimary().getId(), now);
        return destroyAndWrite(file, handle, true, retired, now, retention, stillSealedTo);
    }

    /**
     * Destroys the keys of the keyset in {@code file} retired longer ago than {@code retention}, but never the one
     * {@code stillSealedTo} names; writes the files only when something changed.
     */
    public static Keys destroyExpired(Path file, Instant now, Duration retention, Optional<String> stillSealedTo) {
        KeysetHandle handle = read(file);
        return destroyAndWrite(file, handle, false, retiredOf(file, handle, now), now, retention, stillSealedTo);
    }

    /**
     * Opens with the keyset in {@code file} as it is now, starting from {@code read}: the file is read again whenever it
     * was replaced (a rotation or a destruction writes a new file), so a running inlet opens with a new key at once and
     * no longer with a destroyed one. Until the file is readable again, the keyset last read opens.
     */
    static HybridDecrypt opener(Path file, KeysetHandle read) throws GeneralSecurityException {
        HybridDecrypt first = read.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
        return new HybridDecrypt() {
            private Optional<List<Object>> seen = stamp(file);
            private HybridDecrypt current = first;

            @Override
            public synchronized byte[] decrypt(byte[] ciphertext, byte[] contextInfo) throws GeneralSecurityException {
                Optional<List<Object>> now = stamp(file);
                if (now.isPresent() && !now.equals(seen)) {
                    try {
                        current = read(file).getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
                        seen = now;
                    } catch (RuntimeException e) {
                        // Being replaced, or broken: read again at the next value.
                    }
                }
                return current.decrypt(ciphertext, contextInfo);
            }
        };
    }

    /** What tells that a file was replaced or rewritten: its inode, time and size. */
    private static Optional<List<Object>> stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(
                    List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime(), attributes.size()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The primary key's public part alone, base64 of Tink's binary keyset without secret: a bus's sealingKey. */
    static String publicKeyOf(KeysetHandle handle) throws GeneralSecurityException {
        KeysetHandle.Builder onlyPrimary = KeysetHandle.newBuilder(handle.getPublicKeysetHandle());
        for (int i = onlyPrimary.size() - 1; i >= 0; i--) {
            if (!onlyPrimary.getAt(i).isPrimary()) {
                onlyPrimary.deleteAt(i);
            }
        }
        return Base64.getEncoder()
                .encodeToString(TinkProtoKeysetFormat.serializeKeysetWithoutSecret(onlyPrimary.build()));
    }

    private static Keys destroyAndWrite(
            Path file,
            KeysetHandle handle,
            boolean addPrimary,
            Map<Integer, Instant> retired,
            Instant now,
            Duration retention,
            Optional<String> stillSealedTo) {
        try {
            boolean changed = addPrimary || !retired.equals(readRetired(file));
            Optional<Key> named = stillSealedTo.flatMap(FederationKeyset::publicKeyNamed);
            Optional<Integer> stillNamed = Optional.empty();
            Map<Integer, Instant> destroyed = new TreeMap<>();
            // Entries keep their order in a builder made from the keyset: index i there is index i here.
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
            for (int i = handle.size() - 1; i >= 0; i--) {
                KeysetHandle.Entry entry = handle.getAt(i);
                Instant since = retired.get(entry.getId());
                if (entry.isPrimary() || since == null || !since.plus(retention).isBefore(now)) {
                    continue;
                }
                if (named.isPresent() && names(named.get(), entry.getKey())) {
                    stillNamed = Optional.of(entry.getId());
                    continue;
                }
                builder.deleteAt(i);
                destroyed.put(entry.getId(), retired.remove(entry.getId()));
                changed = true;
            }
            if (addPrimary) {
                builder.addEntry(KeysetHandle.generateEntryFromParameters(FederationSeal.PARAMETERS)
                        .withRandomId()
                        .makePrimary());
            }
            KeysetHandle written = builder.build();
            if (changed) {
                // The record first: a key it names that the keyset no longer holds (or holds as primary) is ignored
                // at the next read, so a crash between the two writes loses nothing.
                writeOwnerOnly(retiredFile(file), retiredText(retired));
                writeOwnerOnly(file, TinkJsonProtoKeysetFormat.serializeKeyset(written, InsecureSecretKeyAccess.get()));
            }
            return new Keys(written.getPrimary().getId(), publicKeyOf(written), retired, destroyed, stillNamed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink could not rotate the federation keyset " + file.getFileName(), e);
        }
    }

    /** Whether {@code key} (private) is the one whose public part {@code named} is. */
    private static boolean names(Key named, Key key) {
        return key instanceof HybridPrivateKey privateKey
                && privateKey.getPublicKey().equalsKey(named);
    }

    private static Optional<Key> publicKeyNamed(String base64) {
        try {
            return Optional.of(TinkProtoKeysetFormat.parseKeysetWithoutSecret(
                            Base64.getDecoder().decode(base64))
                    .getPrimary()
                    .getKey());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty(); // not a key of this keyset, whatever it is: it keeps nothing
        }
    }

    private static KeysetHandle read(Path file) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(
                    Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("unreadable federation key pair " + file + ": not a Tink keyset");
        }
    }

    /**
     * When each non-primary key of {@code handle} stopped being primary, as recorded beside it; {@code now} for one
     * that has no record.
     */
    private static Map<Integer, Instant> retiredOf(Path file, KeysetHandle handle, Instant now) {
        Map<Integer, Instant> recorded = readRetired(file);
        Map<Integer, Instant> retired = new TreeMap<>();
        for (int i = 0; i < handle.size(); i++) {
            KeysetHandle.Entry entry = handle.getAt(i);
            if (!entry.isPrimary()) {
                retired.put(entry.getId(), recorded.getOrDefault(entry.getId(), now));
            }
        }
        return retired;
    }

    private static Map<Integer, Instant> readRetired(Path keyset) {
        Path file = retiredFile(keyset);
        Map<Integer, Instant> retired = new TreeMap<>();
        if (!Files.exists(file)) {
            return retired;
        }
        Properties lines = new Properties();
        try {
            lines.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            for (String id : lines.stringPropertyNames()) {
                retired.put(
                        Integer.parseUnsignedInt(id),
                        Instant.parse(lines.getProperty(id).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalStateException(
                    "unreadable " + file + ": each line is <key id>=<instant it stopped being primary>");
        }
        return retired;
    }

    private static String retiredText(Map<Integer, Instant> retired) {
        StringBuilder text = new StringBuilder(
                "# When each key of the federation keyset beside stopped being primary (docs/federation.md)\n");
        new TreeMap<>(retired)
                .forEach((id, since) -> text.append(Integer.toUnsignedString(id))
                        .append('=')
                        .append(since)
                        .append('\n'));
        return text.toString();
    }

    /** Replaces {@code file} whole with {@code text}, readable and writable by its owner only. */
    static void writeOwnerOnly(Path file, String text) {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.deleteIfExists(next);
            Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
            Files.writeString(next, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
