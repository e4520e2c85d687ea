package org.ddrrbus.casework.referral;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.events.DeclineReason;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralOutcome;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.WithdrawalReason;

/** The JSON bodies of the referral endpoints. */
final class ReferralRequests {

    private ReferralRequests() {}

    record Issue(
            @NotBlank @Pattern(regexp = Codes.SUBJECT_REF, message = Codes.SUBJECT_REF_MESSAGE)
            String subjectRef,

            @Pattern(regexp = Codes.REFERENCE, message = Codes.REFERENCE_MESSAGE)
            String referralId,

            @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]{1,30}", message = "must be an agency id such as iom")
            String toAgency,

            @NotBlank String county,
            @NotEmpty @Size(max = Codes.MAX_LIST) List<@NotNull ServiceKind> services,
            @NotNull Priority priority,

            @NotBlank @Pattern(regexp = "[a-z][a-z0-9-]{1,40}", message = "must be a purpose of the sharing agreement")
            String purpose,

            @NotBlank @Pattern(regexp = Codes.REFERENCE, message = Codes.REFERENCE_MESSAGE)
            String consentRef) {}

    record Accept(LocalDate expectedStartOn) {}

    record Decline(@NotNull DeclineReason reasonCode) {}

    record Complete(@NotNull ReferralOutcome outcome) {}

    record Withdraw(@NotNull WithdrawalReason reasonCode) {}
}
