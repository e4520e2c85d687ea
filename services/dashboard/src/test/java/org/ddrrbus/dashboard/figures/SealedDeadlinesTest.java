package org.ddrrbus.dashboard.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.MemoryKeys;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.streams.PersonState;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.dashboard.MovableClock;
import org.ddrrbus.dashboard.privacy.Noise;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.ErasureReason;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SubjectErased;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a bus that seals, the dashboard's {@code deadlines} store (when each person's next referral falls due) holds no
 * deadline in clear: its changelog is keyed by case code, like the subjects' files, and its values are sealed under
 * the person's key. A passed deadline is still found, and an erasure leaves a tombstone and values nobody can open.
 */
class SealedDeadlinesTest {

    private static final Instant START = Instant.parse("2026-11-02T08:00:00Z");
    private static final String CHANGELOG = "dashboard-sealed-test-" + DashboardTopology.DEADLINES + "-changelog";

    /** The people's keys, as the exchange holds them. */
    private final MemoryKeys holder = new MemoryKeys();

    private final SharingAgreement agreement = AgreementLoader.loadDefault();
    private final EventCodec codec = new EventCodec().sealingWith(SubjectCipher.of(holder, agreement));
    private final MovableClock clock = new MovableClock(START);
    private final Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
    private TopologyTestDriver driver;
    private Duration elapsed = Duration.ZERO;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dashboard-sealed-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        SigningKey dashboardKey = SigningKey.generate(Components.DASHBOARD);
        DashboardSettings settings = new DashboardSettings(
                agreement,
                codec,
                tools.jackson.databind.json.JsonMapper.builder().build(),
                5,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                4,
                Set.of("Lamu", "Kwale"),
                new DashboardSettings.Release(Duration.ofSeconds(5), 1.0, Noise.NONE, clock),
                Optional.of(() -> dashboardKey));
        driver = new TopologyTestDriver(DashboardTopology.build(settings), props, START);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void publish(String agency, SpecificRecord event) {
        Envelope fresh = codec.envelope(agency, event);
        Envelope dated = new Envelope(
                fresh.id(),
                fresh.sender(),
                START.plus(elapsed),
                fresh.subject(),
                fresh.event(),
                fresh.type(),
                fresh.schemaVersion());
        ProducerRecord<String, byte[]> record = codec.seal(Topics.outbox(agency), dated);
        inputs.computeIfAbsent(
                        agency,
                        a -> driver.createInputTopic(
                                Topics.outbox(a), new StringSerializer(), new ByteArraySerializer()))
                .pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), START.plus(elapsed)));
    }

    private void advance(Duration duration) {
        elapsed = elapsed.plus(duration);
        clock.advance(duration);
        driver.advanceWallClockTime(duration);
    }

    private void referred(String subject, Priority priority) {
        publish(
                "nctc",
                new ReturneeRegistered(
                        subject,
                        "Lamu",
                        "Mpeketoni",
                        AgeBand.AGE_25_34,
                        Gender.MALE,
                        ReturnRoute.VOLUNTARY_SURRENDER,
                        Phase.DISENGAGEMENT,
                        LocalDate.of(2026, 10, 28)));
        publish(
                "nctc",
                new ReferralIssued(
                        subject,
                        "REF-" + subject,
                        "iom",
                        "Lamu",
                        List.of(ServiceKind.LIVELIHOOD),
                        priority,
                        "reintegration-support",
                        "C-" + subject));
    }

    private KeyValueStore<String, byte[]> deadlineStore() {
        return driver.getKeyValueStore(DashboardTopology.DEADLINES);
    }

    private PersonState<Long> deadlines() {
        return new PersonState<>(deadlineStore(), DashboardTopology.DEADLINES, Serdes.Long(), holder);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Neither the deadline's number, as text or as the 8 bytes of a long, nor its time written out. */
    private static void holdsNoPlainDeadline(byte[] bytes, Instant deadline) {
        long millis = deadline.toEpochMilli();
        assertThat(contains(bytes, Long.toString(millis).getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(contains(bytes, ByteBuffer.allocate(8).putLong(millis).array()))
                .isFalse();
        assertThat(contains(bytes, deadline.toString().getBytes(StandardCharsets.UTF_8)))
                .isFalse();
    }

    @Test
    void theChangelogHoldsNoDeadlineInClearAndAnErasureLeavesNothingThatOpens() {
        String soon = "KE-DLNE-0001";
        String later = "KE-DLNE-0002";
        referred(soon, Priority.WITHIN_24_HOURS);
        referred(later, Priority.WITHIN_2_WEEKS);
        Instant soonDue = START.plus(Duration.ofHours(24));
        Instant laterDue = START.plus(Duration.ofDays(14));

        assertThat(deadlines().get(soon)).isEqualTo(soonDue.toEpochMilli());
        assertThat(deadlines().get(later)).isEqualTo(laterDue.toEpochMilli());

        // The first deadline passes: the punctuation opens the sealed values and finds it.
        advance(Duration.ofHours(25));
        assertThat(deadlines().get(soon)).isNull();
        assertThat(deadlineStore().get(soon)).isNull();
        assertThat(deadlines().get(later)).isEqualTo(laterDue.toEpochMilli());

        // The exchange destroys the person's keys as it delivers the erasure; the dashboard then reads it.
        holder.destroy(later);
        publish("nctc", new SubjectErased(later, LocalDate.of(2026, 11, 3), ErasureReason.PERSON_REQUEST));

        assertThat(deadlineStore().get(later)).isNull();
        List<TestRecord<String, byte[]>> changelog = new ArrayList<>(
                driver.createOutputTopic(CHANGELOG, new StringDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList());
        assertThat(changelog).extracting(TestRecord::key).contains(soon, later);
        for (TestRecord<String, byte[]> record : changelog) {
            assertThat(record.key()).as("keyed by case code only").isIn(soon, later);
            if (record.value() != null) {
                assertThat(SubjectCipher.isSealed(record.value())).isTrue();
                holdsNoPlainDeadline(record.value(), soonDue);
                holdsNoPlainDeadline(record.value(), laterDue);
            }
        }
        List<TestRecord<String, byte[]>> ofTheErased =
                changelog.stream().filter(r -> later.equals(r.key())).toList();
        assertThat(ofTheErased.get(ofTheErased.size() - 1).value())
                .as("the last word on the erased person is a tombstone")
                .isNull();
        assertThat(ofTheErased.stream().filter(r -> r.value() != null))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(
                                holder.find(SubjectCipher.parse(r.value()).keyId()))
                        .as("no key opens what the changelog kept")
                        .isEmpty());
    }
}
