package org.ddrrbus.casework.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.casework.inbox.Crossing;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.events.DeclineReason;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralOutcome;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.WithdrawalReason;
import org.junit.jupiter.api.Test;

class ReferralBookTest {

    private static final String PERSON = "KE-7Q2M-4XJD";

    private static final Crossing ARRIVED = Crossing.arrived("so", "iom");

    private final EventCodec codec = new EventCodec();
    private final ReferralBook nctc = new ReferralBook(new Agency("nctc"));
    private final ReferralBook iom = new ReferralBook(new Agency("iom"));

    /** As the inboxes would bring it to both agencies. */
    private void deliver(String sender, SpecificRecord event) {
        nctc.apply(codec.envelope(sender, event), "case-management");
        iom.apply(codec.envelope(sender, event), "case-management");
    }

    private static ReferralIssued referral(String id, String to) {
        return new ReferralIssued(
                PERSON,
                id,
                to,
                "Kwale",
                List.of(ServiceKind.LIVELIHOOD),
                Priority.WITHIN_2_WEEKS,
                "reintegration",
                "C-1");
    }

    @Test
    void aReferralIsOutgoingForItsReferrerIncomingForItsRecipientAndFollowsItsAnswers() {
        deliver("nctc", referral("R-1", "iom"));

        assertThat(nctc.outgoing("R-1")).map(Referral::status).contains(ReferralStatus.ISSUED);
        assertThat(iom.incoming("R-1")).map(Referral::from).contains("nctc");
        assertThat(nctc.incoming("R-1")).isEmpty();
        assertThat(iom.outgoing("R-1")).isEmpty();

        deliver("iom", new ReferralAccepted(PERSON, "R-1", "nctc", null));
        assertThat(nctc.outgoing("R-1")).map(Referral::status).contains(ReferralStatus.ACCEPTED);

        deliver("iom", new ReferralCompleted(PERSON, "R-1", "nctc", ReferralOutcome.SERVICES_DELIVERED));
        assertThat(nctc.outgoing("R-1")).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(ReferralStatus.COMPLETED);
            assertThat(r.outcome()).isEqualTo("SERVICES_DELIVERED");
        });
        assertThat(iom.incoming("R-1")).map(Referral::status).contains(ReferralStatus.COMPLETED);
    }

    @Test
    void onlyTheRecipientAnswersAReferral() {
        deliver("nctc", referral("R-2", "iom"));

        deliver("cicc", new ReferralCompleted(PERSON, "R-2", "nctc", ReferralOutcome.SERVICES_DELIVERED));
        deliver("cicc", new ReferralDeclined(PERSON, "R-2", "nctc", DeclineReason.OUT_OF_CAPACITY));

        assertThat(nctc.outgoing("R-2")).map(Referral::status).contains(ReferralStatus.ISSUED);
    }

    @Test
    void theSameIdFromTwoReferrersIsTwoReferralsAndOnlyItsReferrerWithdrawsOne() {
        deliver("nctc", referral("R-3", "iom"));
        deliver("county", referral("R-3", "iom"));

        deliver("county", new ReferralWithdrawn(PERSON, "R-3", "iom", WithdrawalReason.NO_LONGER_NEEDED));

        assertThat(nctc.outgoing("R-3")).map(Referral::status).contains(ReferralStatus.ISSUED);
        assertThat(iom.about(PERSON))
                .extracting(Referral::from, Referral::status)
                .containsExactlyInAnyOrder(
                        tuple("nctc", ReferralStatus.ISSUED), tuple("county", ReferralStatus.WITHDRAWN));
    }

    @Test
    void aReferralFromAnotherBusIsKeptUnderItsAgencyThereAndMovesOnTheAnswersThatGoBack() {
        // Bus so's iom referred the person to iom here; this bus's exchange delivered it in its own name.
        iom.apply(codec.envelope("exchange", referral("R-5", "iom")), "border-management", List.of(), ARRIVED);

        assertThat(iom.incoming("R-5")).hasValueSatisfying(r -> {
            assertThat(r.from()).isEqualTo("iom");
            assertThat(r.fromBus()).isEqualTo("so");
            assertThat(r.referrer()).isEqualTo("iom (so)");
            assertThat(r.issuedBy("iom")).isFalse();
        });
        // Not one iom here issued: it cannot withdraw it, nor is it its outgoing referral.
        assertThat(iom.outgoing("R-5")).isEmpty();
        iom.apply(
                codec.envelope("iom", new ReferralWithdrawn(PERSON, "R-5", "iom", WithdrawalReason.NO_LONGER_NEEDED)),
                "");
        assertThat(iom.incoming("R-5")).map(Referral::status).contains(ReferralStatus.ISSUED);

        // Its own answers, which its exchange marked as going back to bus so, move it.
        iom.apply(
                codec.envelope("iom", new ReferralAccepted(PERSON, "R-5", "iom", null)),
                "",
                List.of(),
                Crossing.answering("so"));
        assertThat(iom.incoming("R-5")).map(Referral::status).contains(ReferralStatus.ACCEPTED);
        iom.apply(
                codec.envelope("iom", new ReferralCompleted(PERSON, "R-5", "iom", ReferralOutcome.SERVICES_DELIVERED)),
                "",
                List.of(),
                Crossing.answering("so"));
        assertThat(iom.incoming("R-5")).map(Referral::status).contains(ReferralStatus.COMPLETED);
    }

    @Test
    void anAnswerThatCameBackFromAnotherBusMovesTheReferralIssuedHere() {
        deliver("iom", referral("R-6", "iom"));

        // Bus ke's iom accepted it; this bus's exchange delivered the answer in its own name.
        iom.apply(
                codec.envelope("exchange", new ReferralAccepted(PERSON, "R-6", "iom", null)),
                "border-management",
                List.of(),
                Crossing.arrived("ke", "iom"));
        assertThat(iom.outgoing("R-6")).map(Referral::status).contains(ReferralStatus.ACCEPTED);
        // From this bus's exchange with no bus named, it is nobody's answer.
        iom.apply(
                codec.envelope(
                        "exchange", new ReferralCompleted(PERSON, "R-6", "iom", ReferralOutcome.SERVICES_DELIVERED)),
                "");
        assertThat(iom.outgoing("R-6")).map(Referral::status).contains(ReferralStatus.ACCEPTED);
    }

    @Test
    void anAnswerToAReferralNeverSeenChangesNothing() {
        deliver("iom", new ReferralAccepted(PERSON, "R-unknown", "nctc", null));

        assertThat(nctc.all()).isEmpty();
        assertThat(iom.all()).isEmpty();
    }
}
