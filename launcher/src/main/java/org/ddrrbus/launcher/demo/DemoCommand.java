package org.ddrrbus.launcher.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.Places;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.launcher.system.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddrr demo}: plays a realistic programme through the running services' REST APIs. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Play a realistic scenario through the services of a running ./ddrr up: returnees registered",
            "across counties and phases, consent, referrals to iom, cicc and the county, acceptances, declines",
            "with reasons, support, mentorship sessions with families, completions, phase changes and refusals."
        })
public final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--returnees",
            defaultValue = "220",
            description = "How many returnees to register (default: ${DEFAULT-VALUE}).")
    int returnees;

    @Option(
            names = "--seed",
            defaultValue = "2019",
            description = "Random seed, so a run can be repeated (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--threads",
            defaultValue = "4",
            description = "Caseworkers working at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--data",
            defaultValue = "data",
            description = "Data directory of the running bus (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--host",
            defaultValue = "localhost",
            description = "Where the services run (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--federation",
            description = "Play the cross-border story instead, between Kenya's bus (--data) and Somalia's"
                    + " (--federation-data), linked by ./ddrr federate: Somalia's border office records a return,"
                    + " Kenya's nctc registers the person, and a referral between the two iom offices is accepted and"
                    + " completed (docs/federation.md).")
    boolean federation;

    @Option(
            names = "--federation-data",
            defaultValue = "data-so",
            description = "With --federation: the data directory of the other bus, Somalia's (default:"
                    + " ${DEFAULT-VALUE}).")
    Path federationData;

    /** For a bus started with the hidden {@code up --free-ports}: where each service it names listens instead. */
    @Option(names = "--port", hidden = true, paramLabel = "SERVICE=PORT")
    java.util.Map<String, Integer> ports = new java.util.HashMap<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (federation) {
            Ports at = Ports.standard();
            for (var port : ports.entrySet()) {
                at = at.with(port.getKey(), port.getValue());
            }
            Ports listening = at;
            int failures = new CrossBorderDemo(
                            "ke",
                            data,
                            "so",
                            federationData,
                            service -> "http://" + host + ":" + listening.of(service),
                            java.time.Duration.ofSeconds(60))
                    .play(spec.commandLine().getOut());
            return failures == 0 ? 0 : 1;
        }
        if (returnees < 1 || returnees > 100_000) {
            throw new IllegalArgumentException("--returnees must be between 1 and 100000");
        }
        if (threads < 1 || threads > 32) {
            throw new IllegalArgumentException("--threads must be between 1 and 32");
        }
        Workspace workspace = new Workspace(data);
        if (!Files.isDirectory(workspace.nodesDir())) {
            throw new IllegalStateException("no " + workspace.nodesDir() + ": start the bus first with ./ddrr up");
        }
        PrintWriter out = spec.commandLine().getOut();
        // The demo plays the staff of every local node, each signing in with the accounts its own home keeps.
        List<StaffAccounts> homes = new ArrayList<>();
        for (String principal : List.of("dashboard", "nctc", "iom", "cicc", "county", BusSystem.DEMO_EMBASSY)) {
            NodeHome home = new NodeHome(workspace.home(principal));
            if (home.exists()) {
                BusSystem.componentOf(principal).ifPresent(component -> homes.add(home.staff(component, principal)));
            }
        }
        StaffAccounts staff = StaffAccounts.of(homes);
        // The agreement the bus runs with, found as ./ddrr up finds it: the demo names only the places it lists.
        Places places = Workspace.agreementFile()
                .map(AgreementLoader::load)
                .orElseGet(AgreementLoader::loadDefault)
                .places();
        Ports at = Ports.standard();
        for (var port : ports.entrySet()) {
            at = at.with(port.getKey(), port.getValue());
        }
        Ports listening = at;
        Scenario scenario = new Scenario(
                staff, places, service -> "http://" + host + ":" + listening.of(service), seed, threads, out);
        Tally tally = scenario.play(returnees);
        out.println();
        out.println(tally.summary());
        out.println("See the dashboard at http://" + host + ":" + listening.dashboard());
        return tally.failures() == 0 ? 0 : 1;
    }
}
