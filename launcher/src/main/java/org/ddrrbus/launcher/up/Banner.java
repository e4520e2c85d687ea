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
     * @param brokerReadLog the embedded broker's record of reads; empty when the bus runs on another cluster
     * @param keys every key of the key directory
     */
    static void print(
            PrintWriter out,
            BusSystem system,
            StaffAccounts staff,
            Connection connection,
            Path data,
            Optional<Path> brokerReadLog,
            List<RegisteredKey> keys) {
        out.println();
        out.println("ddrr-bus is up.");
        out.println();
        out.println("  service    URL                     sign in as (user / password)");
        for (String service : List.of("dashboard", "nctc", "iom", "cicc", "county", "embassy")) {
            if (!system.isRunning(service)) {
                continue;
            }
            List<StaffAccounts.Account> accounts = staff.forService(service);
            String first = accounts.isEmpty()
                    ? ""
                    : accounts.get(0).name() + " / " + accounts.get(0).password() + " ("
                            + accounts.get(0).role().toLowerCase() + ")";
            out.printf("  %-10s %-23s %s%n", service, system.url(service), first);
            accounts.stream()
                    .skip(1)
                    .forEach(a -> out.printf(
                            "  %-10s %-23s %s / %s (%s)%n",
                            "", "", a.name(), a.password(), a.role().toLowerCase()));
        }
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
        out.println("  Auditor    ./ddrr audit --help (every run is recorded in ddrr.audit-access)");
        brokerReadLog.ifPresent(
                file -> out.println("             the auditor's reads, with any client, and every refusal: " + file));
    }
}
