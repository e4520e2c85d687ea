package org.ddrrbus.exchange.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.RejectionReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchange judges each signature by its key's standing when the event reached the outbox, and says why. */
class KeyStandingTopologyTest {

    private static final Instant T = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);

    private final EventCodec codec = new EventCodec();
    private final Map<String, RegisteredKey> directory = new HashMap<>();
    private final SigningKey iom = SigningKey.generate("iom");
    private final SigningKey exchange = SigningKey.generate("exchange");
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> outbox;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        for (SigningKey key : List.of(iom, exchange)) {
            directory.put(key.keyId(), RegisteredKey.always(key.principal(), key.publicKey()));
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "exchange-keys-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        SignatureVerifier verifier = new SignatureVerifier(keyId -> Optional.ofNullable(directory.get(keyId)));
        driver = new TopologyTestDriver(
                ExchangeTopology.build(
                        AgreementLoader.loadDefault(), codec, verifier, () -> exchange, Clock.systemUTC(), 1),
                props);
        outbox = driver.createInputTopic(Topics.outbox("iom"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** An event of iom dated {@code ceTime}, signed with iom's key, reaching its outbox at {@code arrived}. */
    private void send(String subject, Instant ceTime, Instant arrived) {
        ProducerRecord<String, byte[]> record = codec.seal(
                Topics.outbox("iom"),
                codec.envelope(
                        "iom",
                        new BorderReturnRecorded(
                                subject, "Garissa", "Liboi", "SO", java.time.LocalDate.of(2026, 12, 1))));
        record.headers().remove(CloudEventHeaders.TIME);
        record.headers().add(CloudEventHeaders.TIME, ceTime.toString().getBytes(StandardCharsets.UTF_8));
        RecordSigner.sender(iom).signEvents(List.of(record.headers()), List.of(record.value()));
        outbox.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), arrived));
    }

    private List<TestRecord<String, byte[]>> drain(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    private SpecificRecord event(TestRecord<String, byte[]> record) {
        return ((Opened.Valid) codec.open(new RecordOrigin("t", 0, 0, record.key()), record.headers(), record.value()))
                .envelope()
                .event();
    }

    @Test
    void eventsAfterTheRevocationAreRefusedWithKeyRevokedAndTheSenderIsTold() {
        directory.put(iom.keyId(), directory.get(iom.keyId()).revokedFrom(T));

        send("KE-KEYS-0001", T.minusSeconds(60), T.minusSeconds(59));
        // Backdated by its sender, but it reached the outbox after the revocation.
        send("KE-KEYS-0002", T.minusSeconds(60), T.plusSeconds(1));

        assertThat(drain(Topics.inbox("nctc"))).extracting(TestRecord::key).containsExactly("KE-KEYS-0001");
        List<TestRecord<String, byte[]>> toSender = drain(Topics.inbox("iom"));
        assertThat(toSender).extracting(TestRecord::key).containsExactly("KE-KEYS-0001", "KE-KEYS-0002");
        assertThat(event(toSender.get(1))).isInstanceOfSatisfying(DeliveryRejected.class, rejected -> {
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.KEY_REVOKED);
            assertThat(rejected.getDetail())
                    .isEqualTo("signed by " + iom.keyId() + ", a key revoked from " + T + "; the event counts as of "
                            + T.plusSeconds(1) + " (the later of its ce_time and its arrival on the bus)");
        });
        assertThat(drain(Topics.QUARANTINE))
                .singleElement()
                .satisfies(q -> assertThat(new String(
                                q.headers().lastHeader(Quarantine.REASON).value(), StandardCharsets.UTF_8))
                        .isEqualTo("KEY_REVOKED"));
    }

    @Test
    void anEventBeforeItsKeyWasValidIsRefusedWithKeyNotValid() {
        RegisteredKey always = directory.get(iom.keyId());
        directory.put(
                iom.keyId(),
                new RegisteredKey(always.keyId(), "iom", always.publicKey(), T, Optional.empty(), Optional.empty()));

        send("KE-KEYS-0003", T.minusSeconds(30), T.minusSeconds(30));

        assertThat(drain(Topics.inbox("nctc"))).isEmpty();
        assertThat(event(drain(Topics.inbox("iom")).get(0)))
                .isInstanceOfSatisfying(
                        DeliveryRejected.class,
                        rejected -> assertThat(rejected.getReason()).isEqualTo(RejectionReason.KEY_NOT_VALID));
    }

    @Test
    void everyDeliveryStatesWhenItsEventReachedTheOutbox() {
        send("KE-KEYS-0004", T, T.plusMillis(250));

        assertThat(drain(Topics.inbox("nctc")))
                .singleElement()
                .satisfies(delivered -> assertThat(SignatureVerifier.ledgerTime(delivered.headers(), Instant.EPOCH))
                        .isEqualTo(T.plusMillis(250)));
    }
}
