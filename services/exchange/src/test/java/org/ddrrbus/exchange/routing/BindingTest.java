package org.ddrrbus.exchange.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.MentorshipSessionHeld;
import org.ddrrbus.events.Participant;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralOutcome;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SessionFormat;
import org.ddrrbus.events.SupportDelivered;
import org.ddrrbus.events.WithdrawalReason;
import org.ddrrbus.exchange.subject.Referral;
import org.ddrrbus.state.ReferralStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consents and referrals are bound to the agencies that made them (findings 2 and 3 of the security review). */
class BindingTest {

    private static final String SUBJECT = "KE-BIND-0001";
    private ExchangeHarness exchange;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        exchange = new ExchangeHarness(AgreementLoader.loadDefault(), stateDir);
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    private static ConsentRecorded consent(String ref, String... purposes) {
        return new ConsentRecorded(SUBJECT, ref, List.of(purposes), LocalDate.of(2026, 1, 1), null);
    }

    private static PhaseChanged phaseChange() {
        return new PhaseChanged(
                SUBJECT, "Kwale", Phase.DISENGAGEMENT, Phase.DERADICALISATION, null, LocalDate.of(2026, 11, 2));
    }

    private static ReferralIssued referral(String id, String to, String purpose, String consentRef) {
        return new ReferralIssued(
                SUBJECT,
                id,
                to,
                "Kwale",
                List.of(ServiceKind.MENTORSHIP),
                Priority.WITHIN_72_HOURS,
                purpose,
                consentRef);
    }

    private DeliveryRejected lastRefusal(String agency) {
        List<SpecificRecord> inbox = exchange.inbox(agency);
        assertThat(inbox).last().isInstanceOf(DeliveryRejected.class);
        return (DeliveryRejected) inbox.get(inbox.size() - 1);
    }

    @Test
    void reRecordingAWithdrawnConsentIsRefusedAndTheWithdrawalHolds() {
        exchange.send("nctc", consent("C-MENTOR", "mentorship"));
        exchange.send("nctc", phaseChange());
        assertThat(exchange.inbox("cicc")).hasSize(1);
        exchange.send("nctc", new ConsentWithdrawn(SUBJECT, "C-MENTOR", List.of(), LocalDate.of(2026, 11, 3)));
        exchange.inbox("cicc");

        exchange.send("iom", consent("C-MENTOR", "mentorship"));
        exchange.send("nctc", phaseChange());

        assertThat(lastRefusal("iom").getReason()).isEqualTo(RejectionReason.CONSENT_REF_REUSED);
        assertThat(exchange.inbox("cicc")).as("the withdrawal still holds").isEmpty();
    }

    @Test
    void recordingTheSameConsentRefTwiceIsRefusedEvenBeforeAnyWithdrawal() {
        exchange.send("nctc", consent("C-TWICE", "mentorship"));

        exchange.send("nctc", consent("C-TWICE", "mentorship", "reintegration-support"));

        assertThat(lastRefusal("nctc").getReason()).isEqualTo(RejectionReason.CONSENT_REF_REUSED);
        assertThat(exchange.file(SUBJECT).consent("C-TWICE").orElseThrow().purposes())
                .containsExactly("mentorship");
    }

    @Test
    void onlyTheRecordingAgencyMayWithdrawAConsent() {
        exchange.send("nctc", consent("C-NCTC", "mentorship"));
        exchange.send("nctc", phaseChange());
        exchange.inbox("cicc");

        exchange.send("iom", new ConsentWithdrawn(SUBJECT, "C-NCTC", List.of(), LocalDate.of(2026, 11, 3)));
        exchange.send("nctc", phaseChange());

        DeliveryRejected refused = lastRefusal("iom");
        assertThat(refused.getReason()).isEqualTo(RejectionReason.CONSENT_NOT_OWNED);
        assertThat(refused.getDetail())
                .isEqualTo("consent C-NCTC was recorded by nctc; only nctc may withdraw it, not iom");
        assertThat(exchange.inbox("cicc")).as("the consent still holds").hasSize(1);
    }

    @Test
    void aConsentIsRecordedOnlyForPurposesTheRecorderMayRecord() {
        exchange.send("iom", consent("C-OVERSIGHT", "programme-monitoring"));

        DeliveryRejected refused = lastRefusal("iom");
        assertThat(refused.getReason()).isEqualTo(RejectionReason.PURPOSE_NOT_PERMITTED);
        assertThat(refused.getDetail())
                .isEqualTo("the sharing agreement does not let iom record consent for purpose 'programme-monitoring'");
        assertThat(exchange.file(SUBJECT).consents()).isEmpty();
    }

    @Test
    void aReferralIsKeptWithItsReferrerRecipientAndStatus() {
        exchange.send("nctc", consent("C-REF", "reintegration-support"));
        exchange.send("nctc", referral("REF-KEPT", "iom", "reintegration-support", "C-REF"));
        exchange.send("iom", new ReferralAccepted(SUBJECT, "REF-KEPT", "nctc", null));

        assertThat(exchange.file(SUBJECT).referral("nctc", "REF-KEPT"))
                .contains(new Referral("REF-KEPT", "nctc", "iom", ReferralStatus.ACCEPTED));
    }

    @Test
    void onlyTheRecipientOfAReferralMayCompleteIt() {
        exchange.send("nctc", consent("C-REF", "reintegration-support"));
        exchange.send("nctc", referral("REF-IOM", "iom", "reintegration-support", "C-REF"));
        exchange.inbox("nctc");

        exchange.send("cicc", new ReferralCompleted(SUBJECT, "REF-IOM", "nctc", ReferralOutcome.SERVICES_DELIVERED));

        assertThat(exchange.inbox("nctc")).as("nctc never sees cicc's claim").isEmpty();
        DeliveryRejected refused = lastRefusal("cicc");
        assertThat(refused.getReason()).isEqualTo(RejectionReason.NOT_REFERRAL_PARTY);
        assertThat(refused.getDetail())
                .isEqualTo("cicc may not act on referral REF-IOM: only iom, to whom it was issued, answers it");
    }

    @Test
    void anAnswerToAReferralNobodyIssuedIsRefused() {
        exchange.send("iom", new ReferralAccepted(SUBJECT, "REF-NONE", "nctc", null));

        assertThat(exchange.inbox("nctc")).isEmpty();
        assertThat(lastRefusal("iom").getReason()).isEqualTo(RejectionReason.UNKNOWN_REFERRAL);
    }

    @Test
    void onlyTheReferrerMayWithdrawAReferral() {
        exchange.send("nctc", consent("C-REF", "reintegration-support"));
        exchange.send("nctc", referral("REF-W", "iom", "reintegration-support", "C-REF"));
        exchange.inbox("iom");

        exchange.send("county", new ReferralWithdrawn(SUBJECT, "REF-W", "iom", WithdrawalReason.ISSUED_IN_ERROR));
        assertThat(exchange.inbox("iom")).isEmpty();
        assertThat(lastRefusal("county").getReason()).isEqualTo(RejectionReason.NOT_REFERRAL_PARTY);

        ReferralWithdrawn withdrawn = new ReferralWithdrawn(SUBJECT, "REF-W", "iom", WithdrawalReason.NO_LONGER_NEEDED);
        exchange.send("nctc", withdrawn);
        assertThat(exchange.inbox("iom")).containsExactly(withdrawn);
        assertThat(exchange.file(SUBJECT)
                        .referral("nctc", "REF-W")
                        .orElseThrow()
                        .status())
                .isEqualTo(ReferralStatus.WITHDRAWN);
    }

    @Test
    void aSessionOnAReferralIsAcceptedOnlyFromTheAgencyThatHoldsIt() {
        exchange.send("nctc", consent("C-REF", "reintegration-support", "mentorship"));
        exchange.send("nctc", referral("REF-IOM", "iom", "reintegration-support", "C-REF"));
        exchange.send("nctc", referral("REF-CICC", "cicc", "mentorship", "C-REF"));
        exchange.inbox("nctc");
        MentorshipSessionHeld onIoms = session("REF-IOM");
        MentorshipSessionHeld onItsOwn = session("REF-CICC");

        exchange.send("cicc", onIoms);
        exchange.send("cicc", onItsOwn);

        assertThat(exchange.inbox("nctc")).containsExactly(onItsOwn);
        assertThat(exchange.inbox("cicc"))
                .filteredOn(DeliveryRejected.class::isInstance)
                .singleElement()
                .satisfies(r ->
                        assertThat(((DeliveryRejected) r).getReason()).isEqualTo(RejectionReason.NOT_REFERRAL_PARTY));
    }

    @Test
    void supportOnAReferralNobodyIssuedIsRefused() {
        exchange.send(
                "iom",
                new SupportDelivered(SUBJECT, "REF-GHOST", "nctc", ServiceKind.LIVELIHOOD, LocalDate.of(2026, 11, 4)));

        assertThat(exchange.inbox("nctc")).isEmpty();
        assertThat(lastRefusal("iom").getReason()).isEqualTo(RejectionReason.UNKNOWN_REFERRAL);
    }

    private static MentorshipSessionHeld session(String referralId) {
        return new MentorshipSessionHeld(
                SUBJECT,
                referralId,
                "nctc",
                SessionFormat.FAMILY,
                List.of(Participant.SUBJECT, Participant.PARENT),
                60,
                LocalDate.of(2026, 11, 5));
    }

    @Test
    void reIssuingAReferralIdIsRefused() {
        exchange.send("nctc", consent("C-REF", "reintegration-support", "mentorship"));
        exchange.send("nctc", referral("REF-ONCE", "iom", "reintegration-support", "C-REF"));
        exchange.inbox("cicc");

        exchange.send("nctc", referral("REF-ONCE", "cicc", "mentorship", "C-REF"));

        assertThat(exchange.inbox("cicc")).isEmpty();
        assertThat(lastRefusal("nctc").getDetail())
                .isEqualTo("referral REF-ONCE of nctc is already on record; a new referral needs a new id");
    }

    /** A person's file is bounded, so no sender can grow it past what the exchange can write to its changelog. */
    @Test
    void aConsentBeyondTheMostKeptPerPersonIsRefused() {
        for (int i = 0; i < org.ddrrbus.exchange.subject.SubjectFile.MAX_CONSENTS; i++) {
            exchange.send("nctc", consent("C-MANY-" + i, "mentorship"));
        }
        exchange.inbox("nctc");

        exchange.send("nctc", consent("C-ONE-TOO-MANY", "mentorship"));

        DeliveryRejected refused = lastRefusal("nctc");
        assertThat(refused.getReason()).isEqualTo(RejectionReason.OVERSIZED);
        assertThat(refused.getDetail()).isEqualTo("the exchange keeps at most 64 consents per person");
    }
}
