package org.ddrrbus.launcher.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.ddrrbus.client.home.HomeLayout;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.launcher.partner.Enrolment;
import org.ddrrbus.launcher.system.BusAddress;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.MonitoringAccount;
import org.ddrrbus.launcher.system.PrivateFiles;
import org.ddrrbus.launcher.system.StaffAccounts;

/**
 * A node's home: everything one agency (or one of the bus's own components) needs to run, and nothing of anyone else's.
 *
 * <pre>
 *   node.properties     agency, bootstrap servers, security protocol, the key holder's address when the bus seals
 *                       (no secret)
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

    /** The Spring setting a component reads the bus CA's certificate from. */
    static final String CA_SETTING = "ddrr.bus.ca-certificate";

    /** Where {@code node.properties} names the key holder, as {@code bus.properties} does. */
    static final String KEY_HOLDER = BusAddress.KEY_HOLDER;

    /** The Spring setting a component reads the key holder's address from: with it, it seals and opens. */
    static final String KEY_HOLDER_SETTING = "ddrr.bus.subject-keys.url";

    /**
     * The components that seal and open when their home names the key holder: the partner services that keep people's
     * cases, and the dashboard, which counts them. Not the exchange (it holds the keys) nor an embassy's service (it
     * receives no event about a person).
     */
    public static final Set<String> SEALING = Set.of(Components.DASHBOARD, "nctc", "iom", "cicc", "county");

    public NodeHome {
        dir = dir.toAbsolutePath().normalize();
    }

    /**
     * What a node home says about itself.
     *
     * @param keyHolder where its components ask for people's keys, when the bus seals
     */
    public record Settings(
            String agency, String bootstrapServers, String securityProtocol, Optional<String> keyHolder) {}

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
        HomeFiles.writeNodeProperties(
                dir.resolve(NODE_PROPERTIES),
                enrolment.agency(),
                enrolment.bootstrapServers(),
                enrolment.securityProtocol(),
                enrolment.keyHolder());
        try {
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
        HomeLogin.write(this, enrolment);
        PrivateFiles.tighten(dir);
    }

    /**
     * Takes a new password (a rotation) from an enrolment of the same agency, and the key holder's address it names
     * (a home made before the bus sealed learns it so).
     */
    public void takePassword(Enrolment enrolment) {
        Settings settings = settings();
        if (!settings.agency().equals(enrolment.agency())) {
            throw new IllegalArgumentException("the enrolment is for " + enrolment.agency() + ", but " + dir
                    + " is the node home of " + settings.agency());
        }
        HomeFiles.writeNodeProperties(
                dir.resolve(NODE_PROPERTIES),
                settings.agency(),
                settings.bootstrapServers(),
                settings.securityProtocol(),
                enrolment.keyHolder());
        HomeLogin.write(this, enrolment);
        PrivateFiles.tighten(dir);
    }

    /**
     * A home restored from its backup into another folder (a new machine, another path) still names the old folder's
     * {@code ca.crt} in {@code client.properties}, where Kafka's console tools need an absolute path: names this home's
     * again. Returns whether it had to.
     */
    public boolean followMove() {
        return HomeLogin.followMove(this);
    }

    /** The settings of {@code node.properties}; a missing or broken file is one line. */
    public Settings settings() {
        Properties node = HomeFiles.load(dir.resolve(NODE_PROPERTIES));
        String agency = node.getProperty("agency", "").strip();
        String bootstrap = node.getProperty("bootstrap.servers", "").strip();
        String protocol = node.getProperty("security.protocol", "").strip();
        if (agency.isEmpty() || bootstrap.isEmpty() || protocol.isEmpty()) {
            throw new IllegalStateException(
                    dir.resolve(NODE_PROPERTIES)
                            + " lacks agency, bootstrap.servers or security.protocol: make the home again with ./ddrr node init");
        }
        Optional<String> keyHolder = Optional.ofNullable(node.getProperty(KEY_HOLDER))
                .map(String::strip)
                .filter(url -> !url.isEmpty());
        return new Settings(agency, bootstrap, protocol, keyHolder);
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
        HomeFiles.load(login);
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
        HomeFiles.load(dir.resolve(CLIENT_PROPERTIES)).forEach((k, v) -> props.put((String) k, v));
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
        if (SEALING.contains(BusSystem.componentOf(principal).orElse(""))) {
            settings.keyHolder().ifPresent(url -> args.add("--" + KEY_HOLDER_SETTING + "=" + url));
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
        return HomeFiles.foreignKeyFiles(keysDir().resolve("private"), agency);
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

    /** The exchange's federation key pair (file 600), its public part this bus's sealingKey (docs/federation.md). */
    public Path federationSealingKey() {
        return keysDir().resolve("federation").resolve("sealing-key.json");
    }

    public Path monitoringFile() {
        return dir.resolve(MONITORING);
    }

    /**
     * The monitoring account of the partner service this node runs, made (and shown once) at its first start; none
     * for the exchange, the dashboard or an embassy, whose metrics are read otherwise (docs/operations.md).
     */
    public Optional<MonitoringAccount> monitoring(String service) {
        return StaffAccounts.AGENCIES.contains(service)
                ? Optional.of(MonitoringAccount.at(monitoringFile()))
                : Optional.empty();
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

    /** Whether {@code path} lies in this home. */
    public boolean holds(Path path) {
        return path.toAbsolutePath().normalize().startsWith(dir);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
