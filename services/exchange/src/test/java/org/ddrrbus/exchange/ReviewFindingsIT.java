package org.ddrrbus.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.quarantine.QuarantinedRecord;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.MentorshipSessionHeld;
import org.ddrrbus.events.Participant;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SessionFormat;
import org.ddrrbus.events.SupportDelivered;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Findings 3 (reports on a referral), 4, 6 and 10 of the security review, as the review would try them: records
 * written with an agency's own Kafka password, through the real exchange on a real broker.
 */
class ReviewFindingsIT {

    private static final TestBus bus = TestBus.shared();
    private static final EventCodec codec = new EventCodec();
    private static RunningExchange exchange;

    @BeforeAll
    static void start() {
        exchange = RunningExchange.start(bus);
    }

    @AfterAll
    static void stop() {
        exchange.close();
    }

    private static String idOf(ProducerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8);
    }

    private static String eventIdOrRejected(ConsumerRecord<String, byte[]> record) {
        if (codec.open(record) instanceof Opened.Valid valid) {
            return valid.envelope().event() instanceof DeliveryRejected notice
                    ? notice.getRejectedEventId()
                    : valid.envelope().id();
        }
        return "";
    }

    /** Signs and writes a record as the agency, then waits for the exchange's receipt or refusal in its inbox. */
    private static SpecificRecord written(String agency, ProducerRecord<String, byte[]> record) throws Exception {
        RecordSigner.sender(bus.signingKey(agency)).signEvents(List.of(record.headers()), List.of(record.value()));
        try (KafkaProducer<String, byte[]> producer = TestBus.producer(bus.clientProperties(agency))) {
            producer.send(record).get();
        }
        String id = idOf(record);
        ConsumerRecord<String, byte[]> back = bus.awaitRecords(
                        "auditor", Topics.inbox(agency), r -> id.equals(eventIdOrRejected(r)), 1)
                .get(0);
        return ((Opened.Valid) codec.open(back)).envelope().event();
    }

    private static SpecificRecord answer(String agency, SpecificRecord event) throws Exception {
        return written(agency, codec.seal(Topics.outbox(agency), codec.envelope(agency, event)));
    }

    private static boolean reached(String agency, String eventId) {
        return bus.readAll("auditor", Topics.inbox(agency)).stream()
                .anyMatch(r -> eventId.equals(eventIdOrRejected(r)));
    }

    private static RejectionReason refusal(SpecificRecord answer) {
        assertThat(answer).isInstanceOf(DeliveryRejected.class);
        return ((DeliveryRejected) answer).getReason();
    }

    private static ReturneeRegistered registered(String subject) {
        return new ReturneeRegistered(
                subject,
                "Kwale",
                "Msambweni",
                AgeBand.AGE_25_34,
                Gender.FEMALE,
                ReturnRoute.VOLUNTARY_SURRENDER,
                Phase.DISENGAGEMENT,
                LocalDate.now(ZoneOffset.UTC));
    }

    /** Finding 3: cicc adds a session, and county support, to nctc's referral to iom; only iom may report on it. */
    @Test
    void onlyTheAgencyAReferralWasIssuedToReportsOnIt() throws Exception {
        String subject = "KE-RVWF-0003";
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        answer("nctc", new ConsentRecorded(subject, "C-RVWF-3", List.of("reintegration-support"), today, null));
        assertThat(answer(
                        "nctc",
                        new ReferralIssued(
                                subject,
                                "REF-RVWF-3",
                                "iom",
                                "Kwale",
                                List.of(ServiceKind.LIVELIHOOD),
                                Priority.WITHIN_72_HOURS,
                                "reintegration-support",
                                "C-RVWF-3")))
                .isInstanceOf(ReferralIssued.class);

        ProducerRecord<String, byte[]> session = codec.seal(
                Topics.outbox("cicc"),
                codec.envelope(
                        "cicc",
                        new MentorshipSessionHeld(
                                subject,
                                "REF-RVWF-3",
                                "nctc",
                                SessionFormat.ONE_TO_ONE,
                                List.of(Participant.SUBJECT),
                                45,
                                today)));
        SpecificRecord sessionAnswer = written("cicc", session);
        ProducerRecord<String, byte[]> support = codec.seal(
                Topics.outbox("county"),
                codec.envelope(
                        "county", new SupportDelivered(subject, "REF-RVWF-3", "nctc", ServiceKind.EDUCATION, today)));
        SpecificRecord supportAnswer = written("county", support);
        ProducerRecord<String, byte[]> iomSupport = codec.seal(
                Topics.outbox("iom"),
                codec.envelope(
                        "iom", new SupportDelivered(subject, "REF-RVWF-3", "nctc", ServiceKind.LIVELIHOOD, today)));
        SpecificRecord iomAnswer = written("iom", iomSupport);
        exchange.awaitLagZero();

        assertThat(refusal(sessionAnswer)).isEqualTo(RejectionReason.NOT_REFERRAL_PARTY);
        assertThat(refusal(supportAnswer)).isEqualTo(RejectionReason.NOT_REFERRAL_PARTY);
        assertThat(reached("nctc", idOf(session)))
                .as("cicc's session on nctc's timeline")
                .isFalse();
        assertThat(reached("nctc", idOf(support)))
                .as("county's support on nctc's timeline")
                .isFalse();
        assertThat(iomAnswer).as("iom's own report, its receipt").isInstanceOf(SupportDelivered.class);
        assertThat(reached("nctc", idOf(iomSupport)))
                .as("iom's report reaches nctc")
                .isTrue();
    }

    /** Finding 4: a partner's client adds {@code x-national-id}; the county must not receive it countersigned. */
    @Test
    void aHeaderOutsideTheAllowListIsRefusedAndReachesNoRecipient() throws Exception {
        String subject = "KE-RVWF-0004";
        ProducerRecord<String, byte[]> record =
                codec.seal(Topics.outbox("nctc"), codec.envelope("nctc", registered(subject)));
        record.headers().add("x-national-id", "12345678".getBytes(StandardCharsets.UTF_8));

        SpecificRecord answer = written("nctc", record);
        exchange.awaitLagZero();

        assertThat(refusal(answer)).isEqualTo(RejectionReason.HEADER_NOT_ALLOWED);
        assertThat(((DeliveryRejected) answer).getDetail())
                .contains("x-national-id")
                .doesNotContain("12345678");
        assertThat(bus.readAll("auditor", Topics.inbox("county")))
                .as("nothing about the person reached the county")
                .noneMatch(r -> subject.equals(r.key()))
                .noneMatch(r -> r.headers().lastHeader("x-national-id") != null);
        DeliveryRejected notice = (DeliveryRejected) answer;
        assertThat(bus.readAll("auditor", Topics.QUARANTINE).stream()
                        .map(QuarantinedRecord::from)
                        .filter(q -> q.sourceTopic().equals(notice.getSourceTopic())
                                && q.sourcePartition() == notice.getSourcePartition()
                                && q.sourceOffset() == notice.getSourceOffset())
                        .map(QuarantinedRecord::reason))
                .containsExactly("HEADER_NOT_ALLOWED");
    }

    /** Finding 6: a partner's client writes a name where the case code belongs; it reaches no one, nor is quoted. */
    @Test
    void aNameAsSubjectRefIsRefusedWithoutBeingQuoted() throws Exception {
        ReturneeRegistered named = registered("KE-RVWF-0006");
        named.put("subjectRef", "Amina Hassan");

        SpecificRecord answer = answer("nctc", named);
        exchange.awaitLagZero();

        assertThat(refusal(answer)).isEqualTo(RejectionReason.INVALID_SUBJECT);
        DeliveryRejected notice = (DeliveryRejected) answer;
        assertThat(notice.getSubjectRef()).isNull();
        assertThat(notice.toString()).doesNotContain("Amina");
        assertThat(bus.readAll("auditor", Topics.inbox("county")))
                .noneMatch(r -> "Amina Hassan".equals(r.key()))
                .noneMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains("Amina"));
    }

    /**
     * Finding 10: a consent that lapsed two days ago, used by an event dated three days ago (inside the replay
     * window), is judged by the day the exchange processes it.
     */
    @Test
    void aLapsedConsentIsJudgedByTheDayTheExchangeProcessesTheEvent() throws Exception {
        String subject = "KE-RVWF-0010";
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        answer(
                "nctc",
                new ConsentRecorded(
                        subject, "C-RVWF-10", List.of("mentorship"), today.minusDays(30), today.minusDays(2)));
        answer("nctc", new ConsentRecorded(subject, "C-RVWF-10B", List.of("community-services"), today, null));
        Envelope now = codec.envelope(
                "nctc", new PhaseChanged(subject, "Kwale", Phase.DISENGAGEMENT, Phase.DERADICALISATION, null, today));
        Envelope backdated = new Envelope(
                now.id(),
                now.sender(),
                Instant.now().minus(Duration.ofDays(3)),
                now.subject(),
                now.event(),
                now.type(),
                now.schemaVersion());

        SpecificRecord answer = written("nctc", codec.seal(Topics.outbox("nctc"), backdated));
        exchange.awaitLagZero();

        assertThat(answer).as("nctc's receipt").isInstanceOf(PhaseChanged.class);
        assertThat(reached("cicc", now.id()))
                .as("cicc, whose route needs the lapsed consent")
                .isFalse();
        assertThat(reached("county", now.id()))
                .as("the county, under a consent that holds today")
                .isTrue();
    }
}
