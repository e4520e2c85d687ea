package org.ddrrbus.auditor.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.ddrrbus.auditor.check.Decoded;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private final SharingAgreement agreement = AgreementLoader.loadDefault();
    private final EventCatalogue catalogue = EventCatalogue.get();

    @Test
    void protectedFieldsAreThoseTheAgreementWithholdsFromSomeRecipient() {
        Redaction redaction = Redaction.forPurpose(agreement, catalogue, Optional.empty());

        assertThat(redaction.protectedFields("ReturneeRegistered")).containsExactly("returnRoute");
        assertThat(redaction.protectedFields("RiskAssessed")).containsExactly("factors");
        assertThat(redaction.protectedFields("PhaseChanged")).containsExactly("reason");
        assertThat(redaction.protectedFields("BorderReturnRecorded"))
                .containsExactlyInAnyOrder("borderPoint", "returnedFrom");
        assertThat(redaction.protectedFields("ReferralIssued")).isEmpty();
    }

    @Test
    void protectedFieldsWithAValueAreRedactedForAnyPurposeButOversight() {
        Decoded registered = new Decoded("ReturneeRegistered", 1, Wire.registered("KE-R"));

        assertThat(Redaction.forPurpose(agreement, catalogue, Optional.of("case-management"))
                        .redactedIn(registered))
                .containsExactly("returnRoute");
        assertThat(Redaction.forPurpose(agreement, catalogue, Optional.empty()).redactedIn(registered))
                .containsExactly("returnRoute");
        assertThat(Redaction.forPurpose(agreement, catalogue, Optional.of("oversight"))
                        .redactedIn(registered))
                .isEmpty();
    }

    @Test
    void anEmptyProtectedFieldHasNothingToRedact() {
        ReturneeRegistered withoutRoute = ReturneeRegistered.newBuilder(Wire.registered("KE-R"))
                .setReturnRoute(null)
                .build();

        assertThat(Redaction.forPurpose(agreement, catalogue, Optional.empty())
                        .redactedIn(new Decoded("ReturneeRegistered", 1, withoutRoute)))
                .isEmpty();
    }

    @Test
    void theRedactedCopyEmptiesProtectedFieldsAndLeavesTheOriginalAlone() {
        ReturneeRegistered original = Wire.registered("KE-R");

        ReturneeRegistered copy = (ReturneeRegistered) Redaction.forPurpose(agreement, catalogue, Optional.empty())
                .redactedCopy(new Decoded("ReturneeRegistered", 1, original));

        assertThat(copy)
                .isEqualTo(ReturneeRegistered.newBuilder(original)
                        .setReturnRoute(null)
                        .build());
        assertThat(original.getReturnRoute()).isNotNull();
    }
}
