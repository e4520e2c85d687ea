package org.ddrrbus.casework.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The agency's staff, one account per person, as the operator keeps them with {@code ./ddrr staff}: each line
 * {@code name=ROLE,<BCrypt hash>[,disabled]}. Only the hash is kept; the password is shown once, when it is made. A
 * service given the file ({@code ddrr.service.staff-file}) reads it again whenever it changes, so an account added or
 * disabled counts at the next request, without a restart.
 */
public final class StaffFile {

    /** A person's account. */
    public record Person(String name, StaffRole role, String hash, boolean disabled) {

        public Person {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "a staff name is 2 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter: "
                                + name);
            }
            if (!HASH.matcher(hash).matches()) {
                throw new IllegalArgumentException("the password of " + name + " is not kept as a BCrypt hash");
            }
        }

        Person withDisabled(boolean now) {
            return new Person(name, role, hash, now);
        }
    }

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,63}");
    static final Pattern HASH = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final String DISABLED = "disabled";

    private StaffFile() {}

    /** The people of the file, by name; none when it does not exist yet. */
    public static Map<String, Person> read(Path file) {
        Map<String, Person> people = new TreeMap<>();
        if (!Files.exists(file)) {
            return people;
        }
        Properties lines = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (String name : lines.stringPropertyNames()) {
            String[] parts = lines.getProperty(name).split(",");
            if (parts.length < 2) {
                throw new IllegalArgumentException(file + ": " + name + " needs ROLE,<hash>");
            }
            StaffRole role = StaffRole.valueOf(parts[0].strip().toUpperCase(Locale.ROOT));
            boolean disabled = parts.length > 2 && parts[2].strip().equals(DISABLED);
            people.put(name, new Person(name, role, parts[1].strip(), disabled));
        }
        return people;
    }

    /** Writes the people, readable by the owner only, replacing the file in one step. */
    public static void write(Path file, Map<String, Person> people) {
        Properties lines = new Properties();
        people.values()
                .forEach(p -> lines.setProperty(
                        p.name(), p.role().name() + "," + p.hash() + (p.disabled() ? "," + DISABLED : "")));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path next = Files.createTempFile(dir, ".staff", ".tmp");
            try {
                Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system.
            }
            try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
                lines.store(out, "Staff accounts, one per person (./ddrr staff). Only BCrypt hashes are kept.");
            }
            try {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The people with one disabled or enabled again; a 1-line refusal when there is no such person. */
    public static Map<String, Person> disabled(Map<String, Person> people, String name, boolean disabled) {
        Person person = people.get(name);
        if (person == null) {
            throw new IllegalArgumentException("no staff account " + name + " is kept here");
        }
        Map<String, Person> next = new TreeMap<>(people);
        next.put(name, person.withDisabled(disabled));
        return next;
    }
}
