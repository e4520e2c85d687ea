package org.ddrrbus.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.utils.Utils;
import org.ddrrbus.broker.FreePorts;
import org.ddrrbus.dashboard.privacy.Noise;
import org.ddrrbus.testing.TestBus;
import org.springframework.context.ConfigurableApplicationContext;

/** The dashboard application started for a test, on a free port, against the shared test broker. */
final class RunningDashboard implements AutoCloseable {

    static final String MANAGER = "programme-manager";
    static final String MANAGER_PASSWORD = "manager-password-1";
    static final String DONOR = "embassy-dk-staff";
    static final String DONOR_PASSWORD = "donor-password-1";
    /** An account for the test that locks it by guessing, so the others stay usable. */
    static final String GUESSED = "embassy-de-staff";

    static final String GUESSED_PASSWORD = "donor-password-2";

    final int port;
    final Path stateDir;
    private final ConfigurableApplicationContext context;

    private RunningDashboard(int port, Path stateDir, ConfigurableApplicationContext context) {
        this.port = port;
        this.stateDir = stateDir;
        this.context = context;
    }

    /**
     * Starts with a fresh, empty state directory: whatever it knows, it learns from Kafka. Figures are released at
     * every check (200 ms) on the system clock, without noise, so that tests can check exact counts soon after
     * sending events.
     */
    static RunningDashboard start(TestBus bus) {
        return start(bus, null, Duration.ofMillis(200));
    }

    /**
     * Starts with a release period of {@code releaseInterval}, decided by {@code clock} (the system clock if null), and
     * no noise: ReleaseNoiseTest checks the noise; these tests check what is counted and when it is released.
     */
    static RunningDashboard start(TestBus bus, Clock clock, Duration releaseInterval) {
        return start(bus, clock, releaseInterval, new String[0]);
    }

    /** As {@link #start(TestBus)}, with further command-line properties. */
    static RunningDashboard start(TestBus bus, String... more) {
        return start(bus, null, Duration.ofMillis(200), more);
    }

    private static RunningDashboard start(TestBus bus, Clock clock, Duration releaseInterval, String[] more) {
        try {
            Path stateDir = Files.createTempDirectory("dashboard-it");
            int port = FreePorts.next();
            ConfigurableApplicationContext context = DashboardApplication.application()
                    .initializers(app -> {
                        app.getBeanFactory().registerSingleton("exactFigures", Noise.NONE);
                        if (clock != null) {
                            app.getBeanFactory().registerSingleton("releaseClock", clock);
                        }
                    })
                    .run(java.util.stream.Stream.concat(
                                    java.util.Arrays.stream(new String[] {
                                        "--server.port=" + port,
                                        "--ddrr.bus.bootstrap-servers=" + bus.bootstrapServers(),
                                        "--ddrr.bus.password=" + bus.passwordOf("dashboard"),
                                        "--ddrr.dashboard.state-dir=" + stateDir,
                                        "--server.tomcat.basedir=" + stateDir.resolve("tomcat"),
                                        // Components keep their signing keys here; a test's belong in its own temporary
                                        // directory.
                                        "--ddrr.bus.keys-dir=" + stateDir.resolve("keys"),
                                        "--ddrr.dashboard.publish-interval=200ms",
                                        "--ddrr.dashboard.release.interval=" + releaseInterval.toMillis() + "ms",
                                        "--ddrr.dashboard.refresh-interval=200ms",
                                        "--ddrr.dashboard.operations-interval=500ms",
                                        "--ddrr.dashboard.users[0].name=" + MANAGER,
                                        "--ddrr.dashboard.users[0].password=" + MANAGER_PASSWORD,
                                        "--ddrr.dashboard.users[0].role=MANAGER",
                                        "--ddrr.dashboard.users[1].name=" + DONOR,
                                        "--ddrr.dashboard.users[1].password=" + DONOR_PASSWORD,
                                        "--ddrr.dashboard.users[1].role=DONOR",
                                        "--ddrr.dashboard.users[2].name=" + GUESSED,
                                        "--ddrr.dashboard.users[2].password=" + GUESSED_PASSWORD,
                                        "--ddrr.dashboard.users[2].role=DONOR"
                                    }),
                                    java.util.Arrays.stream(more))
                            .toArray(String[]::new));
            return new RunningDashboard(port, stateDir, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Http manager() {
        return Http.basic(port, MANAGER, MANAGER_PASSWORD);
    }

    Http donor() {
        return Http.basic(port, DONOR, DONOR_PASSWORD);
    }

    @Override
    public void close() {
        context.close();
        try {
            // Its state, keys and Tomcat's scratch go with it; a restart test starts a new one in a new folder.
            Utils.delete(stateDir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the dashboard's folder " + stateDir, e);
        }
    }
}
