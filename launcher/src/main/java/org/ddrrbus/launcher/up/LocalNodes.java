package org.ddrrbus.launcher.up;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.partner.Enroller;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.MonitoringAccount;
import org.ddrrbus.launcher.system.PrivateFiles;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.launcher.system.Workspace;
import org.ddrrbus.provisioning.Provisioner;

/**
 * The node homes {@code ./ddrr up} keeps for the components it runs itself, under {@code <data>/nodes/<name>}: each
 * made as a partner's is (an enrolment, then its own signing key), and each component given its own home only.
 */
final class LocalNodes {

    /** The partners {@code ./ddrr up} runs as local nodes unless told otherwise; the auditor's home serves ./ddrr audit. */
    static final List<String> PARTNERS = List.of("nctc", "iom", "cicc", "county", BusSystem.DEMO_EMBASSY, "auditor");

    private LocalNodes() {}

    /**
     * The principal's home, made if need be, and brought up to date with the bus (its address, CA, anchor and
     * agreement) while keeping its password, keys and staff. A principal the broker does not know (a new broker under
     * an old home) is enrolled again.
     */
    static NodeHome ensure(Admin admin, Enroller enroller, Workspace workspace, String principal, LegacyLayout legacy) {
        NodeHome home = new NodeHome(workspace.home(principal));
        PrivateFiles.directory(workspace.nodesDir());
        if (!home.exists()) {
            home.write(enroller.issue(admin, principal));
            legacy.moveInto(home, principal);
        } else if (!Provisioner.hasUser(admin, principal)) {
            home.write(enroller.issue(admin, principal));
        } else {
            home.write(enroller.enrolment(principal, home.password()));
        }
        // The dashboard's key signs only its requests for the keys of the people it counts.
        home.privateKeys().ensureOne();
        PrivateFiles.tighten(home.dir());
        return home;
    }

    /**
     * Each component from its own home, and nothing else; the dashboard, which the operator runs, also gets the
     * monitoring account of each partner service that runs here, to read its metrics. When the bus seals, every one
     * of them seals what it publishes about a person and opens what it reads with keys asked of the exchange: at the
     * HTTPS address its home names ({@link NodeHome#SEALING}), as a node elsewhere does, or on a bus without one (a
     * cluster, whose CA's key {@code up} does not hold) at the exchange's loopback port; and the exchange refuses
     * plain values of types that must be sealed.
     *
     * @param loopbackKeyHolder the exchange's loopback web address, for components whose home names no key holder
     * @param sealing whether the bus seals
     * @param keyHolderHttps the exchange's settings of its HTTPS key holder endpoint, when it has one
     */
    record Settings(
            Map<String, NodeHome> homes,
            Map<String, StaffAccounts> staff,
            Map<String, MonitoringAccount> monitoring,
            String loopbackKeyHolder,
            boolean sealing,
            List<String> keyHolderHttps)
            implements BusSystem.Settings {

        @Override
        public List<String> connection(String component) {
            NodeHome home = homes.get(component);
            List<String> args = new ArrayList<>(home.arguments(home.settings().agency()));
            if (sealing
                    && NodeHome.SEALING.contains(component)
                    && home.settings().keyHolder().isEmpty()) {
                args.add("--ddrr.bus.subject-keys.url=" + loopbackKeyHolder);
            }
            if (sealing && component.equals(Components.EXCHANGE)) {
                args.add("--ddrr.exchange.require-sealed=true");
                args.addAll(keyHolderHttps);
            }
            return args;
        }

        @Override
        public List<StaffAccounts.Account> staff(String component) {
            return staff.get(component).all();
        }

        @Override
        public Path stateDir(String component) {
            return homes.get(component).stateDir();
        }

        @Override
        public java.util.Optional<Path> peopleFile(String component) {
            return java.util.Optional.of(homes.get(component).peopleFile());
        }

        @Override
        public java.util.Optional<MonitoringAccount> monitoring(String component) {
            return java.util.Optional.ofNullable(monitoring.get(component));
        }
    }
}
