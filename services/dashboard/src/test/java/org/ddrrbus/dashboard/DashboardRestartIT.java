package org.ddrrbus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.stats.Figure;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard's state lives in Kafka: a dashboard that lost its disk shows the same figures again. */
class DashboardRestartIT {

    private static final TestBus bus = TestBus.shared();
    private static final EventCodec codec = new EventCodec();
    private static final JsonMapper json = JsonMapper.builder().build();

    private static String mandera(RunningDashboard dashboard) {
        HttpResponse<String> response = dashboard.manager().get("/api/figures/returnees-by-county");
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode();
        }
        Map<String, String> cells = json.readValue(response.body(), Figure.class).cells().stream()
                .collect(Collectors.toMap(Figure.Cell::label, Figure.Cell::value));
        return cells.getOrDefault("Mandera", "absent");
    }

    @Test
    void figuresAreRebuiltFromKafkaAfterARestartWithAnEmptyStateDirectory() throws Exception {
        java.nio.file.Path firstStateDir;
        try (RunningDashboard first = RunningDashboard.start(bus)) {
            firstStateDir = first.stateDir;
            try (KafkaProducer<String, byte[]> nctc = bus.producer("nctc")) {
                for (int i = 0; i < 12; i++) {
                    ReturneeRegistered registered = new ReturneeRegistered(
                            "KE-IT-MANDERA-" + i,
                            "Mandera",
                            "Elwak",
                            AgeBand.AGE_25_34,
                            Gender.MALE,
                            null,
                            Phase.DERADICALISATION,
                            LocalDate.now());
                    nctc.send(codec.seal(Topics.outbox("nctc"), codec.envelope("nctc", registered)));
                }
            }
            Awaitility.await("Mandera counted")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> mandera(first), "12"::equals);
        }

        // A new, empty state directory, and offsets already committed: only the changelogs can bring the counts back.
        try (RunningDashboard second = RunningDashboard.start(bus)) {
            assertThat(second.stateDir).isNotEqualTo(firstStateDir);
            Awaitility.await("Mandera restored")
                    .atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> mandera(second), "12"::equals);
        }
    }
}
