package org.ddrrbus.dashboard.system;

import org.ddrrbus.client.health.Probes;
import org.ddrrbus.client.health.StreamsReadiness;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The readiness group's {@code kafka}: connected, its state restored from the changelogs, and processing. */
@Component(Probes.KAFKA_INDICATOR)
class StreamsHealth implements HealthIndicator {

    private final DashboardRunner runner;

    StreamsHealth(DashboardRunner runner) {
        this.runner = runner;
    }

    @Override
    public Health health() {
        return StreamsReadiness.notReady(runner.streams())
                .map(reason -> Health.outOfService().withDetail("reason", reason))
                .orElseGet(Health::up)
                .build();
    }
}
