package org.ddrrbus.dashboard;

import java.util.HashMap;
import java.util.Map;
import org.ddrrbus.casework.health.ProbeAccess;
import org.ddrrbus.client.health.Probes;
import org.ddrrbus.client.topic.Components;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The dashboard: live, k-anonymous programme figures from the ledger, for programme managers and donors. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
@Import(ProbeAccess.class)
public class DashboardApplication {

    public static final int PORT = 8080;

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The dashboard with its defaults, given as default properties (lowest precedence) rather than an
     * {@code application.yaml}, since the launcher runs every component in one JVM and classpath.
     */
    public static SpringApplicationBuilder application() {
        Map<String, Object> defaults = new HashMap<>(Probes.defaults());
        defaults.put("spring.application.name", "dashboard");
        defaults.put("ddrr.bus.principal", Components.DASHBOARD);
        defaults.put("server.port", PORT);
        defaults.put("server.error.include-stacktrace", "never");
        defaults.put("server.error.include-message", "never");
        defaults.put("server.servlet.session.cookie.http-only", "true");
        defaults.put("server.servlet.session.cookie.same-site", "strict");
        // Board refresh, operations sampling and the live stream's heartbeat run side by side.
        defaults.put("spring.task.scheduling.pool.size", 3);
        defaults.put("spring.task.scheduling.thread-name-prefix", "dashboard-");
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("spring.jmx.enabled", "false");
        // springdoc is on the launcher's one classpath for the partner services; the dashboard publishes no API spec.
        defaults.put("springdoc.api-docs.enabled", "false");
        defaults.put("springdoc.swagger-ui.enabled", "false");
        return new SpringApplicationBuilder(DashboardApplication.class).properties(defaults);
    }
}
