package org.ddrrbus.launcher.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard that {@code ./ddrr up} starts reads the meters of its own bus's exchange: a second country's bus on
 * the same machine has every port shifted, and its panel must not show the first bus's exchange.
 */
class DashboardMeterSourceTest {

    private static final BusSystem.Settings SETTINGS = BlankSettings.INSTANCE;

    @Test
    void aSecondCountrysDashboardReadsItsOwnExchangesMeters() {
        Ports somalia = Ports.forCountry("so");

        assertThat(BusSystem.componentSettings("dashboard", somalia, SETTINGS, Map.of()))
                .contains(
                        "--ddrr.dashboard.meters.sources[0].component=exchange",
                        "--ddrr.dashboard.meters.sources[0].url=http://127.0.0.1:" + somalia.exchange()
                                + "/actuator/prometheus");
        assertThat(somalia.exchange()).isNotEqualTo(Ports.standard().exchange());
    }
}
