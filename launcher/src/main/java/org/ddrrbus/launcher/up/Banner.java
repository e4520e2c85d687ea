package org.ddrrbus.launcher.up;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.system.BusAddress;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.launcher.system.Workspace;

/**
 * What {@code ddrr up} prints once everything runs: where each service is, how to sign in, and where each home is. No
 * Kafka password: each is in its own home's {@code client.properties}, readable by that home's owner only.
 */
final class Banner {

    private Banner() {}

    /**
     * @param staff each running service's staff, from its own home
     * @param homes each running component's home
     * @param brokerReadLog the embedded broker's record of reads; empty when the bus runs on another cluster
     * @param keys every key of the key directory
     * @param allHomes every home this bus keeps, the auditor's included
     */
    static void print(
            PrintWriter out,
            BusSystem system,
            Map<String, StaffAccounts> staff,
            Map<String, NodeHome> homes,
            BusAddress address,
            Workspace workspace,
            Optional<Path> brokerReadLog,
            List<RegisteredKey> keys,
            List<NodeHome> allHomes) {
        out.println();
        out.println("ddrr-bus is up.");
        out.println();
        boolean anyShown =
                staff.values().stream().anyMatch(s -> s.all().stream().anyMatch(s::madeNow));
        out.println("  service    URL                     sign in as (user" + (anyShown ? " / password" : "") + ")");
        for (String service : List.of("dashboard", "nctc", "iom", "cicc", "county", "embassy")) {
            if (!system.isRunning(service)) {
                continue;
            }
            StaffAccounts accounts = staff.get(service);
            for (int i = 0; i < accounts.all().size(); i++) {
                out.printf(
                        "  %-10s %-23s %s%n",
                        i == 0 ? service : "",
                        i == 0 ? system.url(service) : "",
                        account(accounts, accounts.all().get(i)));
            }
        }
        // A password is shown once, when it is made: a banner is scrolled back, copied into tickets, recorded.
        out.println("             "
                + (anyShown ? "passwords are shown only now; they are kept in " : "passwords are in ")
                + "each service's home: " + workspace.nodesDir() + "/<name>/" + NodeHome.STAFF
                + " (readable by you only)");
        out.println();
        kafka(out, address, workspace, brokerReadLog);
        out.println();
        out.println("  Homes      one per component, each holding only its own password, keys and staff:");
        for (NodeHome home : allHomes) {
            out.println("             " + home.dir());
        }
        out.println("             the operator's side (admin password, directory key): " + workspace.operatorDir());
        out.println();
        out.println("  Signing    key directory ddrr.keys (./ddrr keys list):");
        out.println("             "
                + String.join(", ", keys.stream().map(RegisteredKey::keyId).toList()));
        out.println();
        out.println("  A partner elsewhere: ./ddrr partner enrol <agency>, then on its node ./ddrr node init and"
                + " ./ddrr node start");
        out.println("  Play a scenario: ./ddrr demo        Stop: Ctrl-C (data stays in " + workspace.dataDir() + ")");
    }

    /**
     * How to reach Kafka. No password: each agency's is in its own home, and the auditor's reads go through
     * {@code ./ddrr audit}, which records every run.
     */
    static void kafka(PrintWriter out, BusAddress address, Workspace workspace, Optional<Path> brokerReadLog) {
        out.println(
                "  Kafka      " + address.bootstrapServers() + "  " + address.securityProtocol() + ", SCRAM-SHA-512");
        out.println("             each agency logs in with its own home's settings: " + workspace.nodesDir()
                + "/<agency>/" + NodeHome.CLIENT_PROPERTIES);
        workspace
                .caCertificateIfAny()
                .ifPresent(ca -> out.println("             TLS: clients trust the bus CA " + ca
                        + " (public; the CA key beside it never leaves you)"));
        address.keyHolder()
                .ifPresent(url -> out.println("  Keys       " + url
                        + "  the exchange's key holder: a person's data key,"
                        + " to agencies the agreement lets have it, each answer recorded in " + Topics.KEY_GRANTS));
        out.println("  Auditor    ./ddrr audit --help (every run is recorded in " + Topics.AUDIT_ACCESS + ")");
        brokerReadLog.ifPresent(
                file -> out.println("             the auditor's reads, with any client, and every refusal: " + file));
    }

    private static String account(StaffAccounts staff, StaffAccounts.Account account) {
        String role = " (" + account.role().toLowerCase() + ")";
        return staff.madeNow(account) ? account.name() + " / " + account.password() + role : account.name() + role;
    }
}
