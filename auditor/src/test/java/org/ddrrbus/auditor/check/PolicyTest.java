package org.ddrrbus.auditor.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.events.ErasureReason;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SubjectErased;
import org.junit.jupiter.api.Test;

class PolicyTest {

    private final Policy policy = new Policy(AgreementLoader.loadDefault());

    private static Envelope envelope(String sender, SpecificRecord event) {
        var type = EventCatalogue.get().byClass(event.getClass());
        return new Envelope("id-1", sender, Instant.parse("2026-03-02T10:00:00Z"), "KE-P", event, type, 1);
    }

    private static ReferralIssued referralTo(String agency, String purpose) {
        return new ReferralIssued(
                "KE-P",
                "REF-1",
                agency,
                "Lamu",
                List.of(ServiceKind.MENTORSHIP),
                Priority.WITHIN_2_WEEKS,
                purpose,
                "C-1");
    }

    private static DeliveryTerms terms(String purpose, String legalBasis) {
        return new DeliveryTerms(Optional.of(purpose), Optional.of(legalBasis), List.of());
    }

    @Test
    void theExchangesCopyOfAnErasureThatLeftForALinkedBusStandsOnlyInTheCaseOwnersInbox() {
        var left = envelope("exchange", new SubjectErased("KE-P", LocalDate.now(), ErasureReason.PERSON_REQUEST));
        DeliveryTerms none = new DeliveryTerms(Optional.empty(), Optional.empty(), List.of());
        assertThat(policy.inbox("nctc", left, none, "exchange", Optional.empty(), Optional.empty()))
                .isEmpty();
        assertThat(policy.inbox("iom", left, none, "exchange", Optional.empty(), Optional.empty()))
                .hasValueSatisfying(v -> assertThat(v).startsWith("the exchange itself wrote SubjectErased"));
        assertThat(policy.inbox("nctc", left, none, "nctc", Optional.empty(), Optional.empty()))
                .contains("a notice in the exchange's name signed by nctc");
    }

    @Test
    void anEventFromAnotherBusDeliveredInTheExchangesNameStandsOnlyWhereTheAgreementRoutesItsType() {
        var fromSo = envelope("exchange", referralTo("iom", "border-management"));
        DeliveryTerms crossed = terms("border-management", "Consent of the person");
        assertThat(policy.inbox("iom", fromSo, crossed, "exchange", Optional.empty(), Optional.of("so")))
                .isEmpty();
        assertThat(policy.inbox("iom", fromSo, crossed, "iom", Optional.empty(), Optional.of("so")))
                .contains("a delivery from bus so in the exchange's name signed by iom");
        assertThat(policy.inbox("embassy-dk", fromSo, crossed, "exchange", Optional.empty(), Optional.of("so")))
                .contains("the agreement does not let embassy-dk receive ReferralIssued (from bus so)");
        // Without the header it is the exchange writing an event it never writes.
        assertThat(policy.inbox("iom", fromSo, crossed, "exchange", Optional.empty()))
                .hasValueSatisfying(v -> assertThat(v).startsWith("the exchange itself wrote ReferralIssued"));
    }

    @Test
    void anErasureFromTheBusThatIssuedTheCaseCodeReachesTheCaseOwnerAndTheRecipientsHere() {
        var erased = envelope(
                "exchange", new SubjectErased("KE-P", LocalDate.parse("2026-03-02"), ErasureReason.PERSON_REQUEST));
        DeliveryTerms none = new DeliveryTerms(Optional.empty(), Optional.empty(), List.of());
        for (String owner : List.of("nctc", "iom", "cicc", "county")) {
            assertThat(policy.inbox(owner, erased, none, "exchange", Optional.empty(), Optional.of("so")))
                    .as(owner)
                    .isEmpty();
        }
        assertThat(policy.inbox("embassy-dk", erased, none, "exchange", Optional.empty(), Optional.of("so")))
                .contains("the agreement does not let embassy-dk receive SubjectErased (from bus so)");
    }

    @Test
    void anAddressedReferralDeliveredToItsAddresseeIsAllowed() {
        assertThat(policy.inbox(
                        "cicc",
                        envelope("nctc", referralTo("cicc", "mentorship")),
                        terms("mentorship", "Consent of the person"),
                        "nctc",
                        Optional.of("exchange")))
                .isEmpty();
    }

    @Test
    void anAddressedReferralDeliveredToAnotherAgencyIsAViolation() {
        assertThat(policy.inbox(
                        "county",
                        envelope("nctc", referralTo("cicc", "community-services")),
                        terms("community-services", "Consent of the person"),
                        "nctc",
                        Optional.of("exchange")))
                .contains("ReferralIssued addressed to 'cicc' was delivered to county");
    }

    @Test
    void aDeliveryForAnotherPurposeThanTheEventStatesIsAViolation() {
        assertThat(policy.inbox(
                        "iom",
                        envelope("nctc", referralTo("iom", "reintegration-support")),
                        terms("border-management", "Consent of the person"),
                        "nctc",
                        Optional.of("exchange")))
                .contains("delivered for purpose 'border-management' but the event states 'reintegration-support'");
    }

    @Test
    void aDeliveryUnderAnotherLegalBasisThanTheAgreementsIsAViolation() {
        assertThat(policy.inbox(
                        "cicc",
                        envelope("nctc", referralTo("cicc", "mentorship")),
                        terms("mentorship", "Public interest"),
                        "nctc",
                        Optional.of("exchange")))
                .contains(
                        "delivered under legal basis 'Public interest' but the agreement says 'Consent of the person'");
    }

    @Test
    void aDeliveryCountersignedByAnyoneButTheExchangeIsAViolation() {
        assertThat(policy.inbox(
                        "cicc",
                        envelope("nctc", referralTo("cicc", "mentorship")),
                        terms("mentorship", "Consent of the person"),
                        "nctc",
                        Optional.of("iom")))
                .contains("delivered without the exchange's countersignature (countersigned by iom)");
    }

    @Test
    void anEventSignedByAnotherAgencyThanItsSourceIsAViolation() {
        assertThat(policy.ledger("nctc", envelope("nctc", referralTo("cicc", "mentorship")), "iom"))
                .contains("signed by iom but written to the outbox of nctc");
    }
}
