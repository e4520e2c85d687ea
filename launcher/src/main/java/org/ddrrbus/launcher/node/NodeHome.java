package org.ddrrbus.launcher.node;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.client.home.HomeLayout;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.launcher.partner.Enrolment;
import org.ddrrbus.launcher.system.KafkaClientFile;
import org.ddrrbus.launcher.system.MonitoringAccount;
import org.ddrrbus.launcher.system.PrivateFiles;
import org.ddrrbus.launcher.system.StaffAccounts;

/**
 * A node's home: everything one agency (or one of the bus's own components) needs to run, and nothing of anyone else's.
 *
 * <pre>
 *   node.properties     agency, bootstrap servers, security protocol (no secret)
 *   client.properties   Kafka client settings logging in as the agency, usable as-is by Kafka's console tools
 *                       (not in the auditor's home: auditor-login.properties holds its password, for ./ddrr audit)
 *   ca.crt              the bus CA's certificate, when the bus speaks TLS
 *   agreement.yaml      the sharing agreement
 *   keys/private/       the agency's own signing keys, made here and never sent anywhere
 *   keys/directory.pub  the key directory's trust anchor
 *   staff.properties    the service's staff accounts, made at its first start
 *   monitoring.properties  a partner service's monitoring account (reads its metrics only), made at its first start
 *   state/              the component's local state (the exchange's and the dashboard's stores)
 * </pre>
 *
 * Directories are owner-only (700), files too (600).
 */
public record NodeHome(Path dir) {

    public static final String NODE_PROPERTIES = HomeLayout.NODE_PROPERTIES;
    public static final String CLIENT_PROPERTIES = HomeLayout.CLIENT_PROPERTIES;
    public static final String AUDITOR_LOGIN = HomeLayout.AUDITOR_LOGIN;
    public static final String CA_CERTIFICATE = HomeLayout.CA_CERTIFICATE;
    public static final String AGREEMENT = HomeLayout.AGREEMENT;
    public static final String KEYS = HomeLayout.KEYS;
    public static final String STAFF = HomeLayout.STAFF;
    /** The people's own staff accounts, BCrypt hashes only (org.ddrrbus.casework.system.StaffFile). */
    public static final String PEOPLE = "people.properties";
    /** A partner service's monitoring account ({@link MonitoringAccount}). */
    public static final String MONITORING = "monitoring.properties";

    public static final String STATE = HomeLayout.STATE;

    /** Where {@code client.properties} names the bus CA's certificate. */
    private static final String TRUSTSTORE_LOCATION = "ssl.truststore.location";

    /** The Spring setting a component reads the bus CA's certificate from. */
    static final String CA_SETTING = "ddrr.bus.ca-certificate";

    public NodeHome {
        dir = dir.toAbsolutePath().normalize();
    }

    /** What a node home says about itself. */
    public record Settings(String agency, String bootstrapServers, String securityProtocol) {}

    public boolean exists() {
        return Files.isRegularFile(dir.resolve(NODE_PROPERTIES));
    }

    /**
     * Writes a new home from an enrolment; the signing key is made separately ({@link #privateKeys()}), so that a home
     * is complete before anything secret of its own is in it.
     */
    public void write(Enrolment enrolment) {
        PrivateFiles.directory(dir);
        PrivateFiles.directory(keysDir().resolve("private"));
        // Written as plain lines, not Properties.store: a person reads it, and host:port stays as typed.
        List<String> node = List.of(
                "# The node of " + enrolment.agency() + " on the ddrr bus (no secret).",
                "agency=" + enrolment.agency(),
                "bootstrap.servers=" + enrolment.bootstrapServers(),
                "security.protocol=" + enrolment.securityProtocol());
        try {
            Files.write(dir.resolve(NODE_PROPERTIES), node, StandardCharsets.UTF_8);
            if (enrolment.caCertificate().isPresent()) {
                Files.writeString(caFile(), enrolment.caCertificate().get(), StandardCharsets.US_ASCII);
            } else {
                Files.deleteIfExists(caFile());
            }
            Files.writeString(agreementFile(), enrolment.agreement(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the node home " + dir, e);
        }
        enrolment.anchor().write(keysDir().resolve(DirectoryAnchor.FILE_NAME));
        writeLogin(enrolment);
        PrivateFiles.tighten(dir);
    }

    /** Takes a new password (a rotation) from an enrolment of the same agency. */
    public void takePassword(Enrolment enrolment) {
        Settings settings = settings();
        if (!settings.agency().equals(enrolment.agency())) {
            throw new IllegalArgumentException("the enrolment is for " + enrolment.agency() + ", but " + dir
                    + " is the node home of " + settings.agency());
        }
        writeLogin(enrolment);
        PrivateFiles.tighten(dir);
    }

    /**
     * The agency's Kafka login: a client file, or for an auditor of the agreement only its password. An auditor reads
     * every inbox; a client file that Kafka's console tools take as-is would invite reading around {@code ./ddrr audit},
     * which records every run in {@code ddrr.audit-access} before it reads (the broker's read log records both).
     */
    private void writeLogin(Enrolment enrolment) {
        boolean auditor = enrolment.sharingAgreement().agenciesWith(Role.AUDITOR).stream()
                .anyMatch(a -> a.id().equals(enrolment.agency()));
        if (!auditor) {
            writeClientProperties(enrolment.password());
            return;
        }
        Properties login = new Properties();
        login.setProperty("password", enrolment.password());
        Path file = dir.resolve(AUDITOR_LOGIN);
        try {
            if (!Files.exists(file)) {
                // Owner-only from the start, not only once the home is tightened.
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                login.store(
                        out,
                        " The Kafka password of " + enrolment.agency() + ", for ./ddrr audit only; no client file.");
            }
            // Made by an earlier version: the auditor keeps no ready client file.
            Files.deleteIfExists(dir.resolve(CLIENT_PROPERTIES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void writeClientProperties(String password) {
        Settings settings = settings();
        new KafkaClientFile(
                        settings.agency(),
                        password,
                        settings.bootstrapServers(),
                        settings.securityProtocol(),
                        Files.isRegularFile(caFile()) ? java.util.Optional.of(caFile()) : java.util.Optional.empty())
                .write(dir.resolve(CLIENT_PROPERTIES));
    }

    /**
     * A home restored from its backup into another folder (a new machine, another path) still names the old folder's
     * {@code ca.crt} in {@code client.properties}, where Kafka's console tools need an absolute path: names this home's
     * again. Returns whether it had to.
     */
    public boolean followMove() {
        Path client = dir.resolve(CLIENT_PROPERTIES);
        if (!Files.isRegularFile(client) || !Files.isRegularFile(caFile())) {
            return false;
        }
        String named = load(client).getProperty(TRUSTSTORE_LOCATION, "").strip();
        if (!named.isEmpty() && Path.of(named).toAbsolutePath().normalize().equals(caFile())) {
            return false;
        }
        writeClientProperties(password());
        PrivateFiles.tighten(dir);
        return true;
    }

    /** The settings of {@code node.properties}; a missing or broken file is one line. */
    public Settings settings() {
        Properties node = load(dir.resolve(NODE_PROPERTIES));
        String agency = node.getProperty("agency", "").strip();
        String bootstrap = node.getProperty("bootstrap.servers", "").strip();
        String protocol = node.getProperty("security.protocol", "").strip();
        if (agency.isEmpty() || bootstrap.isEmpty() || protocol.isEmpty()) {
            throw new IllegalStateException(
                    dir.resolve(NODE_PROPERTIES)
                            + " lacks agency, bootstrap.servers or security.protocol: make the home again with ./ddrr node init");
        }
        return new Settings(agency, bootstrap, protocol);
    }

    /** Where the home keeps its Kafka password: {@code client.properties}, or the auditor's login file. */
    public Path loginFile() {
        return Files.isRegularFile(dir.resolve(AUDITOR_LOGIN))
                ? dir.resolve(AUDITOR_LOGIN)
                : dir.resolve(CLIENT_PROPERTIES);
    }

    /** The node's Kafka password, from {@link #loginFile()}. */
    public String password() {
        Path login = loginFile();
        load(login);
        try {
            return HomeLayout.password(dir)
                    .orElseThrow(() -> new IllegalStateException(login
                            + " holds no password: take one with ./ddrr node password --home " + dir
                            + " --enrolment FILE"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(CLIENT_PROPERTIES), e);
        }
    }

    /** Kafka client settings that log in as the node's agency, for its own checks before it starts. */
    public Map<String, Object> kafkaClientProperties() {
        Map<String, Object> props = new HashMap<>();
        load(dir.resolve(CLIENT_PROPERTIES)).forEach((k, v) -> props.put((String) k, v));
        props.remove("group.id");
        props.remove("isolation.level");
        return props;
    }

    /**
     * The arguments that connect the node's Spring component to the bus as its agency, every file from this home.
     *
     * @param principal who the component logs in as; must be this home's agency
     */
    public List<String> arguments(String principal) {
        Settings settings = settings();
        if (!settings.agency().equals(principal)) {
            throw new IllegalStateException(dir + " is the node home of " + settings.agency() + ", not " + principal);
        }
        List<String> args = new ArrayList<>();
        args.add("--ddrr.bus.principal=" + principal);
        args.add("--ddrr.bus.bootstrap-servers=" + settings.bootstrapServers());
        args.add("--ddrr.bus.security-protocol=" + settings.securityProtocol());
        args.add("--ddrr.bus.password=" + password());
        args.add("--ddrr.bus.agreement=" + agreementFile());
        args.add("--ddrr.bus.keys-dir=" + keysDir());
        if (Files.isRegularFile(caFile())) {
            args.add("--" + CA_SETTING + "=" + caFile());
        }
        return args;
    }

    public Path keysDir() {
        return dir.resolve(KEYS);
    }

    public PrivateKeys privateKeys() {
        return PrivateKeys.at(keysDir().resolve("private"), settings().agency());
    }

    /** Key files in {@code keys/private} that are not the agency's: a node holds only its own agency's keys. */
    public List<Path> foreignKeyFiles(String agency) {
        Path folder = keysDir().resolve("private");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".key"))
                    .filter(f -> !f.getFileName().toString().startsWith(agency + "."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    public Path caFile() {
        return dir.resolve(CA_CERTIFICATE);
    }

    public Path agreementFile() {
        return dir.resolve(AGREEMENT);
    }

    public Path staffFile() {
        return dir.resolve(STAFF);
    }

    /** The people's own accounts of the service this node runs, kept hashed by {@code ./ddrr staff}. */
    public Path peopleFile() {
        return dir.resolve(PEOPLE);
    }

    public Path stateDir() {
        return dir.resolve(STATE);
    }

    public Path monitoringFile() {
        return dir.resolve(MONITORING);
    }

    /**
     * The monitoring account of the partner service this node runs, made (and shown once) at its first start; none
     * for the exchange, the dashboard or an embassy, whose metrics are read otherwise (docs/operations.md).
     */
    public java.util.Optional<MonitoringAccount> monitoring(String service) {
        return StaffAccounts.AGENCIES.contains(service)
                ? java.util.Optional.of(MonitoringAccount.at(monitoringFile()))
                : java.util.Optional.empty();
    }

    /** The staff accounts of the service this node runs, made (and shown once) at its first start. */
    public StaffAccounts staff(String service, String principal) {
        return StaffAccounts.at(
                staffFile(),
                account -> account.service().equals(service)
                        // An embassy's node signs in its own staff; another embassy's staff are not its to keep.
                        && (!service.equals("embassy") || account.name().equals(principal)));
    }

    static boolean isComponent(String principal) {
        return principal.equals(Components.EXCHANGE) || principal.equals(Components.DASHBOARD);
    }

    private static Properties load(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("no " + file.getFileName() + " in " + file.getParent()
                    + ": is this a node home? (./ddrr node init makes one)");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
        }
        return props;
    }

    /** Whether {@code path} lies in this home. */
    public boolean holds(Path path) {
        return path.toAbsolutePath().normalize().startsWith(dir);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
