package org.ddrrbus.launcher.up;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.Connection;
import org.ddrrbus.launcher.system.StaffAccounts;

/** What {@code ddrr up} prints once everything runs: where each service is and how to sign in. */
final class Banner {

    private Banner() {}

    /**
     * @param staffFile where the staff's passwords are kept
     * @param brokerReadLog the embedded broker's record of reads; empty when the bus runs on another cluster
     * @param keys every key of the key directory
     */
    static void print(
            PrintWriter out,
            BusSystem system,
            StaffAccounts staff,
            Path staffFile,
            Connection connection,
            Path data,
            Optional<Path> brokerReadLog,
            List<RegisteredKey> keys) {
        out.println();
        out.println("ddrr-bus is up.");
        out.println();
        boolean anyShown = staff.all().stream().anyMatch(staff::madeNow);
        out.println("  service    URL                     sign in as (user" + (anyShown ? " / password" : "") + ")");
        for (String service : List.of("dashboard", "nctc", "iom", "cicc", "county", "embassy")) {
            if (!system.isRunning(service)) {
                continue;
            }
            List<StaffAccounts.Account> accounts = staff.forService(service);
            for (int i = 0; i < accounts.size(); i++) {
                out.printf(
                        "  %-10s %-23s %s%n",
                        i == 0 ? service : "", i == 0 ? system.url(service) : "", account(staff, accounts.get(i)));
            }
        }
        // A password is shown once, when it is made: a banner is scrolled back, copied into tickets, recorded.
        out.println("             "
                + (anyShown ? "passwords are shown only now; they are kept in " : "passwords are in ")
                + staffFile + " (readable by you only)");
        out.println();
        kafka(out, connection, data, brokerReadLog);
        out.println();
        out.println("  Signing    key directory ddrr.keys, trusted through "
                + connection.keysDir().resolve(DirectoryAnchor.FILE_NAME) + " (./ddrr keys list):");
        out.println("             "
                + String.join(", ", keys.stream().map(RegisteredKey::keyId).toList()));
        out.println();
        out.println("  Play a scenario: ./ddrr demo        Stop: Ctrl-C (data stays in " + data + ")");
    }

    /**
     * How to reach Kafka, and the partners' logins. Not the auditor's: {@code ./ddrr audit} finds it and records every
     * run, and a password shown here would invite reading with tools that record nothing.
     */
    static void kafka(PrintWriter out, Connection connection, Path data, Optional<Path> brokerReadLog) {
        out.println("  Kafka      " + connection.bootstrapServers() + "  " + connection.securityProtocol()
                + ", SCRAM-SHA-512");
        out.println("             "
                + List.of("nctc", "iom", "cicc", "county", "embassy-dk").stream()
                        .map(p -> p + " / " + connection.credentials().passwordFor(p))
                        .collect(Collectors.joining(", ")));
        out.println("             client settings per agency: " + data.resolve("clients") + "/<agency>.properties");
        connection
                .caCertificate()
                .ifPresent(ca -> out.println("             TLS: clients trust the bus CA " + ca
                        + " (public; the CA key beside it never leaves you)"));
        out.println("  Auditor    ./ddrr audit --help (every run is recorded in ddrr.audit-access)");
        brokerReadLog.ifPresent(
                file -> out.println("             the auditor's reads, with any client, and every refusal: " + file));
    }

    private static String account(StaffAccounts staff, StaffAccounts.Account account) {
        String role = " (" + account.role().toLowerCase() + ")";
        return staff.madeNow(account) ? account.name() + " / " + account.password() + role : account.name() + role;
    }
}
