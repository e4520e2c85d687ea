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
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.Route;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.exchange.subject.SubjectFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exchange's decisions on a real topology and real Avro, without a broker. */
class ExchangeTopologyTest {

    private static final String SUBJECT = "KE-TEST-0001";
    private ExchangeHarness exchange;
    private EventCodec codec;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        exchange = new ExchangeHarness(AgreementLoader.loadDefault(), stateDir);
        codec = exchange.codec;
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    private void send(String agency, SpecificRecord event) {
        exchange.send(agency, event);
    }

    private ProducerRecord<String, byte[]> signed(String signer, ProducerRecord<String, byte[]> record) {
        return exchange.signed(signer, record);
    }

    private void send(String outboxOwner, ProducerRecord<String, byte[]> record) {
        exchange.send(outboxOwner, record);
    }

    private List<TestRecord<String, byte[]>> drain(String topic) {
        return exchange.drain(topic);
    }

    private List<SpecificRecord> inbox(String agency) {
        return exchange.inbox(agency);
    }

    private SpecificRecord open(String topic, TestRecord<String, byte[]> record) {
        return exchange.open(topic, record);
    }

    private static String header(Headers headers, String name) {
        return ExchangeHarness.header(headers, name);
    }

    /** A referral from nctc to iom under a consent of its own, both delivered; inboxes drained. */
    private void referredToIom(String referralId) {
        send("nctc", consent("C-" + referralId, "reintegration-support"));
        send("nctc", referral(referralId, "iom", "reintegration-support", "C-" + referralId));
        drain(Topics.inbox("nctc"));
        drain(Topics.inbox("iom"));
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
            assertThat(header(r.headers(), DeliveryTerms.WITHHELD)).isEqualTo("returnRoute");
            assertThat(header(r.headers(), DeliveryTerms.PURPOSE)).isEqualTo("community-services");
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
        referredToIom("REF-7");
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
        referredToIom("REF-13");
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

    /** Issue 13: a field office that publishes after weeks offline is normal; nothing is refused for its age. */
    @Test
    void anEventMadeWeeksAgoIsDeliveredAndItsReplayIsStillRefused() {
        referredToIom("REF-OLD");
        ProducerRecord<String, byte[]> record = exchange.sendDated(
                "iom",
                new ReferralAccepted(SUBJECT, "REF-OLD", "nctc", null),
                Instant.now().minus(Duration.ofDays(40)));

        send("iom", new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()));

        assertThat(inbox("nctc")).hasSize(1);
        assertThat(drain(Topics.QUARANTINE))
                .extracting(r -> header(r.headers(), Quarantine.REASON))
                .containsExactly("REPLAYED");
    }

    @Test
    void eventsSentInAnotherOrderThanTheirSenderNumberedThemAreRefusedAsReplayed() {
        ProducerRecord<String, byte[]> first = signed(
                "nctc", codec.seal(Topics.outbox("nctc"), codec.envelope("nctc", consent("C-FIRST", "mentorship"))));
        ProducerRecord<String, byte[]> second = signed(
                "nctc", codec.seal(Topics.outbox("nctc"), codec.envelope("nctc", consent("C-SECOND", "mentorship"))));

        send("nctc", second);
        send("nctc", first);

        assertThat(inbox("nctc"))
                .filteredOn(DeliveryRejected.class::isInstance)
                .singleElement()
                .isInstanceOfSatisfying(DeliveryRejected.class, r -> {
                    assertThat(r.getReason()).isEqualTo(RejectionReason.REPLAYED);
                    assertThat(r.getDetail()).contains("sent out of order");
                });
    }

    @Test
    void anEventWithoutASequenceNumberIsRefused() {
        ProducerRecord<String, byte[]> record = exchange.signedWithoutSequence(
                "nctc", codec.seal(Topics.outbox("nctc"), codec.envelope("nctc", registered())));

        send("nctc", record);

        assertThat(inbox("county")).isEmpty();
        assertThat(inbox("nctc")).singleElement().isInstanceOfSatisfying(DeliveryRejected.class, r -> {
            assertThat(r.getReason()).isEqualTo(RejectionReason.REPLAYED);
            assertThat(r.getDetail()).contains("no well-formed sender sequence number");
        });
    }

    @Test
    void malformedRecordsAreQuarantinedAndTheNextGoodOneStillFlows() throws Exception {
        referredToIom("REF-9");
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

    /**
     * Issue 10: a failure while building the second recipient's copy must leave nothing behind but the quarantined
     * record and the refusal: no first delivery, no sender's copy, no change to the person's file, no replay mark.
     */
    @Test
    void failureBuildingTheSecondRecipientsCopyDeliversNothingAndChangesNothing() {
        exchange.close();
        SharingAgreement agreement = AgreementLoader.loadDefault();
        EventPolicy phases = agreement.policy("PhaseChanged").orElseThrow();
        Map<String, Route> routes = new HashMap<>(phases.recipients());
        Route county = routes.get("county");
        // The loader refuses to withhold a required field; built by hand, the county's copy cannot be encoded.
        routes.put(
                "county",
                new Route(
                        "county",
                        county.purposes(),
                        county.consentRequired(),
                        Optional.of(Set.of("subjectRef")),
                        county.legalBasis()));
        Map<String, EventPolicy> events = new HashMap<>(agreement.events());
        events.put(
                "PhaseChanged",
                new EventPolicy(
                        phases.eventType(),
                        phases.senders(),
                        phases.addressedBy(),
                        phases.legalBasis(),
                        phases.retention(),
                        routes));
        exchange = new ExchangeHarness(
                new SharingAgreement(
                        agreement.version(), agreement.purposes(), agreement.agencies(), events, agreement.places()),
                stateDir.resolve("broken"));
        send("nctc", consent("C-ALL", "reintegration-support", "mentorship", "community-services"));
        drain(Topics.inbox("nctc"));
        SubjectFile before = exchange.file(SUBJECT);
        PhaseChanged changed = new PhaseChanged(
                SUBJECT, "Kwale", Phase.DISENGAGEMENT, Phase.DERADICALISATION, null, LocalDate.of(2026, 11, 2));

        ProducerRecord<String, byte[]> sent = exchange.send("nctc", changed);

        // Routes are taken in recipient order: cicc's copy was built, the county's failed.
        assertThat(drain(Topics.inbox("cicc"))).isEmpty();
        assertThat(drain(Topics.inbox("county"))).isEmpty();
        assertThat(drain(Topics.inbox("iom"))).isEmpty();
        assertThat(inbox("nctc"))
                .singleElement()
                .isInstanceOfSatisfying(
                        DeliveryRejected.class, r -> assertThat(r.getReason()).isEqualTo(RejectionReason.OTHER));
        assertThat(drain(Topics.QUARANTINE))
                .extracting(r -> header(r.headers(), Quarantine.REASON))
                .containsExactly("OTHER");
        assertThat(exchange.file(SUBJECT)).as("nobody relied on the consent").isEqualTo(before);

        // Not marked as seen: the same event fails the same way again, rather than as a replay.
        send("nctc", new ProducerRecord<>(sent.topic(), null, sent.key(), sent.value(), sent.headers()));
        assertThat(drain(Topics.QUARANTINE))
                .extracting(r -> header(r.headers(), Quarantine.REASON))
                .containsExactly("OTHER");
    }

    /** Finding 4: a header outside the allow-list is refused, and never reaches a recipient countersigned. */
    @Test
    void aHeaderASenderMayNotSetIsRefusedAndReachesNobody() {
        ProducerRecord<String, byte[]> record = codec.seal(Topics.outbox("nctc"), codec.envelope("nctc", registered()));
        record.headers().add("x-national-id", "12345678".getBytes(StandardCharsets.UTF_8));
        send("nctc", signed("nctc", record));

        assertThat(drain(Topics.inbox("county"))).isEmpty();
        assertThat(inbox("nctc")).singleElement().isInstanceOfSatisfying(DeliveryRejected.class, r -> {
            assertThat(r.getReason()).isEqualTo(RejectionReason.HEADER_NOT_ALLOWED);
            assertThat(r.getDetail()).contains("x-national-id").doesNotContain("12345678");
        });
    }

    /** Only the sender's CloudEvents attributes and its seal travel on, with the exchange's own delivery terms. */
    @Test
    void aDeliveryCarriesOnlyTheAllowedHeadersAndTheExchangesTerms() {
        send("nctc", registered());

        assertThat(drain(Topics.inbox("county")))
                .singleElement()
                .satisfies(r -> assertThat(java.util.Arrays.stream(r.headers().toArray())
                                .map(org.apache.kafka.common.header.Header::key)
                                .toList())
                        .containsExactly(
                                "ce_specversion",
                                "ce_id",
                                "ce_source",
                                "ce_type",
                                "ce_time",
                                "ce_subject",
                                "content-type",
                                "ddrr_purpose",
                                "ddrr_legal_basis",
                                "ddrr_withheld",
                                // The sender's signature, its leaf and when the event reached the outbox, in one
                                // binary header (version 2), which the countersignature joins.
                                "ddrr_seal",
                                // Which input it answers: the exchange's producer removes it (see ExchangeIT).
                                "ddrr_exchange_input"));
    }

    /** Finding 6: a subjectRef that is not a case code is refused, and never quoted back. */
    @Test
    void aSubjectRefThatIsNotACaseCodeIsRefusedWithoutQuotingIt() {
        ReturneeRegistered named = registered();
        named.put("subjectRef", "Amina Hassan");

        send("nctc", named);

        assertThat(drain(Topics.inbox("county"))).isEmpty();
        assertThat(inbox("nctc")).singleElement().isInstanceOfSatisfying(DeliveryRejected.class, r -> {
            assertThat(r.getReason()).isEqualTo(RejectionReason.INVALID_SUBJECT);
            assertThat(r.getSubjectRef()).isNull();
            assertThat(r.getDetail()).doesNotContain("Amina");
        });
    }

    /** Finding 10: consent must hold when the exchange processes the event, whatever time the sender claims. */
    @Test
    void aLapsedConsentIsJudgedByTodayNotByTheSendersTime() {
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        send(
                "nctc",
                new ConsentRecorded(
                        SUBJECT, "C-LAPSED", List.of("mentorship"), today.minusDays(30), today.minusDays(2)));
        PhaseChanged changed =
                new PhaseChanged(SUBJECT, "Kwale", Phase.DISENGAGEMENT, Phase.DERADICALISATION, null, today);

        // Dated three days ago, when the consent still held.
        exchange.sendDated("nctc", changed, Instant.now().minus(Duration.ofDays(3)));

        assertThat(drain(Topics.inbox("cicc"))).isEmpty();
    }

    private static ReturneeRegistered registered() {
        return new ReturneeRegistered(
                SUBJECT,
                "Kwale",
                "Msambweni",
                AgeBand.AGE_25_34,
                Gender.FEMALE,
                ReturnRoute.VOLUNTARY_SURRENDER,
                Phase.DISENGAGEMENT,
                LocalDate.of(2026, 11, 1));
    }
}
