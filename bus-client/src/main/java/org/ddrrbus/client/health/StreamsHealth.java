package org.ddrrbus.client.health;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The readiness group's {@code kafka} for a {@link StreamsApplication}: connected, its state restored from the
 * changelogs, and processing (see {@link StreamsReadiness}).
 */
public final class StreamsHealth implements HealthIndicator {

    private final StreamsApplication application;

    public StreamsHealth(StreamsApplication application) {
        this.application = application;
    }

    @Override
    public Health health() {
        return StreamsReadiness.notReady(application.streams())
                .map(reason -> Health.outOfService().withDetail("reason", reason))
                .orElseGet(Health::up)
                .build();
    }
}
