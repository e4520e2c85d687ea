package org.ddrrbus.client.health;

import java.util.Map;

/**
 * How every component answers its operators' probes (Spring Boot Actuator): liveness and readiness, where readiness
 * adds the component's {@code kafka} check (connected, and caught up with what it reads); and its metrics for
 * Prometheus. Given as default properties, the lowest precedence, like every component's other defaults.
 */
public final class Probes {

    /** The bean of a component's own readiness check; Actuator names the check {@code kafka}. */
    public static final String KAFKA_INDICATOR = "kafkaHealthIndicator";

    public static final String HEALTH = "/actuator/health";
    public static final String LIVENESS = HEALTH + "/liveness";
    public static final String READINESS = HEALTH + "/readiness";
    public static final String PROMETHEUS = "/actuator/prometheus";

    private Probes() {}

    public static Map<String, Object> defaults() {
        return Map.of(
                "management.endpoints.web.exposure.include", "health,prometheus",
                // Kubernetes turns the probes on by itself; a compose file or a plain host needs them too.
                "management.endpoint.health.probes.enabled", "true",
                "management.endpoint.health.group.readiness.include", "readinessState,kafka",
                // Anyone may ask whether a component is up; only a signed-in user learns why not.
                "management.endpoint.health.show-details", "when-authorized",
                "management.endpoint.health.show-components", "when-authorized");
    }
}
