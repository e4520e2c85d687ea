package org.ddrrbus.embassy.figures;

import org.ddrrbus.client.health.Probes;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The readiness group's {@code kafka}: connected, and every figure published so far read onto the board. */
@Component(Probes.KAFKA_INDICATOR)
class FiguresReadiness implements HealthIndicator {

    private final FigureBoard board;

    FiguresReadiness(FigureBoard board) {
        this.board = board;
    }

    @Override
    public Health health() {
        return board.behind()
                .map(reason -> Health.outOfService().withDetail("reason", reason))
                .orElseGet(Health::up)
                .build();
    }
}
