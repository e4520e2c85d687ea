package org.ddrrbus.launcher.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.ddrrbus.provisioning.Credentials;

/**
 * The people who sign in to the services of a running system: for each partner agency a supervisor, a caseworker and
 * a viewer; a programme manager and the embassies for the dashboard. Passwords are generated on the first start and
 * kept (readable by the owner only) so that a restart keeps them. Which accounts were made just now is known, so that
 * their passwords are shown once, when they are made, and never again.
 */
public final class StaffAccounts {

    public static final List<String> AGENCIES = List.of("nctc", "iom", "cicc", "county");
    public static final List<String> EMBASSIES = List.of("embassy-dk", "embassy-de", "embassy-nl", "embassy-us");

    /** One account: where it signs in and with which role. */
    public record Account(String service, String name, String password, String role) {}

    private final List<Account> accounts;
    private final Set<String> made;

    private StaffAccounts(List<Account> accounts, Set<String> made) {
        this.accounts = List.copyOf(accounts);
        this.made = Set.copyOf(made);
    }

    /** The accounts kept in {@code file}, created with new passwords when the file does not exist yet. */
    public static StaffAccounts at(Path file) {
        return at(file, account -> true);
    }

    /**
     * Only the accounts {@code keep} accepts, kept in {@code file}: a node home holds the staff of its own service and
     * nobody else's.
     */
    public static StaffAccounts at(Path file, java.util.function.Predicate<Account> keep) {
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                stored.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        StaffAccounts all = generate(name -> Optional.ofNullable(stored.getProperty(name)));
        List<Account> kept = all.accounts.stream().filter(keep).toList();
        StaffAccounts accounts = new StaffAccounts(
                kept,
                kept.stream()
                        .map(Account::name)
                        .filter(all.made::contains)
                        .collect(java.util.stream.Collectors.toSet()));
        accounts.save(file);
        return accounts;
    }

    /** The accounts of several services together, each as its own home keeps them: for a demo that plays them all. */
    public static StaffAccounts of(java.util.Collection<StaffAccounts> parts) {
        List<Account> accounts = new ArrayList<>();
        Set<String> made = new HashSet<>();
        for (StaffAccounts part : parts) {
            accounts.addAll(part.accounts);
            made.addAll(part.made);
        }
        return new StaffAccounts(accounts, made);
    }

    /** Fresh accounts that live only in memory, for tests. */
    public static StaffAccounts inMemory() {
        return generate(name -> Optional.empty());
    }

    private static StaffAccounts generate(java.util.function.Function<String, Optional<String>> existing) {
        List<Account> accounts = new ArrayList<>();
        Set<String> made = new HashSet<>();
        java.util.function.Function<String, String> password =
                name -> existing.apply(name).orElseGet(() -> {
                    made.add(name);
                    return Credentials.generate(12);
                });
        for (String agency : AGENCIES) {
            for (String role : List.of("supervisor", "caseworker", "viewer")) {
                String name = agency + "-" + role;
                accounts.add(new Account(agency, name, password.apply(name), role.toUpperCase()));
            }
        }
        accounts.add(new Account("dashboard", "manager", password.apply("manager"), "MANAGER"));
        for (String embassy : EMBASSIES) {
            String shared = password.apply(embassy);
            accounts.add(new Account("dashboard", embassy, shared, "DONOR"));
            accounts.add(new Account("embassy", embassy, shared, "DONOR"));
        }
        return new StaffAccounts(accounts, made);
    }

    /** Whether the account's password was made by this start (and so has never been shown). */
    public boolean madeNow(Account account) {
        return made.contains(account.name());
    }

    public List<Account> forService(String service) {
        return accounts.stream().filter(a -> a.service().equals(service)).toList();
    }

    public Account get(String name) {
        return accounts.stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no account " + name));
    }

    public List<Account> all() {
        return accounts;
    }

    private void save(Path file) {
        Properties props = new Properties();
        accounts.forEach(a -> props.setProperty(a.name(), a.password()));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system.
                }
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                props.store(out, "Sign-in passwords of the demo staff accounts. Keep secret.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
