package org.ddrrbus.exchange;

import java.util.Map;
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
        return new SpringApplicationBuilder(ExchangeApplication.class)
                .properties(Map.of(
                        "spring.application.name", "exchange",
                        "spring.main.web-application-type", "none",
                        "spring.main.banner-mode", "off",
                        "spring.jmx.enabled", "false",
                        "ddrr.bus.principal", Components.EXCHANGE));
    }
}
