package org.ddrrbus.launcher.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.ddrrbus.provisioning.Credentials;

/**
 * A partner service's monitoring principal: the account the dashboard (or a Prometheus server) reads the service's
 * {@code /actuator/prometheus} with, and nothing else (no API, no page; the service refuses it with 403). Its password
 * is made at the service's first start and kept in the service's home, readable by the owner only, beside the staff's
 * ({@code ddrr.service.monitoring} of org.ddrrbus.casework.system.ServiceProperties).
 *
 * @param name its login name, {@link #NAME}
 * @param password its password
 * @param madeNow whether this start made the password (so that it is shown once, when made)
 */
public record MonitoringAccount(String name, String password, boolean madeNow) {

    /** The login name of every service's monitoring account; no staff account has it. */
    public static final String NAME = "monitor";

    @Override
    public String toString() {
        return "MonitoringAccount[" + name + ", ***]";
    }

    /** The account kept in {@code file}, made with a new password when the file does not hold one yet. */
    public static MonitoringAccount at(Path file) {
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                stored.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        String kept = stored.getProperty(NAME);
        if (kept != null && !kept.isBlank()) {
            return new MonitoringAccount(NAME, kept, false);
        }
        MonitoringAccount made = new MonitoringAccount(NAME, Credentials.generate(24), true);
        made.save(file);
        return made;
    }

    /** The arguments that give a partner service this account ({@code ddrr.service.monitoring}). */
    public java.util.List<String> serviceArguments() {
        return java.util.List.of(
                "--ddrr.service.monitoring.name=" + name, "--ddrr.service.monitoring.password=" + password);
    }

    private void save(Path file) {
        Properties props = new Properties();
        props.setProperty(name, password);
        try {
            PrivateFiles.directory(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            PrivateFiles.tighten(file);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                props.store(
                        out,
                        "The monitoring account of this service: it may read /actuator/prometheus only. Keep secret.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
