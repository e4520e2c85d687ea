package org.ddrrbus.exchange.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.ServiceKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchange's decisions on a real topology and real Avro, without a broker. */
class ExchangeTopologyTest {

    private static final String SUBJECT = "KE-TEST-0001";
    private final EventCodec codec = new EventCodec();
    private final Map<String, SigningKey> keys = new HashMap<>();
    private SignatureVerifier verifier;
    private TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, byte[]>> outboxes = new HashMap<>();

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "exchange-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Map<String, byte[]> ring = new HashMap<>();
        for (String principal : List.of("nctc", "iom", "cicc", "county", "exchange")) {
            SigningKey key = SigningKey.generate(principal);
            keys.put(principal, key);
            ring.put(key.keyId(), key.publicKey());
        }
        verifier = new SignatureVerifier(KeyRing.of(ring));
        SigningKey exchangeKey = keys.get("exchange");
        driver = new TopologyTestDriver(
                ExchangeTopology.build(
                        AgreementLoader.loadDefault(), codec, verifier, () -> exchangeKey, Duration.ofDays(7), 1),
                props);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(String agency, SpecificRecord event) {
        send(agency, signed(agency, codec.seal(Topics.outbox(agency), codec.envelope(agency, event))));
    }

    private ProducerRecord<String, byte[]> signed(String signer, ProducerRecord<String, byte[]> record) {
        RecordSigner.sender(keys.get(signer)).signEvents(List.of(record.headers()), List.of(record.value()));
        return record;
    }

    private void send(String outboxOwner, ProducerRecord<String, byte[]> record) {
        outboxes.computeIfAbsent(
                        outboxOwner,
                        a -> driver.createInputTopic(
                                Topics.outbox(a), new StringSerializer(), new ByteArraySerializer()))
                .pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), Instant.now()));
    }

    private List<TestRecord<String, byte[]>> drain(String topic) {
        TestOutputTopic<String, byte[]> out =
                driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
        return out.readRecordsToList();
    }

    private List<SpecificRecord> inbox(String agency) {
        return drain(Topics.inbox(agency)).stream()
                .map(r -> open(Topics.inbox(agency), r))
                .toList();
    }

    /**
     * Opens a delivered record, checking the sender's signature as its recipient would. The exchange's
     * countersignature is added by its producer at commit, which this driver does not use: ExchangeIT checks it.
     */
    private SpecificRecord open(String topic, TestRecord<String, byte[]> record) {
        Opened opened = codec.open(new RecordOrigin(topic, 0, 0, record.key()), record.headers(), record.value());
        assertThat(opened).as("record in " + topic).isInstanceOf(Opened.Valid.class);
        String sender = ((Opened.Valid) opened).envelope().sender();
        if (sender.equals("exchange")) {
            assertThat(verifier.checkEvent(record.headers(), record.value(), record.timestamp()))
                    .isInstanceOf(SignatureCheck.Valid.class);
        } else {
            assertThat(verifier.checkSenderOfDelivery(record.headers(), record.timestamp()))
                    .as("sender's signature")
                    .isEqualTo(new SignatureCheck.Valid(keys.get(sender).keyId(), sender));
        }
        return ((Opened.Valid) opened).envelope().event();
    }

    private static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static ConsentRecorded consent(String ref, String... purposes) {
        return new ConsentRecorded(SUBJECT, ref, List.of(purposes), LocalDate.of(2026, 1, 1), null);
    }

    private static ReferralIssued referral(String id, String to, String purpose, String consentRef) {
        return new ReferralIssued(
                SUBJECT,
                id,
                to,
                "Kwale",
                List.of(ServiceKind.LIVELIHOOD),
                Priority.WITHIN_72_HOURS,
                purpose,
                consentRef);
    }

    @Test
    void consentedReferralReachesTheAddressedAgencyAndTheSenderGetsItsCopy() {
        send("nctc", consent("C-1", "reintegration-support"));
        ReferralIssued referral = referral("REF-1", "iom", "reintegration-support", "C-1");

        send("nctc", referral);

        assertThat(inbox("iom")).containsExactly(referral);
        assertThat(inbox("nctc")).containsExactly(consent("C-1", "reintegration-support"), referral);
        assertThat(inbox("cicc")).isEmpty();
        assertThat(drain(Topics.QUARANTINE)).isEmpty();
    }

    @Test
    void referralWithoutConsentIsQuarantinedAndTheSenderTold() {
        send("nctc", referral("REF-2", "iom", "reintegration-support", "C-MISSING"));

        assertThat(inbox("iom")).isEmpty();
        List<TestRecord<String, byte[]>> quarantined = drain(Topics.QUARANTINE);
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(header(q.headers(), Quarantine.REASON)).isEqualTo("NO_CONSENT");
            assertThat(header(q.headers(), Quarantine.SOURCE_TOPIC)).isEqualTo("ddrr.outbox.nctc");
        });
        assertThat(inbox("nctc")).singleElement().isInstanceOfSatisfying(DeliveryRejected.class, r -> {
            assertThat(r.getReason()).isEqualTo(RejectionReason.NO_CONSENT);
            assertThat(r.getDetail()).contains("consent C-MISSING is not on record");
            assertThat(r.getSubjectRef()).isEqualTo(SUBJECT);
        });
    }

    @Test
    void eventTypeTheSenderMayNotSendIsQuarantined() {
        send("cicc", consent("C-3", "mentorship"));

        assertThat(inbox("cicc"))
                .singleElement()
                .isInstanceOfSatisfying(
                        DeliveryRejected.class,
                        r -> assertThat(r.getReason()).isEqualTo(RejectionReason.SENDER_NOT_PERMITTED));
        assertThat(drain(Topics.QUARANTINE)).hasSize(1);
    }

    @Test
    void referralToAnAgencyOutsideTheAgreementIsQuarantined() {
        send("nctc", consent("C-4", "reintegration-support"));
        send("nctc", referral("REF-4", "embassy-dk", "reintegration-support", "C-4"));

        assertThat(inbox("nctc"))
                .last()
                .isInstanceOfSatisfying(
                        DeliveryRejected.class,
                        r -> assertThat(r.getReason()).isEqualTo(RejectionReason.RECIPIENT_NOT_PERMITTED));
    }

    @Test
    void referralForAPurposeTheRecipientDoesNotServeIsQuarantined() {
        send("nctc", consent("C-5", "mentorship"));
        send("nctc", referral("REF-5", "iom", "mentorship", "C-5"));

        assertThat(inbox("nctc"))
                .last()
                .isInstanceOfSatisfying(
                        DeliveryRejected.class,
                        r -> assertThat(r.getReason()).isEqualTo(RejectionReason.PURPOSE_NOT_PERMITTED));
        assertThat(inbox("iom")).isEmpty();
    }

    @Test
    void recipientSeesOnlyItsPermittedFields() {
        ReturneeRegistered registered = new ReturneeRegistered(
                SUBJECT,
                "Kwale",
                "Msambweni",
                AgeBand.AGE_25_34,
                Gender.FEMALE,
                ReturnRoute.VOLUNTARY_SURRENDER,
                Phase.DISENGAGEMENT,
                LocalDate.of(2026, 11, 1));

        send("nctc", registered);

        List<TestRecord<String, byte[]>> county = drain(Topics.inbox("county"));
        assertThat(county).singleElement().satisfies(r -> {
            ReturneeRegistered seen = (ReturneeRegistered) open(Topics.inbox("county"), r);
            assertThat(seen.getReturnRoute()).isNull();
            assertThat(seen.getAgeBand()).isEqualTo(AgeBand.AGE_25_34);
            assertThat(header(r.headers(), Gate.WITHHELD)).isEqualTo("returnRoute");
            assertThat(header(r.headers(), Gate.PURPOSE)).isEqualTo("community-services");
        });
        assertThat(inbox("nctc")).containsExactly(registered);
        assertThat(inbox("iom")).isEmpty();
    }

    @Test
    void withdrawnConsentBlocksLaterReferralsAndReachesThoseWhoReliedOnIt() {
        send("nctc", consent("C-6", "reintegration-support"));
        send("nctc", referral("REF-6A", "iom", "reintegration-support", "C-6"));
        assertThat(inbox("iom")).hasSize(1);
        ConsentWithdrawn withdrawal = new ConsentWithdrawn(SUBJECT, "C-6", List.of(), LocalDate.of(2026, 11, 20));

        send("nctc", withdrawal);
        send("nctc", referral("REF-6B", "iom", "reintegration-support", "C-6"));

        assertThat(inbox("iom")).containsExactly(withdrawal);
        assertThat(inbox("nctc")).last().isInstanceOfSatisfying(DeliveryRejected.class, r -> {
            assertThat(r.getReason()).isEqualTo(RejectionReason.NO_CONSENT);
            assertThat(r.getDetail()).contains("withdrawn");
        });
    }

    @Test
    void answerGoesBackToTheReferringAgency() {
        ReferralAccepted accepted = new ReferralAccepted(SUBJECT, "REF-7", "nctc", null);

        send("iom", accepted);

        assertThat(inbox("nctc")).containsExactly(accepted);
        assertThat(inbox("iom")).containsExactly(accepted);
    }

    @Test
    void eventClaimingAnotherSourceIsQuarantined() {
        ProducerRecord<String, byte[]> forged = signed(
                "nctc",
                codec.seal(
                        Topics.outbox("iom"),
                        codec.envelope("nctc", new ReferralAccepted(SUBJECT, "REF-8", "county", null))));

        send("iom", forged);

        assertThat(inbox("county")).isEmpty();
        assertThat(inbox("iom"))
                .singleElement()
                .isInstanceOfSatisfying(
                        DeliveryRejected.class,
                        r -> assertThat(r.getReason()).isEqualTo(RejectionReason.SOURCE_MISMATCH));
    }

    @Test
    void unsignedEventIsQuarantinedAsUnsigned() {
        send(
                "iom",
                codec.seal(
                        Topics.outbox("iom"),
                        codec.envelope("iom", new ReferralAccepted(SUBJECT, "REF-10", "nctc", null))));

        assertThat(drain(Topics.QUARANTINE))
                .extracting(r -> header(r.headers(), Quarantine.REASON))
                .containsExactly("UNSIGNED");
        assertThat(inbox("nctc")).isEmpty();
    }

    @Test
    void forgedSignatureIsQuarantinedAsBadSignature() {
        ProducerRecord<String, byte[]> record = signed(
                "iom",
                codec.seal(
                        Topics.outbox("iom"),
                        codec.envelope("iom", new ReferralAccepted(SUBJECT, "REF-11", "nctc", null))));
        ProducerRecord<String, byte[]> altered = new ProducerRecord<>(
                record.topic(),
                null,
                record.key(),
                codec.encode(new ReferralAccepted(SUBJECT, "REF-11", "cicc", null)),
                record.headers());

        send("iom", altered);

        assertThat(drain(Topics.QUARANTINE))
                .extracting(r -> header(r.headers(), Quarantine.REASON))
                .containsExactly("BAD_SIGNATURE");
        assertThat(inbox("cicc")).isEmpty();
    }

    @Test
    void eventSignedBySomeoneElseThanItsSourceIsQuarantined() {
        ProducerRecord<String, byte[]> record = signed(
                "cicc",
                codec.seal(
                        Topics.outbox("iom"),
                        codec.envelope("iom", new ReferralAccepted(SUBJECT, "REF-12", "nctc", null))));

        send("iom", record);

        assertThat(inbox("iom")).singleElement().isInstanceOfSatisfying(DeliveryRejected.class, r -> {
            assertThat(r.getReason()).isEqualTo(RejectionReason.SOURCE_MISMATCH);
            assertThat(r.getDetail()).isEqualTo("ce_source says iom but the event is signed by cicc");
        });
    }

    @Test
    void replayedEventIdIsQuarantinedAndDeliveredOnlyOnce() {
        ProducerRecord<String, byte[]> record = signed(
                "iom",
                codec.seal(
                        Topics.outbox("iom"),
                        codec.envelope("iom", new ReferralAccepted(SUBJECT, "REF-13", "nctc", null))));

        send("iom", record);
        send("iom", new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));

        assertThat(inbox("nctc")).hasSize(1);
        assertThat(drain(Topics.QUARANTINE))
                .extracting(r -> header(r.headers(), Quarantine.REASON))
                .containsExactly("REPLAYED");
    }

    @Test
    void malformedRecordsAreQuarantinedAndTheNextGoodOneStillFlows() throws Exception {
        ProducerRecord<String, byte[]> good = signed(
                "iom",
                codec.seal(
                        Topics.outbox("iom"),
                        codec.envelope("iom", new ReferralAccepted(SUBJECT, "REF-9", "nctc", null))));
        byte[] truncated = java.util.Arrays.copyOf(good.value(), good.value().length - 4);
        byte[] unknown = good.value().clone();
        unknown[4] ^= 0x11;

        send(
                "iom",
                new ProducerRecord<>("x", null, SUBJECT, "not avro".getBytes(StandardCharsets.UTF_8), good.headers()));
        send("iom", new ProducerRecord<>("x", null, SUBJECT, truncated, good.headers()));
        send("iom", new ProducerRecord<>("x", null, SUBJECT, unknown, good.headers()));
        send(
                "iom",
                new ProducerRecord<>(
                        "x",
                        null,
                        SUBJECT,
                        good.value(),
                        new org.apache.kafka.common.header.internals.RecordHeaders()));
        send("iom", good);

        assertThat(drain(Topics.QUARANTINE))
                .extracting(r -> header(r.headers(), Quarantine.REASON))
                .containsExactly("NOT_AVRO", "MALFORMED_BODY", "UNKNOWN_SCHEMA", "MISSING_HEADER");
        assertThat(inbox("nctc")).containsExactly(new ReferralAccepted(SUBJECT, "REF-9", "nctc", null));
        assertThat(inbox("iom")).hasSize(5).last().isEqualTo(new ReferralAccepted(SUBJECT, "REF-9", "nctc", null));
    }
}
