package org.ddrrbus.dashboard.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.ddrrbus.dashboard.DashboardApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Settings are checked when the dashboard starts, before it touches Kafka. */
class DashboardPropertiesTest {

    @TempDir
    static Path keysDir;

    @TempDir
    static Path scratch;

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--server.port=0";
        all[1] = "--ddrr.bus.bootstrap-servers=127.0.0.1:1";
        all[2] = "--ddrr.bus.keys-dir=" + keysDir;
        // A start that gets as far as its web server makes Tomcat's scratch folder: in the test's, not in /tmp.
        all[3] = "--server.tomcat.basedir=" + scratch.resolve("tomcat");
        System.arraycopy(args, 0, all, 4, args.length);
        return DashboardApplication.application().run(all);
    }

    @Test
    void thresholdThatProtectsNobodyStopsTheStart() {
        assertThatThrownBy(() -> start("--ddrr.dashboard.suppress-below=1"))
                .hasStackTraceContaining("suppressBelow")
                .hasStackTraceContaining("must be greater than or equal to 2");
    }

    @Test
    void releaseCadenceOrNoiseThatProtectsNobodyStopsTheStart() {
        assertThatThrownBy(() -> start("--ddrr.dashboard.release.interval=10ms"))
                .hasStackTraceContaining("release.interval");
        assertThatThrownBy(() -> start("--ddrr.dashboard.release.epsilon=50"))
                .hasStackTraceContaining("release.epsilon");
    }

    @Test
    void userWithoutARoleStopsTheStart() {
        assertThatThrownBy(() ->
                        start("--ddrr.dashboard.users[0].name=alice", "--ddrr.dashboard.users[0].password=secret-1"))
                .hasStackTraceContaining("users[0].role");
    }

    @Test
    void everySettingHasAWorkingDefault() {
        DashboardProperties defaults = new DashboardProperties(
                "ddrr-dashboard",
                5,
                java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(30),
                java.time.Duration.ofMillis(100),
                1,
                java.nio.file.Path.of("data/dashboard"),
                1,
                12,
                java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(1),
                null,
                null,
                null);

        assertThat(defaults.counties()).hasSize(47).contains("Lamu", "Murang'a");
        assertThat(defaults.users()).isEmpty();
        assertThat(defaults.release().interval()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(defaults.release().epsilon()).isEqualTo(1.0);
    }
}
