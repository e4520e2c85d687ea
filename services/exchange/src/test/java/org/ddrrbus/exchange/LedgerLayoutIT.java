package org.ddrrbus.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchange reads the outboxes' partition counts at start and will not run on a ledger laid out otherwise. */
class LedgerLayoutIT {

    private static TestBus bus;

    @BeforeAll
    static void start() {
        bus = TestBus.start(AgreementLoader.loadDefault());
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void anOutboxThatGrewStopsTheExchangeAtStartWithOneLine(@TempDir Path state) throws Exception {
        try (Admin admin = bus.admin()) {
            admin.createPartitions(java.util.Map.of(Topics.outbox("county"), NewPartitions.increaseTo(4)))
                    .all()
                    .get();
        }

        Throwable failure =
                catchThrowable(() -> ExchangeApplication.application().run(RunningExchange.arguments(bus, state)));

        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the exchange expects 3 partitions in every outbox (ddrr.exchange.ledger-partitions), but"
                        + " ddrr.outbox.county has 4; outboxes never change their partition count, since that would"
                        + " move people to other partitions");
        assertThat(List.of(cause.getMessage().split("\n"))).hasSize(1);
    }
}
