package org.ddrrbus.launcher.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard that {@code ./ddrr up} starts reads the meters of its own bus's exchange: a second country's bus on
 * the same machine has every port shifted, and its panel must not show the first bus's exchange. It reads each
 * partner service of the same system too, with that service's monitoring account, which the service is given.
 */
class DashboardMeterSourceTest {

    private static final BusSystem.Settings SETTINGS = BlankSettings.INSTANCE;

    @Test
    void aSecondCountrysDashboardReadsItsOwnExchangesMeters() {
        Ports somalia = Ports.forCountry("so");

        assertThat(ComponentArguments.of("dashboard", somalia, SETTINGS, Map.of()))
                .contains(
                        "--ddrr.dashboard.meters.sources[0].component=exchange",
                        "--ddrr.dashboard.meters.sources[0].url=http://127.0.0.1:" + somalia.exchange()
                                + "/actuator/prometheus")
                .noneMatch(arg -> arg.startsWith("--ddrr.dashboard.meters.sources[1]"));
        assertThat(somalia.exchange()).isNotEqualTo(Ports.standard().exchange());
    }

    @Test
    void theDashboardReadsEachPartnerServiceThatRunsWithItsMonitoringAccount() {
        Ports ports = Ports.standard();
        MonitoringAccount nctc = new MonitoringAccount("monitor", "nctc-secret", false);
        MonitoringAccount county = new MonitoringAccount("monitor", "county-secret", false);
        BusSystem.Settings settings = new Delegating(Map.of("nctc", nctc, "county", county));

        List<String> dashboard = ComponentArguments.of("dashboard", ports, settings, Map.of());

        assertThat(dashboard.stream().filter(arg -> arg.startsWith("--ddrr.dashboard.meters.sources")))
                .containsExactly(
                        "--ddrr.dashboard.meters.sources[0].component=exchange",
                        "--ddrr.dashboard.meters.sources[0].url=http://127.0.0.1:" + ports.exchange()
                                + "/actuator/prometheus",
                        "--ddrr.dashboard.meters.sources[1].component=nctc",
                        "--ddrr.dashboard.meters.sources[1].url=http://127.0.0.1:" + ports.of("nctc")
                                + "/actuator/prometheus",
                        "--ddrr.dashboard.meters.sources[1].username=monitor",
                        "--ddrr.dashboard.meters.sources[1].password=nctc-secret",
                        "--ddrr.dashboard.meters.sources[2].component=county",
                        "--ddrr.dashboard.meters.sources[2].url=http://127.0.0.1:" + ports.of("county")
                                + "/actuator/prometheus",
                        "--ddrr.dashboard.meters.sources[2].username=monitor",
                        "--ddrr.dashboard.meters.sources[2].password=county-secret");
        assertThat(ComponentArguments.of("nctc", ports, settings, Map.of()))
                .contains("--ddrr.service.monitoring.name=monitor", "--ddrr.service.monitoring.password=nctc-secret");
        assertThat(ComponentArguments.of("iom", ports, settings, Map.of()))
                .noneMatch(arg -> arg.startsWith("--ddrr.service.monitoring"));
    }

    @Test
    void theMonitoringPasswordIsMadeOnceAndKeptForItsOwnerOnly(@TempDir Path home) throws Exception {
        Path file = home.resolve("monitoring.properties");

        MonitoringAccount made = MonitoringAccount.at(file);
        MonitoringAccount kept = MonitoringAccount.at(file);

        assertThat(made.madeNow()).isTrue();
        assertThat(made.password()).hasSizeGreaterThanOrEqualTo(24);
        assertThat(kept).isEqualTo(new MonitoringAccount(MonitoringAccount.NAME, made.password(), false));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(made.toString()).doesNotContain(made.password());
    }

    /** Blank settings, with a monitoring account for some partner services. */
    private record Delegating(Map<String, MonitoringAccount> monitoring) implements BusSystem.Settings {

        @Override
        public List<String> connection(String component) {
            return SETTINGS.connection(component);
        }

        @Override
        public List<StaffAccounts.Account> staff(String component) {
            return SETTINGS.staff(component);
        }

        @Override
        public Path stateDir(String component) {
            return SETTINGS.stateDir(component);
        }

        @Override
        public Optional<MonitoringAccount> monitoring(String component) {
            return Optional.ofNullable(monitoring.get(component));
        }
    }
}
