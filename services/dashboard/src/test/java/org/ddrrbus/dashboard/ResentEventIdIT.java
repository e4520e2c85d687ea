package org.ddrrbus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.metrics.MeterNames;
import org.ddrrbus.client.quarantine.QuarantinedRecord;
import org.ddrrbus.client.stats.Figure;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.exchange.ExchangeApplication;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An agency sends the id of an event the exchange already delivered once more, unsigned and then as an exact replay.
 * The real exchange refuses both copies; the dashboard must take out those copies only, and the delivered event must go
 * on counting in the donors' figures.
 */
class ResentEventIdIT {

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final String METRICS_PASSWORD = "resent-it-metrics";
    private static TestBus bus;
    private static ConfigurableApplicationContext exchange;
    private static RunningDashboard dashboard;

    /** The exchange's state, its subject keys beside it and Tomcat's scratch, removed after the class. */
    @TempDir
    static Path exchangeState;

    @BeforeAll
    static void start() throws Exception {
        // A bus of its own, so the figures hold only what this test sent.
        bus = TestBus.start(AgreementLoader.loadDefault());
        exchange = ExchangeApplication.application()
                .run(
                        "--ddrr.bus.bootstrap-servers=" + bus.bootstrapServers(),
                        "--ddrr.bus.password=" + bus.passwordOf("exchange"),
                        "--ddrr.bus.keys-dir=" + bus.keysDir(),
                        "--ddrr.exchange.state-dir=" + exchangeState.resolve("exchange"),
                        "--server.tomcat.basedir=" + exchangeState.resolve("tomcat"),
                        // Spring Security is on this test's classpath (the dashboard's), so the exchange's Actuator
                        // endpoints need a sign-in here: Boot's one user, given a known password.
                        "--spring.security.user.name=metrics-it",
                        "--spring.security.user.password=" + METRICS_PASSWORD);
        // The operations panel reads the exchange's own meters, from its loopback-only Prometheus endpoint.
        dashboard = RunningDashboard.start(
                bus,
                "--ddrr.dashboard.meters.sources[0].component=exchange",
                "--ddrr.dashboard.meters.sources[0].url=http://127.0.0.1:"
                        + exchange.getEnvironment().getProperty("local.server.port") + "/actuator/prometheus",
                "--ddrr.dashboard.meters.sources[0].username=metrics-it",
                "--ddrr.dashboard.meters.sources[0].password=" + METRICS_PASSWORD);
    }

    @AfterAll
    static void stop() {
        dashboard.close();
        exchange.close();
        bus.close();
    }

    private static ReturneeRegistered registered(int i) {
        return new ReturneeRegistered(
                "KE-RSNT-%04d".formatted(i),
                "Kwale",
                "Msambweni",
                AgeBand.AGE_18_24,
                Gender.FEMALE,
                ReturnRoute.VOLUNTARY_SURRENDER,
                Phase.DISENGAGEMENT,
                LocalDate.now());
    }

    private static Map<String, String> phases() {
        HttpResponse<String> response = dashboard.donor().get("/api/figures/returnees-by-phase");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> cells = new LinkedHashMap<>();
        json.readValue(response.body(), Figure.class).cells().forEach(c -> cells.put(c.label(), c.value()));
        return cells;
    }

    private static long dashboardLag() {
        HttpResponse<String> response = dashboard.manager().get("/api/operations");
        JsonNode operations = json.readTree(response.body());
        return operations.get("dashboardLag").asLong();
    }

    @Test
    void deliveredEventKeepsCountingWhenTheExchangeRefusesACopyWithTheSameId() throws Exception {
        List<ProducerRecord<String, byte[]>> sent = bus.publish(
                "nctc",
                IntStream.range(0, 10).mapToObj(ResentEventIdIT::registered).toArray(ReturneeRegistered[]::new));
        String first = sent.get(0).key();
        bus.awaitRecords("auditor", Topics.inbox("nctc"), r -> r.key().startsWith("KE-RSNT-"), 10);
        Awaitility.await("ten returnees on the dashboard")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(phases()).containsValue("10"));
        Map<String, String> counted = phases();

        // The same event id again: once without its signature, once exactly as delivered.
        ProducerRecord<String, byte[]> original = sent.get(0);
        RecordHeaders unsignedHeaders = new RecordHeaders();
        for (Header header : original.headers()) {
            if (!header.key().startsWith("ddrr_sig")) {
                unsignedHeaders.add(header);
            }
        }
        try (KafkaProducer<String, byte[]> nctc = bus.producer("nctc")) {
            nctc.send(new ProducerRecord<>(original.topic(), null, first, original.value(), unsignedHeaders))
                    .get();
            nctc.send(new ProducerRecord<>(original.topic(), null, first, original.value(), original.headers()))
                    .get();
        }
        List<ConsumerRecord<String, byte[]>> refused =
                bus.awaitRecords("auditor", Topics.QUARANTINE, r -> first.equals(r.key()), 2);
        assertThat(refused)
                .extracting(r -> QuarantinedRecord.from(r).reason())
                .containsExactlyInAnyOrder("UNSIGNED", "REPLAYED");

        Awaitility.await("the dashboard to have read both refusals")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> dashboardLag() == 0);
        // Figures are released every 200 ms here: over several releases, the ten returnees stay ten.
        Awaitility.await("the figure to stay as it was")
                .during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(phases()).isEqualTo(counted));

        // The panel shows the exchange's own counts, not counts of its own.
        MeterRegistry meters = exchange.getBean(MeterRegistry.class);
        Awaitility.await("the operations panel to show the exchange's meters")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode panel = json.readTree(
                                    dashboard.manager().get("/api/operations").body())
                            .get("meters");
                    assertThat(panel.get("unread").isEmpty())
                            .as(panel.toString())
                            .isTrue();
                    assertThat(panel.get("refused").get("UNSIGNED").asLong())
                            .isEqualTo(count(meters, MeterNames.REFUSED, MeterNames.REASON, "UNSIGNED"))
                            .isEqualTo(1);
                    assertThat(panel.get("refused").get("REPLAYED").asLong())
                            .isEqualTo(count(meters, MeterNames.REFUSED, MeterNames.REASON, "REPLAYED"))
                            .isEqualTo(1);
                    assertThat(panel.get("quarantined").get("UNSIGNED").asLong())
                            .isEqualTo(count(meters, MeterNames.QUARANTINED, MeterNames.REASON, "UNSIGNED"));
                    assertThat(panel.get("delivered").get("nctc").asLong())
                            .isEqualTo(count(meters, MeterNames.DELIVERED, MeterNames.RECIPIENT, "nctc"))
                            .isGreaterThanOrEqualTo(10);
                });
    }

    private static long count(MeterRegistry meters, String name, String tag, String value) {
        return meters.find(name).tag(tag, value).counters().stream()
                .mapToLong(c -> (long) c.count())
                .sum();
    }
}
