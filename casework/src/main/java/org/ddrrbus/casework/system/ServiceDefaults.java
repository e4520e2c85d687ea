package org.ddrrbus.casework.system;

import java.util.HashMap;
import java.util.Locale;
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
        // The probes' details are for the staff: the monitoring account reads the metrics and sees no more of them
        // than anyone.
        defaults.put(
                "management.endpoint.health.roles",
                String.join(",", StaffRole.VIEWER.name(), StaffRole.CASEWORKER.name(), StaffRole.SUPERVISOR.name()));
        defaults.putAll(OPENAPI);
        // The page lives under its own classpath folder: in the launcher's one classpath a plain static/ would be
        // served by every web application alike.
        defaults.put("spring.web.resources.static-locations", "classpath:/casework/static/");
        // The staff's work pages (org.ddrrbus.casework.web): templates and labels under the library's own folder.
        defaults.put("spring.thymeleaf.prefix", "classpath:/casework/templates/");
        defaults.put("spring.messages.basename", "casework/messages");
        defaults.put("spring.messages.fallback-to-system-locale", "false");
        // A signed-in page session ends after 30 idle minutes. Every service of ./ddrr up answers on localhost, and a
        // browser sends a cookie to every port of a host: each service names its session cookie after itself, so
        // signing in to one never signs anyone out of another.
        defaults.put("server.servlet.session.timeout", "30m");
        defaults.put("server.servlet.session.cookie.name", "DDRR_SESSION_" + agency.toUpperCase(Locale.ROOT));
        defaults.put("server.servlet.session.cookie.http-only", "true");
        defaults.put("server.servlet.session.cookie.same-site", "strict");
        defaults.put("server.servlet.session.tracking-modes", "cookie");
        return defaults;
    }
}
