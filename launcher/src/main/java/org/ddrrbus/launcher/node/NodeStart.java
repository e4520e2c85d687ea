package org.ddrrbus.launcher.node;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.ddrrbus.client.health.Probes;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.KeyDirectory;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.MonitoringAccount;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.PrivateFiles;
import org.ddrrbus.launcher.system.StaffAccounts;

/**
 * Starts one node's component from its home, after checking, each in one line, what would otherwise fail deep inside
 * Spring: the home is this agency's, its key is there, readable, its own and approved, and the bus answers in time.
 */
public final class NodeStart {

    private NodeStart() {}

    /** Checks the home and the bus, then starts the agency's component; close the system to stop it. */
    public static BusSystem start(NodeHome home, String agency, Integer port, Duration wait, PrintWriter out) {
        if (!home.exists()) {
            throw new IllegalStateException("no node home at " + home + ": ./ddrr node init " + agency
                    + " --enrolment FILE --home " + home + " makes one");
        }
        NodeHome.Settings settings = home.settings();
        if (!settings.agency().equals(agency)) {
            throw new IllegalStateException(home + " is the node home of " + settings.agency() + ", not " + agency);
        }
        String component = BusSystem.componentOf(agency)
                .orElseThrow(() -> new IllegalArgumentException(agency + " runs no service of its own"
                        + (agency.equals("auditor") ? ": ./ddrr audit --keys-dir " + home.keysDir() + " audits" : "")));
        List<Path> foreign = home.foreignKeyFiles(agency);
        if (!foreign.isEmpty()) {
            throw new IllegalStateException(foreign.get(0) + " is not a key of " + agency
                    + ": a node holds only its own agency's keys; remove it");
        }
        missingKeyHolder(home, agency).ifPresent(out::println);
        if (home.followMove()) {
            out.println("client.properties now names " + home.caFile() + ": the home was restored or moved here");
        }
        PrivateKeys keys = home.privateKeys();
        if (!agency.equals(Components.DASHBOARD) && keys.keys().isEmpty()) {
            throw new IllegalStateException("no signing key of " + agency + " in " + keys.folder()
                    + ": restore the home from its backup, or make a key and ask the operator to approve it"
                    + " (./ddrr keys request " + agency + " --keys-dir " + home.keysDir() + ")");
        }
        reach(home, settings, wait);
        if (!agency.equals(Components.DASHBOARD)) {
            requireApprovedKey(home, keys, wait);
        }
        PrivateFiles.tighten(home.dir());
        StaffAccounts staff = home.staff(component, agency);
        Optional<MonitoringAccount> monitoring = home.monitoring(component);
        Ports ports = port != null ? Ports.standard().with(component, port) : Ports.standard();
        BusSystem system = BusSystem.start(settingsOf(home, agency, staff, monitoring), ports, Set.of(component));
        PrivateFiles.tighten(home.dir());
        out.println(
                agency + " runs from " + home + (component.equals("exchange") ? "" : " at " + system.url(component)));
        boolean shown = staff.all().stream().anyMatch(staff::madeNow);
        for (StaffAccounts.Account account : staff.all()) {
            out.println("  sign in as " + account.name()
                    + (staff.madeNow(account) ? " / " + account.password() : "")
                    + " (" + account.role().toLowerCase() + ")");
        }
        if (!staff.all().isEmpty()) {
            out.println("  " + (shown ? "passwords are shown only now; they are kept in " : "passwords are in ")
                    + home.staffFile() + " (readable by you only)");
        }
        // For the operator's dashboard or a Prometheus server: this account reads /actuator/prometheus and nothing
        // else.
        monitoring.ifPresent(account -> out.println("  metrics: " + account.name()
                + (account.madeNow() ? " / " + account.password() : "") + " may read " + Probes.PROMETHEUS
                + " only; its password is in " + home.monitoringFile() + " (readable by you only)"));
        return system;
    }

    /** The settings of a component started from its own home, and nothing else. */
    public static BusSystem.Settings settingsOf(
            NodeHome home, String principal, StaffAccounts staff, Optional<MonitoringAccount> monitoring) {
        return new BusSystem.Settings() {
            @Override
            public List<String> connection(String component) {
                return home.arguments(principal);
            }

            @Override
            public List<StaffAccounts.Account> staff(String component) {
                return staff.all();
            }

            @Override
            public Path stateDir(String component) {
                return home.stateDir();
            }

            @Override
            public java.util.Optional<Path> peopleFile(String component) {
                return java.util.Optional.of(home.peopleFile());
            }

            @Override
            public Optional<MonitoringAccount> monitoring(String component) {
                return monitoring;
            }
        };
    }

    /**
     * For a component that seals when its home names the key holder, started from a home that names none (made from an
     * enrolment of before the key holder, or of a bus that does not seal): one line saying what that means and exactly
     * what to run. The home cannot tell on its own whether the bus seals, and a bus run {@code --unsealed} gives no
     * address, so this is said, not refused. Empty when the home names the key holder or the component does not seal.
     */
    static Optional<String> missingKeyHolder(NodeHome home, String principal) {
        NodeHome.Settings settings = home.settings();
        if (settings.keyHolder().isPresent()
                || !NodeHome.SEALING.contains(BusSystem.componentOf(principal).orElse(""))) {
            return Optional.empty();
        }
        String agency = settings.agency();
        return Optional.of(home.dir().resolve(NodeHome.NODE_PROPERTIES) + " names no key holder (" + NodeHome.KEY_HOLDER
                + "), so " + agency
                + " writes people's details in clear, which a bus that seals refuses: on the operator's machine run"
                + " ./ddrr partner rotate-password " + agency + ", then here ./ddrr node password --home " + home.dir()
                + " --enrolment " + agency + ".enrolment (it learns the address); a bus run with --unsealed needs"
                + " nothing");
    }

    private static void reach(NodeHome home, NodeHome.Settings settings, Duration wait) {
        Map<String, Object> props = new HashMap<>(home.kafkaClientProperties());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) wait.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(wait.toMillis(), 10_000));
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(settings, wait);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SaslAuthenticationException) {
                throw new IllegalStateException("the bus at " + settings.bootstrapServers() + " refused "
                        + settings.agency() + "'s password: if the operator rotated it, take the new one with"
                        + " ./ddrr node password --home " + home + " --enrolment FILE");
            }
            if (cause instanceof SslAuthenticationException) {
                throw new IllegalStateException("the bus at " + settings.bootstrapServers() + " did not prove itself"
                        + " with a certificate of " + home.caFile() + " (the wrong CA?): "
                        + OneLine.first(cause.getMessage(), 160));
            }
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(settings, wait);
            }
            throw new IllegalStateException("cannot reach the bus at " + settings.bootstrapServers() + ": "
                    + OneLine.first(String.valueOf(cause.getMessage()), 160));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reaching the bus");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalStateException("cannot reach the bus at " + settings.bootstrapServers() + ": "
                    + OneLine.first(String.valueOf(e.getMessage()), 160));
        }
    }

    private static IllegalStateException unreachable(NodeHome.Settings settings, Duration wait) {
        return new IllegalStateException("the bus at " + settings.bootstrapServers() + " did not answer within "
                + wait.toSeconds() + " s: is it running, and reachable from here?");
    }

    private static void requireApprovedKey(NodeHome home, PrivateKeys keys, Duration wait) {
        DirectoryAnchor anchor = DirectoryAnchor.read(home.keysDir().resolve(DirectoryAnchor.FILE_NAME));
        try (KeyDirectory directory = KeyDirectory.follow(home.kafkaClientProperties(), anchor, wait)) {
            // Says in one line why none of the keys speaks now: not approved yet, ended, or revoked.
            new SigningKeys(keys, directory, Clock.systemUTC()).current();
        }
    }
}
