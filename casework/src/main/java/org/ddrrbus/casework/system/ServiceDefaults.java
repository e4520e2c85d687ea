package org.ddrrbus.casework.system;

import java.util.HashMap;
import java.util.Map;
import org.ddrrbus.client.health.Probes;

/**
 * Default settings of a partner service, given to Spring as default properties (the lowest precedence: arguments,
 * environment and files override them). The services ship no {@code application.yaml}, because the launcher runs
 * them all in one JVM, where one classpath file would configure every service alike.
 */
public final class ServiceDefaults {

    /** The OpenAPI document in a stable form (keys sorted), so that the copy under docs/openapi/ can be compared. */
    public static final Map<String, Object> OPENAPI = Map.of(
            "springdoc.writer-with-order-by-keys", "true",
            "springdoc.writer-with-default-pretty-printer", "true");

    private ServiceDefaults() {}

    public static Map<String, Object> of(String agency, int port) {
        Map<String, Object> defaults = new HashMap<>(Probes.defaults());
        defaults.put("spring.application.name", agency);
        defaults.put("ddrr.bus.principal", agency);
        defaults.put("server.port", port);
        defaults.put("server.error.include-stacktrace", "never");
        defaults.put("server.error.include-message", "never");
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("spring.jmx.enabled", "false");
        defaults.putAll(OPENAPI);
        // The page lives under its own classpath folder: in the launcher's one classpath a plain static/ would be
        // served by every web application alike.
        defaults.put("spring.web.resources.static-locations", "classpath:/casework/static/");
        return defaults;
    }
}
