package org.ddrrbus.provisioning;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Passwords of the bus's Kafka principals, generated on first need and kept in a file only the owner can read.
 *
 * <p>The broker keeps only salted SCRAM hashes; this file is where services and the launcher find the passwords.
 */
public final class Credentials {

    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<Path> file;
    private final Map<String, String> passwords;

    private Credentials(Optional<Path> file, Map<String, String> passwords) {
        this.file = file;
        this.passwords = passwords;
    }

    /** A store backed by a properties file, created when missing. */
    public static Credentials at(Path file) {
        Map<String, String> passwords = new TreeMap<>();
        if (Files.exists(file)) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read credentials from " + file, e);
            }
            props.stringPropertyNames().forEach(name -> passwords.put(name, props.getProperty(name)));
        }
        return new Credentials(Optional.of(file), passwords);
    }

    /** A store that lives only in memory, for tests. */
    public static Credentials inMemory() {
        return new Credentials(Optional.empty(), new TreeMap<>());
    }

    public synchronized boolean has(String principal) {
        return passwords.containsKey(principal);
    }

    /** The principal's password, generating and saving one the first time it is asked for. */
    public synchronized String passwordFor(String principal) {
        String existing = passwords.get(principal);
        if (existing != null) {
            return existing;
        }
        String password = generate(24);
        passwords.put(principal, password);
        save();
        return password;
    }

    public synchronized Map<String, String> all() {
        return Map.copyOf(passwords);
    }

    public static String generate(int length) {
        StringBuilder password = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        Path path = file.get();
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            if (!Files.exists(path)) {
                Files.createFile(path);
                try {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system; the directory's own protection has to do.
                }
            }
            Properties props = new Properties();
            props.putAll(passwords);
            try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
                props.store(out, "Kafka passwords of the ddrr-bus principals. Keep secret.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write credentials to " + path, e);
        }
    }
}
