package org.ddrrbus.exchange.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.test.TestRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ErasureReason;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralOutcome;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.events.WithdrawalReason;
import org.ddrrbus.exchange.subject.Referral;
import org.ddrrbus.exchange.subject.SubjectFile;
import org.ddrrbus.state.ReferralStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Referrals that arrived from another national bus, as the exchange keeps and checks them. */
class ArrivedReferralTest {

    private static final String PERSON = "SO-7Q2M-4XJD";
    private static final String REFERRAL = "RF-1A2B3C4D";

    @TempDir
    Path stateDir;

    private ExchangeHarness exchange;

    @BeforeEach
    void start() {
        exchange = new ExchangeHarness(AgreementLoader.loadDefault(), stateDir);
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    @Test
    void aReferralThatArrivedMayBeAcceptedAndCompletedHereAndTheAnswersGoToNobodyHere() {
        exchange.arrive("so", "iom", referralToIom());

        exchange.send("iom", new ReferralAccepted(PERSON, REFERRAL, "iom", null));
        exchange.send("iom", new ReferralCompleted(PERSON, REFERRAL, "iom", ReferralOutcome.SERVICES_DELIVERED));

        assertThat(exchange.drain(Topics.QUARANTINE)).isEmpty();
        List<TestRecord<String, byte[]>> receipts = exchange.drain(Topics.inbox("iom"));
        assertThat(receipts)
                .extracting(
                        r -> exchange.open(Topics.inbox("iom"), r).getClass().getSimpleName())
                .containsExactly("ReferralAccepted", "ReferralCompleted");
        // Each receipt names the bus the referral came from: the federation outlet sends it there and nowhere else.
        assertThat(receipts)
                .allSatisfy(
                        r -> assertThat(FederationHeaders.toBus(r.headers())).hasValue("so"));
        for (String agency : List.of("nctc", "cicc", "county")) {
            assertThat(exchange.drain(Topics.inbox(agency))).as(agency).isEmpty();
        }
        assertThat(exchange.file(PERSON).referral("iom", REFERRAL))
                .contains(new Referral(REFERRAL, "iom", "iom", ReferralStatus.COMPLETED, Optional.of("so")));
    }

    @Test
    void withoutItsArrivalTheAnswerIsAnUnknownReferral() {
        exchange.send("iom", new ReferralAccepted(PERSON, REFERRAL, "iom", null));

        assertThat(exchange.drain(Topics.QUARANTINE))
                .extracting(r -> ExchangeHarness.header(r.headers(), Quarantine.REASON))
                .containsExactly(RejectionReason.UNKNOWN_REFERRAL.name());
    }

    @Test
    void onlyTheAgencyItWasIssuedToAnswersItAndNoAgencyHereWithdrawsIt() {
        exchange.arrive("so", "iom", referralToIom());

        exchange.send("nctc", new ReferralAccepted(PERSON, REFERRAL, "iom", null));
        exchange.send("iom", new ReferralWithdrawn(PERSON, REFERRAL, "iom", WithdrawalReason.NO_LONGER_NEEDED));

        assertThat(exchange.drain(Topics.QUARANTINE))
                .extracting(r -> ExchangeHarness.header(r.headers(), Quarantine.REASON))
                .containsExactly(RejectionReason.NOT_REFERRAL_PARTY.name(), RejectionReason.NOT_REFERRAL_PARTY.name());
        assertThat(exchange.file(PERSON).referral("iom", REFERRAL).map(Referral::status))
                .contains(ReferralStatus.ISSUED);
    }

    @Test
    void anAnswerThatCameBackUpdatesTheReferralIssuedHereAndNothingElse() {
        SubjectFile file = SubjectFile.EMPTY.with(Referral.issued(REFERRAL, "iom", "iom"));

        assertThat(Arrivals.apply(
                        file,
                        new ReferralCompleted(PERSON, REFERRAL, "iom", ReferralOutcome.SERVICES_DELIVERED),
                        "ke",
                        "iom"))
                .map(f -> f.referral("iom", REFERRAL).orElseThrow().status())
                .contains(ReferralStatus.COMPLETED);
        assertThat(Arrivals.apply(file, new ReferralAccepted(PERSON, "RF-OTHER", "iom", null), "ke", "iom"))
                .isEmpty();
        assertThat(Arrivals.apply(SubjectFile.erased(LocalDate.now()), referralToIom(), "ke", "iom"))
                .isEmpty();
    }

    @Test
    void anErasureThatArrivedFromTheBusThatIssuedTheCaseCodeErasesTheFileAndNewEventsAreRefused() {
        exchange.arrive("so", "iom", referralToIom());
        // Only in the other bus's exchange's name: an agency of the other bus cannot erase here.
        exchange.arrive("so", "iom", erasure());
        assertThat(exchange.file(PERSON).isErased()).isFalse();

        exchange.arrive("so", "exchange", erasure());

        assertThat(exchange.file(PERSON).isErased()).isTrue();
        exchange.send("iom", new ReferralAccepted(PERSON, REFERRAL, "iom", null));
        assertThat(exchange.drain(Topics.QUARANTINE))
                .extracting(r -> ExchangeHarness.header(r.headers(), Quarantine.REASON))
                .containsExactly(RejectionReason.SUBJECT_ERASED.name());
    }

    private static SubjectErased erasure() {
        return new SubjectErased(PERSON, LocalDate.now(), ErasureReason.PERSON_REQUEST);
    }

    private static ReferralIssued referralToIom() {
        return new ReferralIssued(
                PERSON,
                REFERRAL,
                "iom",
                "Mandera",
                List.of(ServiceKind.INFORMATION_COUNSELLING),
                Priority.WITHIN_72_HOURS,
                "border-management",
                "CR-" + PERSON);
    }
}
