package org.ddrrbus.casework.referral;

import jakarta.validation.Valid;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.casework.publish.EventPublisher;
import org.ddrrbus.casework.publish.Receipt;
import org.ddrrbus.casework.subjects.Registrations;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.casework.system.ApiException;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.casework.system.Reason;
import org.ddrrbus.casework.system.StaffPermissions;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.referral.ReferralDeadline;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralWithdrawn;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Issuing referrals to other agencies, and answering those addressed to this one. */
@RestController
@RequestMapping("/api/referrals")
class ReferralController {

    private final ReferralBook referrals;
    private final EventPublisher publisher;
    private final Agency agency;
    private final SharingAgreement agreement;
    private final StaffPermissions staff;
    private final Registrations registrations;

    ReferralController(
            ReferralBook referrals,
            EventPublisher publisher,
            Agency agency,
            SharingAgreement agreement,
            StaffPermissions staff,
            Registrations registrations) {
        this.referrals = referrals;
        this.publisher = publisher;
        this.agency = agency;
        this.agreement = agreement;
        this.staff = staff;
        this.registrations = registrations;
    }

    /**
     * @param direction {@code incoming} (addressed to this agency), {@code outgoing} (issued by it) or both
     * @param status a {@link ReferralStatus}, or {@code open} for issued and accepted ones
     */
    @GetMapping
    List<Referral> list(
            @RequestParam(required = false) String direction,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String subjectRef) {
        // Checked before filtering, so a bad parameter is refused whether or not there is anything to filter.
        if (direction != null && !direction.equals("incoming") && !direction.equals("outgoing")) {
            throw ApiException.badRequest("direction", Reason.of("filter.direction"));
        }
        if (status != null
                && !status.equals("open")
                && !status.equals("overdue")
                && Arrays.stream(ReferralStatus.values())
                        .noneMatch(s -> s.name().equalsIgnoreCase(status))) {
            throw ApiException.badRequest("status", Reason.of("filter.status"));
        }
        if (subjectRef != null && !subjectRef.matches(Codes.SUBJECT_REF)) {
            throw ApiException.badRequest(
                    "subjectRef", Reason.of("Pattern.subjectRef").saying(Codes.SUBJECT_REF_MESSAGE));
        }
        return referrals.all().stream()
                .filter(r -> direction == null
                        || (direction.equals("incoming") ? r.to().equals(agency.id()) : r.issuedBy(agency.id())))
                .filter(r -> status == null || matches(r, status))
                .filter(r -> subjectRef == null || r.subjectRef().equals(subjectRef))
                .toList();
    }

    @GetMapping("/{referralId}")
    Referral get(@PathVariable String referralId) {
        return referrals
                .find(referralId)
                .orElseThrow(() -> ApiException.notFound(Reason.of("referral.unknown", referralId, agency.id())));
    }

    @PostMapping
    ResponseEntity<Receipt> issue(@Valid @RequestBody ReferralRequests.Issue request) {
        staff.require(StaffRole.CASEWORKER, "issue a referral");
        publisher.requireMaySend(ReferralIssued.class);
        var route = agreement.policy("ReferralIssued").flatMap(p -> p.routeTo(request.toAgency()));
        if (route.isEmpty()) {
            throw ApiException.badRequest("toAgency", Reason.of("referral.recipient", request.toAgency()));
        }
        if (!route.get().allows(request.purpose())) {
            throw ApiException.badRequest(
                    "purpose",
                    Reason.of(
                                    "referral.purpose",
                                    request.toAgency(),
                                    String.join(", ", route.get().purposes()))
                            .saying(request.toAgency() + " receives referrals only for "
                                    + String.join(" or ", route.get().purposes())));
        }
        registrations.require("subjectRef", request.subjectRef());
        String referralId = request.referralId() != null ? request.referralId() : Codes.newReference("REF");
        if (referrals.outgoing(referralId).isPresent()) {
            throw ApiException.badRequest("referralId", Reason.of("referral.exists", referralId));
        }
        ReferralIssued event = new ReferralIssued(
                request.subjectRef(),
                referralId,
                request.toAgency(),
                Codes.county("county", request.county()),
                request.services(),
                request.priority(),
                request.purpose(),
                request.consentRef());
        return publisher.deliver(event, referralId).response();
    }

    @PostMapping("/{referralId}/accept")
    ResponseEntity<Receipt> accept(
            @PathVariable String referralId, @RequestBody(required = false) ReferralRequests.Accept request) {
        return answer(
                referralId,
                "accept",
                ReferralStatus.ISSUED,
                referral -> new ReferralAccepted(
                        referral.subjectRef(),
                        referralId,
                        referral.from(),
                        request == null ? null : request.expectedStartOn()));
    }

    @PostMapping("/{referralId}/decline")
    ResponseEntity<Receipt> decline(
            @PathVariable String referralId, @Valid @RequestBody ReferralRequests.Decline request) {
        return answer(
                referralId,
                "decline",
                ReferralStatus.ISSUED,
                referral ->
                        new ReferralDeclined(referral.subjectRef(), referralId, referral.from(), request.reasonCode()));
    }

    @PostMapping("/{referralId}/complete")
    ResponseEntity<Receipt> complete(
            @PathVariable String referralId, @Valid @RequestBody ReferralRequests.Complete request) {
        return answer(
                referralId,
                "complete",
                ReferralStatus.ACCEPTED,
                referral ->
                        new ReferralCompleted(referral.subjectRef(), referralId, referral.from(), request.outcome()));
    }

    @PostMapping("/{referralId}/withdraw")
    ResponseEntity<Receipt> withdraw(
            @PathVariable String referralId, @Valid @RequestBody ReferralRequests.Withdraw request) {
        staff.require(StaffRole.CASEWORKER, "withdraw a referral");
        Referral referral = referrals
                .outgoing(referralId)
                .orElseThrow(() -> ApiException.notFound(Reason.of("referral.notIssued", referralId, agency.id())));
        if (!referral.status().isOpen()) {
            throw ApiException.badRequest(
                    null,
                    Reason.of("referral.withdrawClosed", referralId, ReferralBook.statusWord(referral.status()))
                            .saying("referral " + referralId + " is " + ReferralBook.english(referral.status())
                                    + "; only an open referral can be withdrawn"));
        }
        return publisher
                .deliver(
                        new ReferralWithdrawn(referral.subjectRef(), referralId, referral.to(), request.reasonCode()),
                        referralId)
                .response();
    }

    /**
     * This agency's answer to a referral addressed to it, which must be {@code required}: accepting or declining an
     * issued one, completing an accepted one.
     */
    private ResponseEntity<Receipt> answer(
            String referralId, String action, ReferralStatus required, Function<Referral, SpecificRecord> answer) {
        staff.require(StaffRole.CASEWORKER, action + " a referral");
        Referral referral = referrals.requireIncoming(
                referralId,
                status -> status == required,
                null,
                found -> Reason.of(
                                "referral.wrongStatus." + action + "d",
                                referralId,
                                ReferralBook.statusWord(found.status()),
                                ReferralBook.statusWord(required))
                        .saying("referral " + referralId + " is " + ReferralBook.english(found.status()) + "; only an "
                                + ReferralBook.english(required) + " referral can be " + action + "d"));
        return publisher.deliver(answer.apply(referral), referralId).response();
    }

    private static boolean matches(Referral referral, String status) {
        if (status.equals("open")) {
            return referral.status().isOpen();
        }
        if (status.equals("overdue")) {
            return referral.overdue(ReferralDeadline.systemUtc());
        }
        try {
            return referral.status() == ReferralStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", Reason.of("filter.status"));
        }
    }
}
