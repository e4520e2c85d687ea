package org.ddrrbus.exchange.subjectkeys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Period;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.ddrrbus.client.envelope.SubjectKeyHolder;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.envelope.SubjectRefs;

/**
 * Each person's data keys, as Tink AEAD keysets (AES-256-GCM), one file per key under the person's own directory.
 *
 * <p>Keys live in files, never in Kafka: a record on a compacted topic is gone only once compaction has rewritten its
 * segment, whereas deleting a file here is deleting the key. Directories are 700 and files 600, readable by the key
 * holder's user only. Backups of this directory must be kept out, or shredded together with it.
 */
public final class SubjectKeyStore implements SubjectKeyHolder {

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's AEAD could not be registered", e);
        }
    }

    private static final String DELIVERED = ".delivered";

    private final Path root;
    private final Clock clock;
    /** The deliveries recorded since the start, {@code <subjectRef>/<agency>}: each file is written once. */
    private final Set<String> recorded = new HashSet<>();

    public SubjectKeyStore(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
        privateDirectory(root);
    }

    /**
     * The key, made now if the person has none for this retention and month yet; never an expired key, and never a
     * key of a person erased.
     *
     * @throws IllegalArgumentException when the key has expired
     * @throws IllegalStateException when the person was erased
     */
    @Override
    public synchronized Aead keyFor(SubjectKeyId id) {
        return primitive(keysetFor(id));
    }

    /** The keyset of {@link #keyFor} as Tink's JSON, for the key holder to hand to a partner it grants it to. */
    public synchronized String keysetFor(SubjectKeyId id) {
        if (id.expired(clock)) {
            throw new IllegalArgumentException("the key " + id.retention() + " " + id.month() + " of " + id.subjectRef()
                    + " has expired: events of that month are past their retention");
        }
        if (erased(id.subjectRef())) {
            throw new IllegalStateException(id.subjectRef() + " was erased: no key is made for the person again");
        }
        Path file = file(id);
        if (!Files.exists(file)) {
            make(file);
        }
        return readText(file).orElseThrow();
    }

    /** The keyset of {@link #find} as Tink's JSON; empty once erased or expired. */
    @Override
    public synchronized Optional<String> findKeyset(SubjectKeyId id) {
        return id.expired(clock) ? Optional.empty() : readText(file(id));
    }

    /** Whether the person's keys were destroyed at their erasure (a mark holding only the case code remains). */
    @Override
    public synchronized boolean erased(String subjectRef) {
        return Files.exists(erasedMark(subjectRef));
    }

    /** The key if it still exists and has not expired: empty once the person is erased or the retention ended. */
    @Override
    public synchronized Optional<Aead> find(SubjectKeyId id) {
        return findKeyset(id).map(SubjectKeyStore::primitive);
    }

    /**
     * Records that a sealed event of the person was delivered to {@code agency} (a file {@code <agency>.delivered}
     * beside the person's keys, holding nothing): the key holder opens the person's keys only to such agencies. Nothing
     * is recorded for a person erased.
     */
    public synchronized void recordDelivery(String subjectRef, String agency) {
        if (!recorded.add(subjectRef + "/" + agency) || erased(subjectRef)) {
            return;
        }
        Path file = personDirectory(subjectRef).resolve(agency + DELIVERED);
        if (Files.exists(file)) {
            return;
        }
        privateDirectory(file.getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // Recorded meanwhile: the same.
        } catch (IOException e) {
            recorded.remove(subjectRef + "/" + agency);
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a sealed event of the person was delivered to anyone: a person new to the bus has none. */
    public synchronized boolean deliveredToAnyone(String subjectRef) {
        return list(personDirectory(subjectRef)).stream()
                .anyMatch(file -> file.getFileName().toString().endsWith(DELIVERED));
    }

    /** Whether a sealed event of the person was delivered to {@code agency} (and the person is not erased). */
    @Override
    public synchronized boolean delivered(String subjectRef, String agency) {
        return Files.exists(personDirectory(subjectRef).resolve(agency + DELIVERED));
    }

    /**
     * Destroys every key of the person: their events become unreadable everywhere. The record of whom their events
     * were delivered to goes with them.
     *
     * @return how many keys were destroyed (0 when the person had none, or was erased before)
     */
    @Override
    public synchronized int destroy(String subjectRef) {
        Path dir = personDirectory(subjectRef);
        markErased(subjectRef);
        recorded.removeIf(entry -> entry.startsWith(subjectRef + "/"));
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int keys = 0;
        for (Path file : list(dir)) {
            if (file.getFileName().toString().endsWith(".json")) {
                keys++;
            }
            delete(file);
        }
        delete(dir);
        return keys;
    }

    /** Destroys every key whose retention has ended. @return the keys destroyed */
    public synchronized List<SubjectKeyId> expire() {
        List<SubjectKeyId> expired = new ArrayList<>();
        for (Path dir : list(root)) {
            String subjectRef = dir.getFileName().toString();
            for (Path key : list(dir)) {
                Optional<SubjectKeyId> id = parse(subjectRef, key.getFileName().toString());
                if (id.isPresent() && id.get().expired(clock)) {
                    delete(key);
                    expired.add(id.get());
                }
            }
        }
        return expired;
    }

    private static Optional<SubjectKeyId> parse(String subjectRef, String fileName) {
        if (!fileName.endsWith(".json") || !fileName.contains("_")) {
            return Optional.empty();
        }
        String[] parts =
                fileName.substring(0, fileName.length() - ".json".length()).split("_", 2);
        try {
            return Optional.of(new SubjectKeyId(subjectRef, Period.parse(parts[0]), YearMonth.parse(parts[1])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Path personDirectory(String subjectRef) {
        if (!SubjectRefs.isCaseCode(subjectRef)) {
            throw new IllegalArgumentException("not a case code: " + SubjectRefs.CASE_CODE_MESSAGE);
        }
        return root.resolve(subjectRef);
    }

    private Path file(SubjectKeyId id) {
        return personDirectory(id.subjectRef()).resolve(id.retention() + "_" + id.month() + ".json");
    }

    private static void make(Path file) {
        privateDirectory(file.getParent());
        try {
            KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, json, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException e) {
            // Made meanwhile by another holder of the same directory: use that one.
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink could not make a key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> readText(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Aead primitive(String keysetJson) {
        try {
            KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
            return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable key", e);
        }
    }

    private Path erasedMark(String subjectRef) {
        return personDirectory(subjectRef).resolveSibling(subjectRef + ".erased");
    }

    private void markErased(String subjectRef) {
        Path mark = erasedMark(subjectRef);
        try {
            if (!Files.exists(mark)) {
                Files.createFile(
                        mark, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (FileAlreadyExistsException e) {
            // Marked meanwhile: the same.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void privateDirectory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
