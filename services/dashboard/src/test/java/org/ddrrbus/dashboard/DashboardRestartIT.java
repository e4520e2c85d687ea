package org.ddrrbus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.stats.Figure;
import org.ddrrbus.client.topic.Components;
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

    /** The returnee figures as a donor reads them, or the HTTP status when they cannot be read. */
    private static Map<String, Map<String, String>> returnees(RunningDashboard dashboard) {
        Map<String, Map<String, String>> figures = new java.util.LinkedHashMap<>();
        for (String key : List.of("returnees-by-county", "returnees-by-phase")) {
            HttpResponse<String> response = dashboard.manager().get("/api/figures/" + key);
            if (response.statusCode() != 200) {
                return Map.of("HTTP " + response.statusCode(), Map.of());
            }
            figures.put(
                    key,
                    json.readValue(response.body(), Figure.class).cells().stream()
                            .collect(Collectors.toMap(
                                    Figure.Cell::label,
                                    Figure.Cell::value,
                                    (a, b) -> a,
                                    java.util.LinkedHashMap::new)));
        }
        return figures;
    }

    /** Whether the dashboard has committed every record of every partition it reads. */
    private static boolean dashboardCaughtUp() throws Exception {
        try (Admin admin = bus.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            Components.DASHBOARD_APPLICATION_ID)
                    .partitionsToOffsetAndMetadata()
                    .get();
            if (committed.isEmpty()) {
                return false;
            }
            Map<TopicPartition, OffsetSpec> latest =
                    committed.keySet().stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get();
            return committed.entrySet().stream()
                    .allMatch(e -> e.getValue() != null
                            && e.getValue().offset() >= ends.get(e.getKey()).offset());
        }
    }

    @Test
    void figuresAreRebuiltFromKafkaAfterARestartWithAnEmptyStateDirectory() throws Exception {
        java.nio.file.Path firstStateDir;
        Map<String, Map<String, String>> shown;
        try (RunningDashboard first = RunningDashboard.start(bus)) {
            firstStateDir = first.stateDir;
            try (KafkaProducer<String, byte[]> nctc = bus.producer("nctc")) {
                for (int i = 0; i < 12; i++) {
                    ReturneeRegistered registered = new ReturneeRegistered(
                            "KE-MNDR-" + String.format("%04d", i),
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
            // Twelve in Mandera: whether they read 12 or are withheld, they are no longer "<5" once counted. The
            // snapshot is taken only once the dashboard has committed every record it reads and two reads agree, so
            // that it is the figures of all events, not of a batch still being counted.
            AtomicReference<Map<String, Map<String, String>>> previous = new AtomicReference<>(Map.of());
            shown = Awaitility.await("Mandera counted and the figures settled")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> {
                                Map<String, Map<String, String>> now = returnees(first);
                                boolean counted = now.getOrDefault("returnees-by-county", Map.of())
                                        .getOrDefault("Mandera", "<5")
                                        .matches("\\d+|\\*");
                                boolean settled = now.equals(previous.getAndSet(now)) && dashboardCaughtUp();
                                return counted && settled ? now : null;
                            },
                            Objects::nonNull);
        }

        // A new, empty state directory, and offsets already committed: only the changelogs can bring the counts back.
        try (RunningDashboard second = RunningDashboard.start(bus)) {
            assertThat(second.stateDir).isNotEqualTo(firstStateDir);
            Awaitility.await("the same figures restored")
                    .atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(300))
                    // Asserted, not matched, so that a failure shows the figures expected beside those restored.
                    .untilAsserted(() -> assertThat(returnees(second)).isEqualTo(shown));
        }
    }
}
