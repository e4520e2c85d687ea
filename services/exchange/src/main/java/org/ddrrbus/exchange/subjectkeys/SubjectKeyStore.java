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
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.ddrrbus.client.envelope.SubjectRefs;

/**
 * Each person's data keys, as Tink AEAD keysets (AES-256-GCM), one file per key under the person's own directory.
 *
 * <p>Keys live in files, never in Kafka: a record on a compacted topic is gone only once compaction has rewritten its
 * segment, whereas deleting a file here is deleting the key. Directories are 700 and files 600, readable by the key
 * holder's user only. Backups of this directory must be kept out, or shredded together with it.
 */
public final class SubjectKeyStore {

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's AEAD could not be registered", e);
        }
    }

    private final Path root;
    private final Clock clock;

    public SubjectKeyStore(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
        privateDirectory(root);
    }

    /** The key, made now if the person has none for this retention and month yet; never an expired key. */
    public synchronized Aead keyFor(SubjectKeyId id) {
        if (id.expired(clock)) {
            throw new IllegalArgumentException("the key " + id.retention() + " " + id.month() + " of " + id.subjectRef()
                    + " has expired: events of that month are past their retention");
        }
        Path file = file(id);
        if (!Files.exists(file)) {
            make(file);
        }
        return read(file).orElseThrow();
    }

    /** The key if it still exists and has not expired: empty once the person is erased or the retention ended. */
    public synchronized Optional<Aead> find(SubjectKeyId id) {
        return id.expired(clock) ? Optional.empty() : read(file(id));
    }

    /**
     * Destroys every key of the person: their events become unreadable everywhere.
     *
     * @return how many keys were destroyed (0 when the person had none, or was erased before)
     */
    public synchronized int destroy(String subjectRef) {
        Path dir = personDirectory(subjectRef);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        List<Path> keys = list(dir);
        for (Path key : keys) {
            delete(key);
        }
        delete(dir);
        return keys.size();
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
        return personDirectory(id.subjectRef()).resolve(id.fileName());
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

    private static Optional<Aead> read(Path file) {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            KeysetHandle keyset = TinkJsonProtoKeysetFormat.parseKeyset(
                    Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
            return Optional.of(keyset.getPrimitive(RegistryConfiguration.get(), Aead.class));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable key " + file.getFileName(), e);
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
