package org.ddrrbus.cicc.mentorship;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.ddrrbus.casework.publish.EventPublisher;
import org.ddrrbus.casework.publish.Receipt;
import org.ddrrbus.casework.referral.Referral;
import org.ddrrbus.casework.referral.ReferralBook;
import org.ddrrbus.casework.referral.ReferralStatus;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.casework.system.StaffPermissions;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.events.MentorshipSessionHeld;
import org.ddrrbus.events.Participant;
import org.ddrrbus.events.SessionFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Recording mentorship sessions held on an accepted referral, with the person and, often, their family or significant
 * others, named only by their relation to the person.
 */
@RestController
@RequestMapping("/api/mentorship-sessions")
class MentorshipController {

    record Session(
            @NotBlank @Pattern(regexp = Codes.REFERENCE, message = Codes.REFERENCE_MESSAGE)
            String referralId,

            @NotNull SessionFormat format,
            @NotEmpty @Size(max = 12) List<@NotNull Participant> participants,
            @NotNull @Min(5) @Max(480) Integer durationMinutes,
            @PastOrPresent LocalDate heldOn) {}

    private final EventPublisher publisher;
    private final ReferralBook referrals;
    private final StaffPermissions staff;

    MentorshipController(EventPublisher publisher, ReferralBook referrals, StaffPermissions staff) {
        this.publisher = publisher;
        this.referrals = referrals;
        this.staff = staff;
    }

    @PostMapping
    ResponseEntity<Receipt> record(@Valid @RequestBody Session request) {
        staff.require(StaffRole.CASEWORKER, "record a mentorship session");
        Referral referral = referrals.requireIncoming(
                request.referralId(),
                status -> status == ReferralStatus.ACCEPTED,
                "referralId",
                found -> ReferralBook.inWrongState(
                        "session.notAccepted", found, "sessions are recorded on an accepted referral"));
        return publisher
                .deliver(
                        new MentorshipSessionHeld(
                                referral.subjectRef(),
                                referral.referralId(),
                                referral.from(),
                                request.format(),
                                request.participants(),
                                request.durationMinutes(),
                                request.heldOn() == null ? LocalDate.now() : request.heldOn()),
                        referral.referralId())
                .response();
    }
}
