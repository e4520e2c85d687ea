package org.ddrrbus.launcher.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.client.health.Probes;
import org.ddrrbus.client.topic.Components;

/** The settings {@code ./ddrr up} gives each component beyond its connection: ports, state, accounts, meters. */
final class ComponentArguments {

    /**
     * How often the dashboard releases the programme figures on the embedded broker of the local demo: every ten
     * seconds, so that a person trying the bus sees its figures move while the story runs. Fresh noise every ten seconds
     * can be averaged away, which is harmless for the demo's invented people and is why a bus on a cluster
     * ({@code KAFKA_BOOTSTRAP}) keeps the dashboard's default, hourly (docs/dashboard.md).
     */
    static final String DEMO_RELEASE_INTERVAL = "10s";

    private ComponentArguments() {}

    /** {@code env}: the process's environment, where {@code KAFKA_BOOTSTRAP} says whether the bus is a cluster. */
    static List<String> of(String component, Ports ports, BusSystem.Settings settings, Map<String, String> env) {
        List<String> args = new ArrayList<>();
        // Tomcat's scratch folder in the component's state: left to Spring Boot, it is a new tomcat.<port>.* folder in
        // the machine's temporary folder at every start, which nothing removes.
        args.add("--server.tomcat.basedir="
                + settings.stateDir(component).resolve("tomcat").toAbsolutePath());
        args.addAll(specific(component, ports, settings, env));
        return args;
    }

    private static List<String> specific(
            String component, Ports ports, BusSystem.Settings settings, Map<String, String> env) {
        return switch (component) {
            case "exchange" ->
                List.of(
                        "--ddrr.exchange.state-dir="
                                + settings.stateDir(component).toAbsolutePath(),
                        "--ddrr.exchange.replication-factor=" + Cluster.replicationFactor(env),
                        "--server.port=" + ports.exchange());
            case "dashboard" -> dashboard(ports, settings, env);
            case "embassy" -> embassy(ports.embassy(), settings.staff(component));
            default ->
                web(
                        ports.of(component),
                        settings.staff(component),
                        settings.peopleFile(component),
                        settings.monitoring(component));
        };
    }

    private static List<String> web(
            int port,
            List<StaffAccounts.Account> accounts,
            Optional<Path> people,
            Optional<MonitoringAccount> monitoring) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        people.ifPresent(file -> args.add("--ddrr.service.staff-file=" + file.toAbsolutePath()));
        monitoring.ifPresent(account -> args.addAll(account.serviceArguments()));
        for (int i = 0; i < accounts.size(); i++) {
            args.add("--ddrr.service.users[" + i + "].name=" + accounts.get(i).name());
            args.add("--ddrr.service.users[" + i + "].password="
                    + accounts.get(i).password());
            args.add("--ddrr.service.users[" + i + "].role=" + accounts.get(i).role());
        }
        return args;
    }

    private static List<String> dashboard(Ports ports, BusSystem.Settings settings, Map<String, String> env) {
        List<StaffAccounts.Account> accounts = settings.staff(Components.DASHBOARD);
        Path stateDir = settings.stateDir(Components.DASHBOARD);
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + ports.dashboard());
        // The operations panel reads this bus's exchange's meters, wherever its ports were put (a second country's bus
        // is shifted), never another bus's on the standard port; and each partner service of this system that has a
        // monitoring account, with that account, for what only the services count (published, inbox lag).
        args.add("--ddrr.dashboard.meters.sources[0].component=" + Components.EXCHANGE);
        args.add("--ddrr.dashboard.meters.sources[0].url=" + prometheus(ports.exchange()));
        int source = 1;
        for (String agency : StaffAccounts.AGENCIES) {
            Optional<MonitoringAccount> monitoring = settings.monitoring(agency);
            if (monitoring.isPresent()) {
                String prefix = "--ddrr.dashboard.meters.sources[" + source++ + "].";
                args.add(prefix + "component=" + agency);
                args.add(prefix + "url=" + prometheus(ports.of(agency)));
                args.add(prefix + "username=" + monitoring.get().name());
                args.add(prefix + "password=" + monitoring.get().password());
            }
        }
        if (!Cluster.named(env)) {
            args.add("--ddrr.dashboard.release.interval=" + DEMO_RELEASE_INTERVAL);
        }
        args.add("--ddrr.dashboard.state-dir=" + stateDir.toAbsolutePath());
        // On a cluster its changelogs and repartition topics get the cluster's replication factor, not Streams' 1.
        args.add("--ddrr.dashboard.replication-factor=" + Cluster.replicationFactor(env));
        for (int i = 0; i < accounts.size(); i++) {
            args.add("--ddrr.dashboard.users[" + i + "].name=" + accounts.get(i).name());
            args.add("--ddrr.dashboard.users[" + i + "].password="
                    + accounts.get(i).password());
            args.add("--ddrr.dashboard.users[" + i + "].role=" + accounts.get(i).role());
        }
        return args;
    }

    /** A component's Prometheus endpoint on this machine. */
    static String prometheus(int port) {
        return "http://127.0.0.1:" + port + Probes.PROMETHEUS;
    }

    private static List<String> embassy(int port, List<StaffAccounts.Account> accounts) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        for (int i = 0; i < accounts.size(); i++) {
            args.add("--ddrr.embassy.users[" + i + "].name=" + accounts.get(i).name());
            args.add("--ddrr.embassy.users[" + i + "].password="
                    + accounts.get(i).password());
        }
        return args;
    }
}
