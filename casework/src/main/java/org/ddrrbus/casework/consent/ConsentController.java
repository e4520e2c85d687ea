package org.ddrrbus.casework.consent;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import org.ddrrbus.casework.publish.EventPublisher;
import org.ddrrbus.casework.publish.Receipt;
import org.ddrrbus.casework.subjects.Registrations;
import org.ddrrbus.casework.system.ApiException;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.casework.system.Reason;
import org.ddrrbus.casework.system.StaffPermissions;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Recording a person's informed consent and its withdrawal. The exchange keeps the consents and checks every
 * delivery against them; a withdrawal stops later deliveries and reaches every agency that relied on the consent.
 */
@RestController
@RequestMapping("/api/consents")
class ConsentController {

    record Record(
            @NotBlank @Pattern(regexp = Codes.SUBJECT_REF, message = Codes.SUBJECT_REF_MESSAGE)
            String subjectRef,

            @Pattern(regexp = Codes.REFERENCE, message = Codes.REFERENCE_MESSAGE)
            String consentRef,

            @NotEmpty @Size(max = Codes.MAX_LIST) List<@NotBlank String> purposes,
            @PastOrPresent LocalDate givenOn,
            LocalDate validUntil) {}

    record Withdraw(
            @NotBlank @Pattern(regexp = Codes.SUBJECT_REF, message = Codes.SUBJECT_REF_MESSAGE)
            String subjectRef,

            @Size(max = Codes.MAX_LIST) List<@NotNull String> purposes,
            @PastOrPresent LocalDate withdrawnOn) {}

    private final EventPublisher publisher;
    private final SharingAgreement agreement;
    private final StaffPermissions staff;
    private final Registrations registrations;

    ConsentController(
            EventPublisher publisher, SharingAgreement agreement, StaffPermissions staff, Registrations registrations) {
        this.publisher = publisher;
        this.agreement = agreement;
        this.staff = staff;
        this.registrations = registrations;
    }

    @PostMapping
    ResponseEntity<Receipt> record(@Valid @RequestBody Record request) {
        staff.require(StaffRole.CASEWORKER, "record consent");
        // Whether this agency may record consent at all comes before whom it is about.
        publisher.requireMaySend(ConsentRecorded.class);
        requireKnown(request.purposes());
        registrations.require("subjectRef", request.subjectRef());
        LocalDate givenOn = request.givenOn() == null ? LocalDate.now() : request.givenOn();
        if (request.validUntil() != null && request.validUntil().isBefore(givenOn)) {
            throw ApiException.badRequest("validUntil", Reason.of("consent.validUntil"));
        }
        String consentRef = request.consentRef() != null ? request.consentRef() : Codes.newReference("CONSENT");
        return publisher
                .deliver(
                        new ConsentRecorded(
                                request.subjectRef(), consentRef, request.purposes(), givenOn, request.validUntil()),
                        consentRef)
                .response();
    }

    @PostMapping("/{consentRef}/withdraw")
    ResponseEntity<Receipt> withdraw(@PathVariable String consentRef, @Valid @RequestBody Withdraw request) {
        staff.require(StaffRole.CASEWORKER, "record a withdrawal of consent");
        publisher.requireMaySend(ConsentWithdrawn.class);
        if (!consentRef.matches(Codes.REFERENCE)) {
            throw ApiException.badRequest(
                    "consentRef", Reason.of("Pattern.consentRef").saying(Codes.REFERENCE_MESSAGE));
        }
        List<String> purposes = request.purposes() == null ? List.of() : request.purposes();
        requireKnown(purposes);
        registrations.require("subjectRef", request.subjectRef());
        return publisher
                .deliver(
                        new ConsentWithdrawn(
                                request.subjectRef(),
                                consentRef,
                                purposes,
                                request.withdrawnOn() == null ? LocalDate.now() : request.withdrawnOn()),
                        consentRef)
                .response();
    }

    private void requireKnown(List<String> purposes) {
        if (new HashSet<>(purposes).size() < purposes.size()) {
            throw ApiException.badRequest("purposes", Reason.of("consent.purposeTwice"));
        }
        for (String purpose : purposes) {
            if (!agreement.purposes().containsKey(purpose)) {
                throw ApiException.badRequest(
                        "purposes",
                        Reason.of(
                                "purpose.unknown",
                                purpose,
                                String.join(
                                        ", ",
                                        agreement.purposes().keySet().stream()
                                                .sorted()
                                                .toList())));
            }
        }
    }
}
