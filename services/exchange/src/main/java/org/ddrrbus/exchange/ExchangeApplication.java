package org.ddrrbus.exchange;

import java.util.HashMap;
import java.util.Map;
import org.ddrrbus.client.health.Probes;
import org.ddrrbus.client.topic.Components;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The exchange: the one gate between the agencies' outboxes and their inboxes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExchangeApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The exchange with its defaults, given as default properties (lowest precedence) rather than an
     * {@code application.yaml}, since the launcher runs every component in one JVM and classpath.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ExchangeApplication.class).properties(defaults());
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> defaults = new HashMap<>(Probes.defaults());
        defaults.put("spring.application.name", "exchange");
        // Its web server serves only the operators' probes and metrics, on loopback: the exchange has no API. Any
        // free port unless given one (./ddrr up gives it one), so that tests may run several exchanges.
        defaults.put("server.address", "127.0.0.1");
        defaults.put("server.port", 0);
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("spring.jmx.enabled", "false");
        // springdoc is on the launcher's one classpath for the partner services; the exchange has no API.
        defaults.put("springdoc.api-docs.enabled", "false");
        defaults.put("springdoc.swagger-ui.enabled", "false");
        defaults.put("ddrr.bus.principal", Components.EXCHANGE);
        // Its web port authenticates the one request that needs it, a partner's key request, by the agency's
        // signature. Where Spring Security is on the classpath (./ddrr up runs every component on one classpath), its
        // default login would stand in front of that request, so it is left out; without it, as here, nothing changes.
        defaults.put(
                "spring.autoconfigure.exclude",
                String.join(
                        ",",
                        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
                        "org.springframework.boot.security.autoconfigure.actuate.web.servlet"
                                + ".ManagementWebSecurityAutoConfiguration"));
        return defaults;
    }
}
