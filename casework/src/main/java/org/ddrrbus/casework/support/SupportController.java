package org.ddrrbus.casework.support;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import org.ddrrbus.casework.publish.EventPublisher;
import org.ddrrbus.casework.publish.Receipt;
import org.ddrrbus.casework.referral.Referral;
import org.ddrrbus.casework.referral.ReferralBook;
import org.ddrrbus.casework.referral.ReferralStatus;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.casework.system.StaffPermissions;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SupportDelivered;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reporting support delivered on a referral back to the agency that made it. */
@RestController
@RequestMapping("/api/support")
class SupportController {

    record Delivered(
            @NotBlank @Pattern(regexp = Codes.REFERENCE, message = Codes.REFERENCE_MESSAGE)
            String referralId,

            @NotNull ServiceKind kind,
            @PastOrPresent LocalDate deliveredOn) {}

    private final EventPublisher publisher;
    private final ReferralBook referrals;
    private final StaffPermissions staff;

    SupportController(EventPublisher publisher, ReferralBook referrals, StaffPermissions staff) {
        this.publisher = publisher;
        this.referrals = referrals;
        this.staff = staff;
    }

    @PostMapping
    ResponseEntity<Receipt> delivered(@Valid @RequestBody Delivered request) {
        staff.require(StaffRole.CASEWORKER, "record support");
        publisher.requireMaySend(SupportDelivered.class);
        Referral referral = referrals.requireIncoming(
                request.referralId(),
                ReferralStatus::isOpen,
                "referralId",
                found ->
                        ReferralBook.inWrongState("support.notOpen", found, "support is recorded on an open referral"));
        return publisher
                .deliver(
                        new SupportDelivered(
                                referral.subjectRef(),
                                referral.referralId(),
                                referral.from(),
                                request.kind(),
                                request.deliveredOn() == null ? LocalDate.now() : request.deliveredOn()),
                        referral.referralId())
                .response();
    }
}
