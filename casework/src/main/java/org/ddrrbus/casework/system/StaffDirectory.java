package org.ddrrbus.casework.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Who may sign in: the accounts the service was started with, hashed at start, and the people of its {@link StaffFile}
 * when it has one, read again whenever the file changes. A disabled person cannot sign in, and their session ends at
 * their next request.
 *
 * <p>It is a bean, but not a {@link UserDetailsService}: the accounts are reached only through the guarded sign-in
 * ({@link #accounts()}), so Spring Security finds no user store of its own to build an unguarded sign-in on.
 */
public final class StaffDirectory {

    private static final Logger log = LoggerFactory.getLogger(StaffDirectory.class);

    private final Map<String, UserDetails> configured;
    private final Optional<Path> file;
    private FileTime read;
    private Map<String, StaffFile.Person> people = Map.of();

    StaffDirectory(Map<String, UserDetails> configured, Optional<Path> file) {
        this.configured = Map.copyOf(configured);
        this.file = file;
    }

    /** The accounts, for the guarded sign-in only. */
    public UserDetailsService accounts() {
        return this::loadUserByUsername;
    }

    /** The account of that name, as it is now; {@link UsernameNotFoundException} when there is none. */
    public UserDetails loadUserByUsername(String name) {
        UserDetails user = configured.get(name);
        if (user != null) {
            return User.withUserDetails(user).build();
        }
        StaffFile.Person person = people().get(name);
        if (person == null) {
            throw new UsernameNotFoundException("no such account");
        }
        return User.withUsername(person.name())
                .password(person.hash())
                .roles(person.role().name())
                .disabled(person.disabled())
                .build();
    }

    /** Whether the account exists and may sign in now. */
    public boolean active(String name) {
        if (configured.containsKey(name)) {
            return true;
        }
        StaffFile.Person person = people().get(name);
        return person != null && !person.disabled();
    }

    private synchronized Map<String, StaffFile.Person> people() {
        if (file.isEmpty()) {
            return people;
        }
        try {
            FileTime modified =
                    Files.exists(file.get()) ? Files.getLastModifiedTime(file.get()) : FileTime.fromMillis(0);
            if (!modified.equals(read)) {
                people = StaffFile.read(file.get());
                read = modified;
            }
        } catch (IOException | RuntimeException e) {
            // A file half written by hand: keep the people last read rather than let nobody in.
            log.warn("Cannot read the staff file {}: {}", file.get(), e.getMessage());
        }
        return people;
    }
}
