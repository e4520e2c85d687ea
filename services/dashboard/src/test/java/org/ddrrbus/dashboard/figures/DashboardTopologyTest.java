package org.ddrrbus.dashboard.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectKeys;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.stats.Figure;
import org.ddrrbus.client.streams.PersonState;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.dashboard.MovableClock;
import org.ddrrbus.dashboard.privacy.Noise;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.CommunityRiskFactor;
import org.ddrrbus.events.DeclineReason;
import org.ddrrbus.events.ErasureConfirmed;
import org.ddrrbus.events.ErasureReason;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.MentorshipSessionHeld;
import org.ddrrbus.events.Participant;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChangeReason;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralOutcome;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.RiskLevel;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SessionFormat;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.events.SupportDelivered;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard's figures from a real topology and real Avro, without a broker. */
class DashboardTopologyTest {

    private static final Instant START = Instant.parse("2026-11-02T08:00:00Z");
    /** The release period: {@link #publishedNow()} moves the clock by one, so it always crosses one period's end. */
    private static final Duration PUBLISH = Duration.ofSeconds(5);
    /** How often the figures stage checks whether a release is due. */
    private static final Duration CHECK = Duration.ofSeconds(1);

    private static final List<String> PROGRAMME_FIGURES = List.of(
            "returnees-by-phase",
            "returnees-by-county",
            "registrations-by-week",
            "referrals-by-status",
            "referrals-by-agency",
            "referrals-declined-by-reason",
            "referral-acceptance-median-hours",
            "support-by-kind",
            "mentorship-sessions-by-format",
            "community-risk-by-area");

    private final EventCodec codec = new EventCodec();
    private final JsonMapper json = JsonMapper.builder().build();
    private final SigningKey dashboardKey = SigningKey.generate(Components.DASHBOARD);
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
    private final MovableClock clock = new MovableClock(START);
    private TopologyTestDriver driver;
    private TestOutputTopic<String, byte[]> stats;
    private int subjects;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dashboard-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        DashboardSettings settings = new DashboardSettings(
                AgreementLoader.loadDefault(),
                codec,
                json,
                5,
                CHECK,
                Duration.ofSeconds(30),
                4,
                Set.of("Lamu", "Kwale", "Mombasa", "Kilifi"),
                // No noise: these tests check the counting and the suppression; ReleaseNoiseTest checks the noise.
                new DashboardSettings.Release(PUBLISH, 1.0, Noise.NONE, clock),
                Optional.of(() -> dashboardKey));
        driver = new TopologyTestDriver(DashboardTopology.build(settings), props, START);
        stats = driver.createOutputTopic(Topics.STATS, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    // --- given ---

    private String newSubject() {
        return "KE-DASH-" + (++subjects);
    }

    private Envelope envelope(String agency, SpecificRecord event, Instant time) {
        Envelope fresh = codec.envelope(agency, event);
        return new Envelope(
                fresh.id(), fresh.sender(), time, fresh.subject(), fresh.event(), fresh.type(), fresh.schemaVersion());
    }

    private Envelope publish(String agency, SpecificRecord event) {
        return publish(agency, event, driverNow());
    }

    private Envelope publish(String agency, SpecificRecord event, Instant time) {
        Envelope envelope = envelope(agency, event, time);
        send(Topics.outbox(agency), codec.seal(Topics.outbox(agency), envelope));
        return envelope;
    }

    /** Sends a record to partition 0 of the topic and returns its offset there. */
    private long send(String topic, ProducerRecord<String, byte[]> record) {
        inputs.computeIfAbsent(
                        topic, t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                .pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), driverNow()));
        long offset = offsets.getOrDefault(topic, 0L);
        offsets.put(topic, offset + 1);
        return offset;
    }

    private final Map<String, Long> offsets = new HashMap<>();

    /** The exchange's refusal of the record at this offset of the agency's outbox. */
    private void refuse(String agency, long offset, ProducerRecord<String, byte[]> refused, Rejection why) {
        send(
                Topics.QUARANTINE,
                Quarantine.record(
                        why,
                        new RecordOrigin(Topics.outbox(agency), 0, offset, refused.key()),
                        refused.headers(),
                        refused.value(),
                        Components.EXCHANGE));
    }

    private Instant driverNow() {
        return START.plus(elapsed);
    }

    private Duration elapsed = Duration.ZERO;

    private void advance(Duration duration) {
        elapsed = elapsed.plus(duration);
        clock.advance(duration);
        driver.advanceWallClockTime(duration);
    }

    private String register(String county, Phase phase) {
        String subject = newSubject();
        publish("nctc", registered(subject, county, phase));
        return subject;
    }

    private static ReturneeRegistered registered(String subject, String county, Phase phase) {
        return new ReturneeRegistered(
                subject,
                county,
                "Mpeketoni",
                AgeBand.AGE_25_34,
                Gender.MALE,
                ReturnRoute.VOLUNTARY_SURRENDER,
                phase,
                LocalDate.of(2026, 10, 28));
    }

    private static ReferralIssued referral(String subject, String id, String to, Priority priority) {
        return new ReferralIssued(
                subject,
                id,
                to,
                "Lamu",
                List.of(ServiceKind.LIVELIHOOD),
                priority,
                "reintegration-support".equals(purposeOf(to)) ? "reintegration-support" : purposeOf(to),
                "C-" + subject);
    }

    private static String purposeOf(String agency) {
        return switch (agency) {
            case "iom" -> "reintegration-support";
            case "cicc" -> "mentorship";
            case "county" -> "community-services";
            default -> "case-management";
        };
    }

    // --- then ---

    /** The latest of each figure published on ddrr.stats so far. */
    private Map<String, Figure> published() {
        Map<String, Figure> latest = new LinkedHashMap<>();
        for (TestRecord<String, byte[]> record : stats.readRecordsToList()) {
            latest.put(record.key(), json.readValue(record.value(), Figure.class));
        }
        return latest;
    }

    private Map<String, Figure> publishedNow() {
        advance(PUBLISH);
        return published();
    }

    private Map<String, PublishedFigure> stored() {
        KeyValueStore<String, PublishedFigure> store = driver.getKeyValueStore(DashboardTopology.FIGURES);
        Map<String, PublishedFigure> figures = new LinkedHashMap<>();
        store.all().forEachRemaining(kv -> figures.put(kv.key, kv.value));
        return figures;
    }

    private static Map<String, String> cells(Figure figure) {
        Map<String, String> cells = new LinkedHashMap<>();
        figure.cells().forEach(c -> cells.put(c.label(), c.value()));
        return cells;
    }

    /** What the dashboard counted in a cell, before any suppression. */
    private long counted(String cell) {
        KeyValueStore<String, Delta> cells = driver.getKeyValueStore(DashboardTopology.CELLS);
        Delta delta = cells.get(cell);
        return delta == null ? 0 : delta.count();
    }

    private static Map<String, String> cellsOf(Map<String, Figure> figures, String key) {
        assertThat(figures).containsKey(key);
        return cells(figures.get(key));
    }

    // --- behaviour ---

    @Test
    void returneesAreCountedByCurrentPhaseAndCounty() {
        for (int i = 0; i < 6; i++) {
            register("Lamu", Phase.DISENGAGEMENT);
        }
        for (int i = 0; i < 7; i++) {
            String subject = register("Kwale", Phase.DISENGAGEMENT);
            publish(
                    "nctc",
                    new PhaseChanged(
                            subject,
                            "Kwale",
                            Phase.DISENGAGEMENT,
                            Phase.REHABILITATION,
                            PhaseChangeReason.PROGRAMME_MILESTONE,
                            LocalDate.of(2026, 10, 30)));
        }
        for (int i = 0; i < 5; i++) {
            register("Kilifi", Phase.DERADICALISATION);
        }
        for (int i = 0; i < 5; i++) {
            register("Mombasa", Phase.REINTEGRATION);
        }

        Map<String, Figure> figures = publishedNow();

        assertThat(List.of(
                        counted("returnees|phase|DISENGAGEMENT"),
                        counted("returnees|phase|DERADICALISATION"),
                        counted("returnees|phase|REHABILITATION"),
                        counted("returnees|phase|REINTEGRATION"),
                        counted("returnees|total")))
                .containsExactly(6L, 5L, 7L, 5L, 23L);
        assertThat(List.of(
                        counted("returnees|county|Kilifi"),
                        counted("returnees|county|Kwale"),
                        counted("returnees|county|Lamu"),
                        counted("returnees|county|Mombasa")))
                .containsExactly(5L, 7L, 6L, 5L);
        // Every phase and every county of the list is shown, zeros included. The schema's "Unknown" is always 0
        // here, so the total is withheld: shown, it would say Unknown is exactly 0.
        assertThat(cellsOf(figures, "returnees-by-phase"))
                .containsExactly(
                        Map.entry("Disengagement", "6"),
                        Map.entry("Deradicalisation", "5"),
                        Map.entry("Rehabilitation", "7"),
                        Map.entry("Reintegration", "5"),
                        Map.entry("Unknown", "<5"),
                        Map.entry("Total", "*"));
        assertThat(cellsOf(figures, "returnees-by-county"))
                .containsExactly(
                        Map.entry("Kilifi", "5"),
                        Map.entry("Kwale", "7"),
                        Map.entry("Lamu", "6"),
                        Map.entry("Mombasa", "5"),
                        Map.entry("Other", "<5"),
                        Map.entry("Total", "*"));
    }

    @Test
    void smallCohortIsShownAsLessThanFive() {
        for (int i = 0; i < 9; i++) {
            register("Lamu", Phase.DISENGAGEMENT);
        }
        for (int i = 0; i < 6; i++) {
            register("Kwale", Phase.DISENGAGEMENT);
        }
        register("Kilifi", Phase.DISENGAGEMENT);

        Map<String, String> byCounty = cellsOf(publishedNow(), "returnees-by-county");

        // Kilifi's one person is "<5". Shown with the total, Lamu and Kwale would leave Kilifi, Mombasa and Other
        // summing to 1; withholding Kwale would still bound them to 0..2. The total goes, which leaves each 0..4.
        assertThat(byCounty)
                .containsExactly(
                        Map.entry("Kilifi", "<5"),
                        Map.entry("Kwale", "6"),
                        Map.entry("Lamu", "9"),
                        Map.entry("Mombasa", "<5"),
                        Map.entry("Other", "<5"),
                        Map.entry("Total", "*"));
    }

    @Test
    void nothingPublishedNamesASubject() {
        String subject = register("Lamu", Phase.DISENGAGEMENT);
        publish("nctc", referral(subject, "REF-1", "iom", Priority.WITHIN_72_HOURS));
        publish("iom", new ReferralAccepted(subject, "REF-1", "nctc", null));

        advance(PUBLISH);

        List<TestRecord<String, byte[]>> all = stats.readRecordsToList();
        assertThat(all).isNotEmpty();
        assertThat(all).allSatisfy(r -> {
            assertThat(r.key()).doesNotContain(subject);
            assertThat(new String(r.value(), StandardCharsets.UTF_8))
                    .doesNotContain(subject)
                    .doesNotContain("REF-1");
        });
    }

    /** A donor's tool needs only the schema: every record names its version and follows it. */
    @Test
    void everyRecordOnStatsFollowsTheVersionedJsonSchemaItNames() throws Exception {
        String subject = register("Lamu", Phase.DISENGAGEMENT);
        publish("nctc", referral(subject, "REF-1", "iom", Priority.WITHIN_72_HOURS));
        advance(PUBLISH);

        List<TestRecord<String, byte[]>> all = stats.readRecordsToList();
        assertThat(all).isNotEmpty();
        for (TestRecord<String, byte[]> record : all) {
            String version =
                    new String(record.headers().lastHeader(Figure.SCHEMA_HEADER).value(), StandardCharsets.US_ASCII);
            com.networknt.schema.Schema schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                            com.networknt.schema.SpecificationVersion.DRAFT_2020_12)
                    .getSchema(
                            Files.readString(Path.of("../../schemas/src/main/json/" + version + ".schema.json")),
                            com.networknt.schema.InputFormat.JSON);
            assertThat(schema.validate(
                            new String(record.value(), StandardCharsets.UTF_8), com.networknt.schema.InputFormat.JSON))
                    .as(record.key())
                    .isEmpty();
        }
    }

    @Test
    void everyProgrammeFigureIsReleasedOncePerPeriodAndNothingBetween() {
        register("Lamu", Phase.DISENGAGEMENT);
        Map<String, Figure> first = publishedNow();
        assertThat(first).containsOnlyKeys(PROGRAMME_FIGURES);

        // Registrations arriving between two releases: the checks inside the period publish nothing.
        for (int i = 0; i < 5; i++) {
            register("Kwale", Phase.DISENGAGEMENT);
            advance(Duration.ofMillis(900));
            assertThat(published()).as("a check inside the period").isEmpty();
        }
        assertThat(stored().get("returnees-by-county").figure()).isEqualTo(first.get("returnees-by-county"));

        // The next period's first check releases every programme figure once, changed or not.
        advance(Duration.ofMillis(500));
        List<TestRecord<String, byte[]>> release = stats.readRecordsToList();
        assertThat(release).extracting(TestRecord::key).containsExactlyInAnyOrderElementsOf(PROGRAMME_FIGURES);
        Figure byCounty = release.stream()
                .filter(r -> r.key().equals("returnees-by-county"))
                .map(r -> json.readValue(r.value(), Figure.class))
                .findFirst()
                .orElseThrow();
        assertThat(cells(byCounty)).containsEntry("Kwale", "5");
        assertThat(byCounty.asOf()).isEqualTo(START.plus(PUBLISH.multipliedBy(2)));

        advance(Duration.ofMillis(4_000));
        assertThat(published()).as("the rest of that period").isEmpty();
        assertThat(publishedNow()).containsOnlyKeys(PROGRAMME_FIGURES);
    }

    @Test
    void referralNotAnsweredByItsPriorityDeadlineBecomesOverdue() {
        for (int i = 0; i < 5; i++) {
            String subject = register("Lamu", Phase.DISENGAGEMENT);
            publish("nctc", referral(subject, "REF-24H-" + i, "iom", Priority.WITHIN_24_HOURS));
        }
        for (int i = 0; i < 5; i++) {
            String subject = register("Lamu", Phase.DISENGAGEMENT);
            publish("nctc", referral(subject, "REF-72H-" + i, "iom", Priority.WITHIN_72_HOURS));
        }
        assertThat(List.of(counted("referrals|status|OPEN"), counted("referrals|status|OVERDUE")))
                .containsExactly(10L, 0L);

        advance(Duration.ofHours(25));

        assertThat(List.of(
                        counted("referrals|status|OPEN"),
                        counted("referrals|status|OVERDUE"),
                        counted("referrals|agency|iom|OVERDUE"),
                        counted("referrals|total")))
                .containsExactly(5L, 5L, 5L, 10L);
    }

    @Test
    void referralsAreCountedPerReceivingAgencyWithDeclineReasonsAndMedianTimeToAcceptance() {
        // Five accepted after 2, 4, 6, 8 and 10 hours (median 6 h), one completed, five declined for capacity.
        for (int i = 0; i < 5; i++) {
            String subject = register("Lamu", Phase.DISENGAGEMENT);
            Instant issued = driverNow();
            publish("nctc", referral(subject, "A-" + i, "iom", Priority.WITHIN_72_HOURS), issued);
            publish(
                    "iom",
                    new ReferralAccepted(subject, "A-" + i, "nctc", null),
                    issued.plus(Duration.ofHours(2L * (i + 1))));
            if (i == 0) {
                publish("iom", new ReferralCompleted(subject, "A-0", "nctc", ReferralOutcome.SERVICES_DELIVERED));
            }
        }
        for (int i = 0; i < 5; i++) {
            String subject = register("Lamu", Phase.DISENGAGEMENT);
            publish("nctc", referral(subject, "D-" + i, "county", Priority.WITHIN_2_WEEKS));
            publish("county", new ReferralDeclined(subject, "D-" + i, "nctc", DeclineReason.OUT_OF_CAPACITY));
        }

        Map<String, Figure> figures = publishedNow();

        assertThat(List.of(
                        counted("referrals|status|OPEN"),
                        counted("referrals|status|ACCEPTED"),
                        counted("referrals|status|DECLINED"),
                        counted("referrals|status|COMPLETED"),
                        counted("referrals|total")))
                .containsExactly(0L, 4L, 5L, 1L, 10L);
        assertThat(List.of(
                        counted("referrals|agency|iom|ACCEPTED"),
                        counted("referrals|agency|iom|COMPLETED"),
                        counted("referrals|agency|iom|TOTAL"),
                        counted("referrals|agency|county|DECLINED"),
                        counted("referrals|agency|county|TOTAL"),
                        counted("referrals|declined|OUT_OF_CAPACITY")))
                .containsExactly(4L, 1L, 5L, 5L, 5L, 5L);
        // Every agency a referral may go to is listed, and every status, zeros included.
        assertThat(cellsOf(figures, "referrals-by-agency").keySet())
                .contains("cicc / Open", "county / Declined", "iom / Accepted", "nctc / Total")
                .hasSize(4 * 7);
        assertThat(cellsOf(figures, "referrals-by-agency"))
                .containsEntry("iom / Accepted", "<5")
                .containsEntry("iom / Completed", "<5")
                .containsEntry("nctc / Total", "<5");
        assertThat(cellsOf(figures, "referral-acceptance-median-hours"))
                .containsEntry("iom", "6.0 h")
                .containsEntry("county", "*")
                .containsEntry("cicc", "*")
                .containsEntry("All agencies", "6.0 h");
    }

    @Test
    void answerFromAnAgencyOtherThanTheAddresseeIsNotCounted() {
        for (int i = 0; i < 5; i++) {
            String subject = register("Lamu", Phase.DISENGAGEMENT);
            publish("nctc", referral(subject, "X-" + i, "iom", Priority.WITHIN_2_WEEKS));
            // county says it accepted a referral addressed to iom: its own view, not iom's answer.
            publish("county", new ReferralAccepted(subject, "X-" + i, "nctc", null));
        }

        assertThat(List.of(counted("referrals|status|OPEN"), counted("referrals|status|ACCEPTED")))
                .containsExactly(5L, 0L);
    }

    @Test
    void eventInAnotherAgencysNameIsNotCounted() {
        for (int i = 0; i < 5; i++) {
            String subject = newSubject();
            // county writes a registration claiming to come from nctc: the outbox, not the header, says who sent it.
            Envelope forged = envelope("nctc", registered(subject, "Lamu", Phase.DISENGAGEMENT), driverNow());
            send(Topics.outbox("county"), codec.seal(Topics.outbox("county"), forged));
        }

        assertThat(counted("returnees|total")).isZero();
        PersonState<SubjectFile> store = subjectFiles();
        assertThat(store.get("KE-DASH-1")).isNull();
    }

    @Test
    void eventRefusedByTheExchangeIsTakenBackOutOfTheFigures() {
        List<Long> offsets = new java.util.ArrayList<>();
        List<Envelope> referrals = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String subject = register("Lamu", Phase.DISENGAGEMENT);
            Envelope referral =
                    envelope("nctc", referral(subject, "Q-" + i, "iom", Priority.WITHIN_2_WEEKS), driverNow());
            offsets.add(send(Topics.outbox("nctc"), codec.seal(Topics.outbox("nctc"), referral)));
            referrals.add(referral);
        }
        assertThat(counted("referrals|status|OPEN")).isEqualTo(6);

        Envelope refused = referrals.get(0);
        refuse(
                "nctc",
                offsets.get(0),
                codec.seal(Topics.outbox("nctc"), refused),
                new Rejection.NoConsent(refused.subject(), "reintegration-support", "none"));

        assertThat(List.of(counted("referrals|status|OPEN"), counted("referrals|total")))
                .containsExactly(5L, 5L);
        advance(PUBLISH);
        assertThat(stored().get("quarantine-by-reason").audience()).isEqualTo(Audience.OPERATIONS);
        assertThat(cells(stored().get("quarantine-by-reason").figure())).containsEntry("No consent", "<5");
    }

    @Test
    void refusedCopyOfAnEventIdTakesNothingFromTheDeliveredOriginal() {
        List<String> subjects = new java.util.ArrayList<>();
        List<ProducerRecord<String, byte[]>> originals = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String subject = register("Lamu", Phase.DISENGAGEMENT);
            Envelope referral =
                    envelope("nctc", referral(subject, "R-" + i, "iom", Priority.WITHIN_2_WEEKS), driverNow());
            ProducerRecord<String, byte[]> original = codec.seal(Topics.outbox("nctc"), referral);
            send(Topics.outbox("nctc"), original);
            subjects.add(subject);
            originals.add(original);
        }
        assertThat(counted("referrals|status|OPEN")).isEqualTo(6);
        Map<String, Figure> before = publishedNow();

        // nctc sends the first referral's id again, unsigned; the exchange refuses that copy, and only that copy.
        ProducerRecord<String, byte[]> copy = originals.get(0);
        long copyOffset = send(Topics.outbox("nctc"), copy);
        refuse("nctc", copyOffset, copy, new Rejection.Unsigned());

        assertThat(List.of(counted("referrals|status|OPEN"), counted("referrals|total")))
                .containsExactly(6L, 6L);
        assertThat(publishedNow().get("referrals-by-status").cells())
                .isEqualTo(before.get("referrals-by-status").cells());
        assertThat(stored().get("referrals-by-status").figure().cells())
                .isEqualTo(before.get("referrals-by-status").cells());
        PersonState<SubjectFile> store = subjectFiles();
        assertThat(store.get(subjects.get(0)).contributed()).containsEntry("referrals|total", 1L);
    }

    @Test
    void whenTheFirstCopyOfAnEventIsRefusedTheNextCopyCounts() {
        for (int i = 0; i < 5; i++) {
            register("Kwale", Phase.DISENGAGEMENT);
        }
        String subject = newSubject();
        ProducerRecord<String, byte[]> first = codec.seal(
                Topics.outbox("nctc"),
                envelope("nctc", registered(subject, "Kwale", Phase.DISENGAGEMENT), driverNow()));
        long firstOffset = send(Topics.outbox("nctc"), first);
        long secondOffset = send(Topics.outbox("nctc"), first);
        PersonState<SubjectFile> store = subjectFiles();
        assertThat(store.get(subject).contributed()).containsEntry("returnees|total", 1L);

        // The first copy was, say, badly signed; the second was delivered. The person still counts, once.
        refuse("nctc", firstOffset, first, new Rejection.Unsigned());

        assertThat(store.get(subject).contributed()).containsEntry("returnees|total", 1L);
        assertThat(store.get(subject).copies()).hasSize(1);

        refuse("nctc", secondOffset, first, new Rejection.Unsigned());

        assertThat(store.get(subject).contributed()).doesNotContainKey("returnees|total");
    }

    @Test
    void refusalReadBeforeTheEventItselfStillKeepsTheEventOut() {
        String subject = register("Lamu", Phase.DISENGAGEMENT);
        Envelope refused = envelope("nctc", referral(subject, "EARLY", "iom", Priority.WITHIN_2_WEEKS), driverNow());
        ProducerRecord<String, byte[]> original = codec.seal(Topics.outbox("nctc"), refused);
        long next = offsets.get(Topics.outbox("nctc"));
        refuse("nctc", next, original, new Rejection.NoConsent(subject, "reintegration-support", "none"));

        send(Topics.outbox("nctc"), original);

        PersonState<SubjectFile> store = subjectFiles();
        assertThat(store.get(subject).contributed()).doesNotContainKey("referrals|total");
        KeyValueStore<String, String> ahead = driver.getKeyValueStore(DashboardTopology.REFUSED_AHEAD);
        assertThat(ahead.all()).toIterable().isEmpty();
    }

    /**
     * The dashboard holds people: each subject's file and deadline, under its subjectRef, changelogged. When the case
     * owner erases a person, no store names them afterwards, and the figures stay as they were.
     */
    @Test
    void anErasedPersonIsInNoStoreAfterwardsAndTheFiguresStayAsTheyWere() {
        for (int i = 0; i < 5; i++) {
            register("Kwale", Phase.DISENGAGEMENT);
        }
        String erased = register("Kwale", Phase.DISENGAGEMENT);
        publish("nctc", referral(erased, "ERASE-1", "iom", Priority.WITHIN_24_HOURS));
        SubjectErased erasure = new SubjectErased(erased, LocalDate.of(2026, 11, 2), ErasureReason.PERSON_REQUEST);
        // Only the case owner erases: the same event on iom's outbox changes nothing.
        publish("iom", erasure);
        PersonState<SubjectFile> subjects = subjectFiles();
        assertThat(subjects.get(erased)).isNotNull();
        List<Long> before = List.of(counted("returnees|total"), counted("referrals|status|OPEN"));

        TestOutputTopic<String, byte[]> outbox = driver.createOutputTopic(
                Topics.outbox(Components.DASHBOARD), new StringDeserializer(), new ByteArrayDeserializer());
        assertThat(outbox.readRecordsToList()).as("no confirmation of iom's").isEmpty();

        Envelope asked = publish("nctc", erasure);
        advance(PUBLISH);

        // The dashboard confirms on its own outbox, signed with its own key, in the transaction that dropped the
        // person.
        List<TestRecord<String, byte[]>> confirmations = outbox.readRecordsToList();
        assertThat(confirmations).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(erased);
            Opened opened = codec.open(
                    new RecordOrigin(Topics.outbox(Components.DASHBOARD), 0, 0, record.key()),
                    record.headers(),
                    record.value());
            assertThat(opened).isInstanceOfSatisfying(Opened.Valid.class, valid -> {
                assertThat(valid.envelope().sender()).isEqualTo(Components.DASHBOARD);
                assertThat(valid.envelope().event()).isInstanceOfSatisfying(ErasureConfirmed.class, confirmed -> {
                    assertThat(confirmed.getSubjectRef()).isEqualTo(erased);
                    assertThat(confirmed.getErasureId()).isEqualTo(asked.id());
                    assertThat(confirmed.getComponent()).isEqualTo(Components.DASHBOARD);
                });
            });
            assertThat(new SignatureVerifier(KeyRing.of(dashboardKey))
                            .checkEvent(record.headers(), record.value(), record.timestamp()))
                    .isInstanceOfSatisfying(
                            SignatureCheck.Valid.class,
                            valid -> assertThat(valid.signer()).isEqualTo(Components.DASHBOARD));
        });

        assertThat(List.of(counted("returnees|total"), counted("referrals|status|OPEN")))
                .isEqualTo(before)
                .containsExactly(6L, 1L);
        for (String name : List.of(
                DashboardTopology.SUBJECTS,
                DashboardTopology.DEADLINES,
                DashboardTopology.READ_UP_TO,
                DashboardTopology.REFUSED_AHEAD,
                DashboardTopology.CELLS,
                DashboardTopology.RELEASES,
                DashboardTopology.FIGURES)) {
            KeyValueStore<String, Object> store = driver.getKeyValueStore(name);
            store.all()
                    .forEachRemaining(entry -> assertThat(entry.key + " "
                                    + (entry.value instanceof byte[] bytes
                                            ? new String(bytes, StandardCharsets.ISO_8859_1)
                                            : json.writeValueAsString(entry.value)))
                            .as("store " + name)
                            .doesNotContain(erased));
        }
    }

    @Test
    void refusalOfARecordReadAndNotCountedLeavesNothingBehind() {
        String subject = newSubject();
        Envelope forged = envelope("nctc", registered(subject, "Lamu", Phase.DISENGAGEMENT), driverNow());
        ProducerRecord<String, byte[]> record = codec.seal(Topics.outbox("county"), forged);
        long offset = send(Topics.outbox("county"), record);

        refuse("county", offset, record, new Rejection.Unsigned());

        KeyValueStore<String, String> ahead = driver.getKeyValueStore(DashboardTopology.REFUSED_AHEAD);
        assertThat(ahead.all()).toIterable().isEmpty();
    }

    @Test
    void quarantinedRecordsAreCountedByReasonButNeverPublishedToDonors() {
        for (int i = 0; i < 6; i++) {
            ProducerRecord<String, byte[]> garbage =
                    new ProducerRecord<>(Topics.outbox("county"), "K-" + i, "hello".getBytes(StandardCharsets.UTF_8));
            send(
                    Topics.QUARANTINE,
                    Quarantine.record(
                            new Rejection.MissingHeader("ce_id"),
                            new RecordOrigin(Topics.outbox("county"), 0, i, garbage.key()),
                            new RecordHeaders(),
                            garbage.value(),
                            Components.EXCHANGE));
        }

        Map<String, Figure> figures = publishedNow();

        assertThat(figures).doesNotContainKey("quarantine-by-reason");
        assertThat(cells(stored().get("quarantine-by-reason").figure()))
                .containsExactly(Map.entry("Missing header", "6"), Map.entry("Total", "6"));
    }

    @Test
    void supportAndMentorshipAreCountedByKindAndFormat() {
        for (int i = 0; i < 6; i++) {
            String subject = register("Lamu", Phase.REHABILITATION);
            publish(
                    "iom",
                    new SupportDelivered(subject, null, "nctc", ServiceKind.LIVELIHOOD, LocalDate.of(2026, 11, 1)));
            publish(
                    "cicc",
                    new MentorshipSessionHeld(
                            subject,
                            null,
                            "nctc",
                            SessionFormat.FAMILY,
                            List.of(Participant.SUBJECT, Participant.PARENT),
                            60,
                            LocalDate.of(2026, 11, 1)));
        }

        Map<String, Figure> figures = publishedNow();

        assertThat(List.of(counted("support|kind|LIVELIHOOD"), counted("support|total")))
                .containsExactly(6L, 6L);
        assertThat(List.of(counted("mentorship|format|FAMILY"), counted("mentorship|total")))
                .containsExactly(6L, 6L);
        // Shown with the total, Livelihood would say every other kind is exactly 0: the total is withheld.
        assertThat(cellsOf(figures, "support-by-kind"))
                .containsEntry("Livelihood", "6")
                .containsEntry("Shelter", "<5")
                .containsEntry("Total", "*");
        assertThat(cellsOf(figures, "mentorship-sessions-by-format"))
                .containsEntry("Family", "6")
                .containsEntry("Total", "*");
    }

    @Test
    void manyEventsOfFewPeopleAreWithheld() {
        for (int i = 0; i < 2; i++) {
            String subject = register("Lamu", Phase.REHABILITATION);
            for (int j = 0; j < 6; j++) {
                publish(
                        "iom",
                        new SupportDelivered(subject, null, "nctc", ServiceKind.SHELTER, LocalDate.of(2026, 11, 1)));
            }
        }

        assertThat(cellsOf(publishedNow(), "support-by-kind"))
                .containsEntry("Shelter", "*")
                .containsEntry("Total", "*");
    }

    @Test
    void latestCommunityRiskIsShownPerAreaAndFreeTextNeverBecomesALabel() {
        publish(
                "nctc",
                new CommunityRiskAssessed(
                        "Lamu",
                        "Mpeketoni",
                        RiskLevel.HIGH,
                        List.of(CommunityRiskFactor.SERVICE_GAPS),
                        LocalDate.of(2026, 10, 1)));
        publish(
                "county",
                new CommunityRiskAssessed(
                        "Lamu", "Mpeketoni", RiskLevel.MEDIUM, List.of(), LocalDate.of(2026, 10, 20)));
        publish(
                "county",
                new CommunityRiskAssessed(
                        "Kwale", "call 0722 000 000", RiskLevel.LOW, List.of(), LocalDate.of(2026, 10, 20)));

        assertThat(cellsOf(publishedNow(), "community-risk-by-area"))
                .containsExactly(Map.entry("Kwale / Other", "Low"), Map.entry("Lamu / Mpeketoni", "Medium"));
    }

    @Test
    void countyOutsideTheKnownListIsCountedAsOther() {
        for (int i = 0; i < 5; i++) {
            register("Amina Hassan, 0722 000 000", Phase.DISENGAGEMENT);
        }

        assertThat(counted("returnees|county|Other")).isEqualTo(5);
        assertThat(cellsOf(publishedNow(), "returnees-by-county"))
                .containsExactly(
                        Map.entry("Kilifi", "<5"),
                        Map.entry("Kwale", "<5"),
                        Map.entry("Lamu", "<5"),
                        Map.entry("Mombasa", "<5"),
                        Map.entry("Other", "5"),
                        Map.entry("Total", "*"));
    }

    @Test
    void registrationsAreCountedPerIsoWeek() {
        for (int i = 0; i < 5; i++) {
            String subject = newSubject();
            publish(
                    "nctc",
                    new ReturneeRegistered(
                            subject,
                            "Lamu",
                            "Witu",
                            AgeBand.UNDER_18,
                            Gender.FEMALE,
                            null,
                            Phase.DISENGAGEMENT,
                            LocalDate.ofInstant(START, ZoneOffset.UTC)));
        }

        assertThat(counted("registrations|week|2026-W45")).isEqualTo(5);
        // "Earlier" and "Later" are listed even when empty: appearing only with cases, they would say "at least one".
        assertThat(cellsOf(publishedNow(), "registrations-by-week"))
                .containsExactly(
                        Map.entry("Earlier", "<5"),
                        Map.entry("2026-W42", "<5"),
                        Map.entry("2026-W43", "<5"),
                        Map.entry("2026-W44", "<5"),
                        Map.entry("2026-W45", "5"),
                        Map.entry("Later", "<5"),
                        Map.entry("Total", "*"));
    }

    /** The subjects' files as the dashboard keeps them, read back through its serde (this test's events are plain). */
    private PersonState<SubjectFile> subjectFiles() {
        return new PersonState<>(
                driver.<String, byte[]>getKeyValueStore(DashboardTopology.SUBJECTS),
                DashboardTopology.SUBJECTS,
                new JsonSerde<>(json, SubjectFile.class),
                SubjectKeys.NONE);
    }
}
