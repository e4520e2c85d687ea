package org.ddrrbus.launcher.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ddrrbus.cicc.CiccApplication;
import org.ddrrbus.county.CountyApplication;
import org.ddrrbus.dashboard.DashboardApplication;
import org.ddrrbus.embassy.EmbassyApplication;
import org.ddrrbus.exchange.ExchangeApplication;
import org.ddrrbus.iom.IomApplication;
import org.ddrrbus.nctc.NctcApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every component of the bus, each its own Spring application context in this JVM, connected to one Kafka cluster
 * as its own principal. The exchange starts first, so no service publishes into a bus nobody routes; the dashboard
 * next, so it counts from the first event.
 */
public final class BusSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BusSystem.class);

    private final Map<String, ConfigurableApplicationContext> running = new LinkedHashMap<>();
    private final Map<String, List<String>> arguments = new LinkedHashMap<>();
    private final Ports ports;

    private BusSystem(Ports ports) {
        this.ports = ports;
    }

    public static BusSystem start(Connection connection, Ports ports, StaffAccounts staff, Path dataDir) {
        BusSystem system = new BusSystem(ports);
        try {
            system.launch(
                    "exchange",
                    ExchangeApplication::application,
                    connection.arguments("exchange"),
                    List.of("--ddrr.exchange.state-dir="
                            + dataDir.resolve("exchange").toAbsolutePath()));
            system.launch(
                    "dashboard",
                    DashboardApplication::application,
                    connection.arguments("dashboard"),
                    dashboard(ports.dashboard(), staff.forService("dashboard"), dataDir));
            system.launch(
                    "nctc",
                    NctcApplication::application,
                    connection.arguments("nctc"),
                    web(ports.nctc(), staff.forService("nctc")));
            system.launch(
                    "iom",
                    IomApplication::application,
                    connection.arguments("iom"),
                    web(ports.iom(), staff.forService("iom")));
            system.launch(
                    "cicc",
                    CiccApplication::application,
                    connection.arguments("cicc"),
                    web(ports.cicc(), staff.forService("cicc")));
            system.launch(
                    "county",
                    CountyApplication::application,
                    connection.arguments("county"),
                    web(ports.county(), staff.forService("county")));
            system.launch(
                    "embassy",
                    EmbassyApplication::application,
                    connection.arguments("embassy-dk"),
                    embassy(ports.embassy(), staff.forService("embassy")));
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void launch(
            String name,
            Supplier<SpringApplicationBuilder> application,
            List<String> connection,
            List<String> settings) {
        List<String> args = new ArrayList<>(connection);
        args.addAll(settings);
        // The system stops its components itself, services before the broker they need to close cleanly.
        args.add("--spring.main.register-shutdown-hook=false");
        args.add("--spring.main.log-startup-info=false");
        long started = System.nanoTime();
        arguments.put(name, List.copyOf(args));
        running.put(name, application.get().run(args.toArray(String[]::new)));
        log.info("{} started in {} ms", name, (System.nanoTime() - started) / 1_000_000);
    }

    private static List<String> web(int port, List<StaffAccounts.Account> accounts) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        for (int i = 0; i < accounts.size(); i++) {
            args.add("--ddrr.service.users[" + i + "].name=" + accounts.get(i).name());
            args.add("--ddrr.service.users[" + i + "].password="
                    + accounts.get(i).password());
            args.add("--ddrr.service.users[" + i + "].role=" + accounts.get(i).role());
        }
        return args;
    }

    private static List<String> dashboard(int port, List<StaffAccounts.Account> accounts, Path dataDir) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + port);
        args.add("--ddrr.dashboard.state-dir=" + dataDir.resolve("dashboard").toAbsolutePath());
        for (int i = 0; i < accounts.size(); i++) {
            args.add("--ddrr.dashboard.users[" + i + "].name=" + accounts.get(i).name());
            args.add("--ddrr.dashboard.users[" + i + "].password="
                    + accounts.get(i).password());
            args.add("--ddrr.dashboard.users[" + i + "].role=" + accounts.get(i).role());
        }
        return args;
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

    public String url(String service) {
        return "http://localhost:" + ports.of(service);
    }

    /** The arguments a component was started with, to start it again elsewhere, e.g. as a process of its own. */
    public List<String> arguments(String component) {
        return arguments.getOrDefault(component, List.of());
    }

    public Ports ports() {
        return ports;
    }

    public boolean isRunning(String component) {
        ConfigurableApplicationContext context = running.get(component);
        return context != null && context.isActive();
    }

    /** Stops one component as a crash would leave it: the rest keep running. */
    public void stop(String component) {
        ConfigurableApplicationContext context = running.remove(component);
        if (context != null) {
            context.close();
        }
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(running.keySet());
        Collections.reverse(names);
        for (String name : names) {
            try {
                running.remove(name).close();
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly: {}", name, e.toString());
            }
        }
    }
}
