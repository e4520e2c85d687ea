package org.ddrrbus.casework.health;

import org.ddrrbus.casework.inbox.InboxConsumer;
import org.ddrrbus.client.health.Probes;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The readiness group's {@code kafka}: connected, and the inbox read to its end, so the read models are whole. */
@Component(Probes.KAFKA_INDICATOR)
class InboxReadiness implements HealthIndicator {

    private final InboxConsumer inbox;

    InboxReadiness(InboxConsumer inbox) {
        this.inbox = inbox;
    }

    @Override
    public Health health() {
        return inbox.behind()
                .map(reason -> Health.outOfService().withDetail("reason", reason))
                .orElseGet(Health::up)
                .build();
    }
}
