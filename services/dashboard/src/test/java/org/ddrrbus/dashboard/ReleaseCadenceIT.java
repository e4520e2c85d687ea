package org.ddrrbus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.ddrrbus.client.stats.Figure;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * On a real broker: events that arrive between two releases put nothing on {@code ddrr.stats} until the next period
 * begins, and then one release carries them. The release clock is moved by hand; no test waits an hour.
 */
class ReleaseCadenceIT {

    private static final TestBus bus = TestBus.shared();
    private static final JsonMapper json = JsonMapper.builder().build();
    /** Far from the system clock, so that no other test's release on the shared topic has this time. */
    private static final Instant START = Instant.parse("2031-03-04T10:20:00Z");

    private static final Instant FIRST_PERIOD = Instant.parse("2031-03-04T10:00:00Z");
    private static final Instant NEXT_PERIOD = Instant.parse("2031-03-04T11:00:00Z");
    private static final int PROGRAMME_FIGURES = 10;

    private static ReturneeRegistered registered(int i) {
        return new ReturneeRegistered(
                "KE-CDNC-" + String.format("%04d", i),
                "Marsabit",
                "Moyale",
                AgeBand.AGE_25_34,
                Gender.FEMALE,
                null,
                Phase.REINTEGRATION,
                LocalDate.now());
    }

    /** The records on ddrr.stats of the release at this time, by figure key. */
    private static List<ConsumerRecord<String, byte[]>> releasedAt(Instant at) {
        return bus.readAll("embassy-dk", Topics.STATS).stream()
                .filter(r -> json.readValue(r.value(), Figure.class).asOf().equals(at))
                .toList();
    }

    private static Map<String, String> cells(ConsumerRecord<String, byte[]> record) {
        return json.readValue(record.value(), Figure.class).cells().stream()
                .collect(Collectors.toMap(Figure.Cell::label, Figure.Cell::value));
    }

    /** Whether a sample of the operations panel taken after {@code since} finds the dashboard caught up. */
    private static boolean caughtUp(RunningDashboard dashboard, Instant since) {
        HttpResponse<String> response = dashboard.manager().get("/api/operations");
        JsonNode operations = json.readTree(response.body());
        return Instant.parse(operations.get("asOf").asString()).isAfter(since)
                && operations.get("dashboardLag").asLong() == 0;
    }

    @Test
    void eventsBetweenTwoReleasesReachTheStatsTopicOnlyWithTheNextRelease() {
        MovableClock clock = new MovableClock(START);
        try (RunningDashboard dashboard = RunningDashboard.start(bus, clock, Duration.ofHours(1))) {
            // The first check of a period releases: this period's release comes at start.
            Awaitility.await("this period's release")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> releasedAt(FIRST_PERIOD).size() == PROGRAMME_FIGURES);

            bus.publish(
                    "nctc",
                    IntStream.range(0, 6).mapToObj(ReleaseCadenceIT::registered).toArray(ReturneeRegistered[]::new));
            Instant sent = Instant.now();
            Awaitility.await("the dashboard to have read the registrations")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> caughtUp(dashboard, sent));
            // The figures stage checks every 200 ms whether a release is due: fifteen checks, and not one releases.
            Awaitility.await("no release inside the period")
                    .during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        assertThat(releasedAt(FIRST_PERIOD)).hasSize(PROGRAMME_FIGURES);
                        assertThat(releasedAt(NEXT_PERIOD)).isEmpty();
                    });
            HttpResponse<String> donorView = dashboard.donor().get("/api/figures/returnees-by-county");
            assertThat(json.readValue(donorView.body(), Figure.class).asOf()).isEqualTo(FIRST_PERIOD);

            clock.advance(Duration.ofHours(1));
            List<ConsumerRecord<String, byte[]>> next = bus.awaitRecords(
                    "embassy-dk",
                    Topics.STATS,
                    r -> json.readValue(r.value(), Figure.class).asOf().equals(NEXT_PERIOD),
                    PROGRAMME_FIGURES);
            assertThat(next)
                    .filteredOn(r -> r.key().equals("returnees-by-county"))
                    .singleElement()
                    .satisfies(r -> assertThat(cells(r))
                            .hasEntrySatisfying("Marsabit", v -> assertThat(v).isIn("6", "*")));
            // One release per period: the checks after it add nothing more.
            Awaitility.await("one release in the new period")
                    .during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(releasedAt(NEXT_PERIOD))
                            .extracting(ConsumerRecord::key)
                            .doesNotHaveDuplicates()
                            .hasSize(PROGRAMME_FIGURES));
        }
    }
}
