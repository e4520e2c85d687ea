package org.ddrrbus.launcher.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
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

    /** The components, in the order they start. */
    public static final List<String> COMPONENTS =
            List.of("exchange", "dashboard", "nctc", "iom", "cicc", "county", "embassy");

    /** The embassy service that {@code ./ddrr up} runs speaks for this embassy. */
    public static final String DEMO_EMBASSY = "embassy-dk";

    private static final Map<String, Supplier<SpringApplicationBuilder>> APPLICATIONS = Map.of(
            "exchange", ExchangeApplication::application,
            "dashboard", DashboardApplication::application,
            "nctc", NctcApplication::application,
            "iom", IomApplication::application,
            "cicc", CiccApplication::application,
            "county", CountyApplication::application,
            "embassy", EmbassyApplication::application);

    /** What each component is started with. */
    public interface Settings {

        /** The arguments that connect the component to the bus as its principal. */
        List<String> connection(String component);

        /** Who signs in to the component. */
        List<StaffAccounts.Account> staff(String component);

        /** Where the component keeps its local state (the exchange and the dashboard). */
        Path stateDir(String component);

        /** The people's own accounts of a partner service ({@code ./ddrr staff}), when it has a file of them. */
        default Optional<Path> peopleFile(String component) {
            return Optional.empty();
        }

        /**
         * The monitoring account of a partner service, when it has one: the service lets it read its metrics only,
         * and the dashboard of the same system reads them with it.
         */
        default Optional<MonitoringAccount> monitoring(String component) {
            return Optional.empty();
        }
    }

    /** Every component, sharing one connection and one set of staff accounts, for tests that play every partner. */
    public static BusSystem start(Connection connection, Ports ports, StaffAccounts staff, Path dataDir) {
        return start(
                new Settings() {
                    @Override
                    public List<String> connection(String component) {
                        return connection.arguments(principalOf(component));
                    }

                    @Override
                    public List<StaffAccounts.Account> staff(String component) {
                        return staff.forService(component);
                    }

                    @Override
                    public Path stateDir(String component) {
                        return dataDir.resolve(component);
                    }
                },
                ports,
                COMPONENTS);
    }

    /** The given components (in the order of {@link #COMPONENTS}), each from its own settings. */
    public static BusSystem start(Settings settings, Ports ports, Collection<String> components) {
        BusSystem system = new BusSystem(ports);
        try {
            for (String component : COMPONENTS) {
                if (components.contains(component)) {
                    system.launch(
                            component,
                            APPLICATIONS.get(component),
                            settings.connection(component),
                            ComponentArguments.of(component, ports, settings, System.getenv()));
                }
            }
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    /** The principal a component logs in as when {@code ./ddrr up} runs it. */
    public static String principalOf(String component) {
        return component.equals("embassy") ? DEMO_EMBASSY : component;
    }

    /** The component that runs for a principal: its own service, the embassy service for any embassy. */
    public static Optional<String> componentOf(String principal) {
        if (principal.startsWith("embassy-")) {
            return Optional.of("embassy");
        }
        return APPLICATIONS.containsKey(principal) && !principal.equals("embassy")
                ? Optional.of(principal)
                : Optional.empty();
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

    /** Where a web component answers: the port it was given, or the one it was handed when given port 0. */
    public String url(String service) {
        ConfigurableApplicationContext context = running.get(service);
        Integer bound =
                context == null ? null : context.getEnvironment().getProperty("local.server.port", Integer.class);
        return "http://localhost:" + (bound != null ? bound : ports.of(service));
    }

    /**
     * Waits until every component's readiness probe says UP (connected to Kafka and caught up with what it reads),
     * asking each in process, as its {@code /actuator/health/readiness} would answer.
     *
     * @throws IllegalStateException naming the components still not ready after {@code timeout}
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> waiting = notReady();
        while (!waiting.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "not ready after " + timeout.toSeconds() + " s: " + String.join(", ", waiting));
            }
            Thread.sleep(200);
            waiting = notReady();
        }
    }

    private List<String> notReady() {
        return running.entrySet().stream()
                .filter(e -> !Status.UP.equals(readiness(e.getValue())))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static Status readiness(ConfigurableApplicationContext context) {
        HealthDescriptor health = context.getBean(HealthEndpoint.class).healthForPath("readiness");
        return health == null ? Status.UNKNOWN : health.getStatus();
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
