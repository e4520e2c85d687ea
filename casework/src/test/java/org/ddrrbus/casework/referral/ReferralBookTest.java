package org.ddrrbus.casework.referral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
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
    void anAnswerToAReferralNeverSeenChangesNothing() {
        deliver("iom", new ReferralAccepted(PERSON, "R-unknown", "nctc", null));

        assertThat(nctc.all()).isEmpty();
        assertThat(iom.all()).isEmpty();
    }
}
