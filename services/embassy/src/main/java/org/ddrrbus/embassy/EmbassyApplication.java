package org.ddrrbus.embassy;

import java.util.HashMap;
import java.util.Map;
import org.ddrrbus.casework.apidocs.ApiDocs;
import org.ddrrbus.casework.health.ProbeAccess;
import org.ddrrbus.casework.system.ServiceDefaults;
import org.ddrrbus.client.health.Probes;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * A donor embassy's service: it reads only the published aggregate figures ({@code ddrr.stats}), which is all the
 * broker lets an embassy read, so it cannot show a person even by mistake.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({ProbeAccess.class, ApiDocs.class})
public class EmbassyApplication {

    public static final int PORT = 8085;

    public static void main(String[] args) {
        application().run(args);
    }

    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(EmbassyApplication.class)
                .properties(withProbes(Map.of(
                        "spring.application.name", "embassy",
                        "ddrr.bus.principal", "embassy-dk",
                        "server.port", PORT,
                        "server.error.include-stacktrace", "never",
                        "server.error.include-message", "never",
                        "spring.main.banner-mode", "off",
                        "spring.jmx.enabled", "false",
                        // Its own classpath folder: in the launcher's one classpath a plain static/ would serve every
                        // app alike.
                        "spring.web.resources.static-locations", "classpath:/embassy/static/")));
    }

    private static Map<String, Object> withProbes(Map<String, Object> own) {
        Map<String, Object> all = new HashMap<>(Probes.defaults());
        all.putAll(ServiceDefaults.OPENAPI);
        all.putAll(own);
        return all;
    }
}
