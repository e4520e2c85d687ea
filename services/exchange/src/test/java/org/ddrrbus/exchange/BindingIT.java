package org.ddrrbus.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralOutcome;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Findings 2 and 3 of the security review, end to end through the real exchange on a real broker: what the review
 * did on a running bus no longer works.
 */
class BindingIT {

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

    /** Publishes one event and waits for the sender's receipt or refusal, which tells that the exchange is done. */
    private static SpecificRecord answer(String agency, SpecificRecord event) {
        String id = idOf(bus.publish(agency, event).get(0));
        List<ConsumerRecord<String, byte[]>> back =
                bus.awaitRecords("auditor", Topics.inbox(agency), r -> id.equals(eventIdOrRejected(r)), 1);
        return ((Opened.Valid) codec.open(back.get(0))).envelope().event();
    }

    private static String eventIdOrRejected(ConsumerRecord<String, byte[]> record) {
        if (codec.open(record) instanceof Opened.Valid valid) {
            return valid.envelope().event() instanceof DeliveryRejected notice
                    ? notice.getRejectedEventId()
                    : valid.envelope().id();
        }
        return "";
    }

    private static boolean reached(String agency, String eventId) {
        return bus.readAll("auditor", Topics.inbox(agency)).stream()
                .anyMatch(r -> eventId.equals(eventIdOrRejected(r)));
    }

    private static PhaseChanged phaseChange(String subject, Phase to) {
        return new PhaseChanged(subject, "Kwale", Phase.DISENGAGEMENT, to, null, LocalDate.now());
    }

    /** The review's steps: consent, withdrawal, then another agency re-records the withdrawn consentRef. */
    @Test
    void anotherAgencyReRecordingAWithdrawnConsentDoesNotResumeDeliveries() {
        String subject = "KE-BNDG-0001";
        answer("nctc", new ConsentRecorded(subject, "C-BNDG-1", List.of("mentorship"), LocalDate.now(), null));
        PhaseChanged first = phaseChange(subject, Phase.DERADICALISATION);
        String firstId = idOf(bus.publish("nctc", first).get(0));
        bus.awaitRecords("cicc", Topics.inbox("cicc"), r -> firstId.equals(eventIdOrRejected(r)), 1);
        answer("nctc", new ConsentWithdrawn(subject, "C-BNDG-1", List.of(), LocalDate.now()));

        SpecificRecord reRecorded =
                answer("iom", new ConsentRecorded(subject, "C-BNDG-1", List.of("mentorship"), LocalDate.now(), null));
        SpecificRecord foreignWithdrawal =
                answer("iom", new ConsentWithdrawn(subject, "C-BNDG-1", List.of(), LocalDate.now()));
        PhaseChanged later = phaseChange(subject, Phase.REHABILITATION);
        String laterId = idOf(bus.publish("nctc", later).get(0));
        bus.awaitRecords("nctc", Topics.inbox("nctc"), r -> laterId.equals(eventIdOrRejected(r)), 1);
        exchange.awaitLagZero();

        assertThat(reRecorded)
                .isInstanceOfSatisfying(
                        DeliveryRejected.class,
                        r -> assertThat(r.getReason()).isEqualTo(RejectionReason.CONSENT_REF_REUSED));
        assertThat(foreignWithdrawal)
                .isInstanceOfSatisfying(
                        DeliveryRejected.class,
                        r -> assertThat(r.getReason()).isEqualTo(RejectionReason.CONSENT_NOT_OWNED));
        assertThat(reached("cicc", laterId))
                .as("the later phase change reaches cicc")
                .isFalse();
    }

    /** The review's step: cicc completes nctc's referral to iom. */
    @Test
    void onlyTheRecipientOfAReferralAnswersIt() {
        String subject = "KE-BNDG-0002";
        answer(
                "nctc",
                new ConsentRecorded(subject, "C-BNDG-2", List.of("reintegration-support"), LocalDate.now(), null));
        SpecificRecord issued = answer(
                "nctc",
                new ReferralIssued(
                        subject,
                        "REF-BNDG-2",
                        "iom",
                        "Kwale",
                        List.of(ServiceKind.LIVELIHOOD),
                        Priority.WITHIN_72_HOURS,
                        "reintegration-support",
                        "C-BNDG-2"));
        assertThat(issued).isInstanceOf(ReferralIssued.class);

        ReferralCompleted forged =
                new ReferralCompleted(subject, "REF-BNDG-2", "nctc", ReferralOutcome.SERVICES_DELIVERED);
        String forgedId = idOf(bus.publish("cicc", forged).get(0));
        SpecificRecord refused = ((Opened.Valid) codec.open(
                        bus.awaitRecords("cicc", Topics.inbox("cicc"), r -> forgedId.equals(eventIdOrRejected(r)), 1)
                                .get(0)))
                .envelope()
                .event();
        SpecificRecord accepted = answer("iom", new ReferralAccepted(subject, "REF-BNDG-2", "nctc", null));
        exchange.awaitLagZero();

        assertThat(refused)
                .isInstanceOfSatisfying(
                        DeliveryRejected.class,
                        r -> assertThat(r.getReason()).isEqualTo(RejectionReason.NOT_REFERRAL_PARTY));
        assertThat(reached("nctc", forgedId))
                .as("nctc never sees cicc's completion")
                .isFalse();
        assertThat(accepted).isInstanceOf(ReferralAccepted.class);
    }
}
