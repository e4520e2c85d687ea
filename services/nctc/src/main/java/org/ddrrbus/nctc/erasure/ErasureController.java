package org.ddrrbus.nctc.erasure;

import jakarta.validation.Valid;
import java.time.LocalDate;
import org.ddrrbus.casework.erasure.Erasure;
import org.ddrrbus.casework.erasure.Erasures;
import org.ddrrbus.casework.publish.EventPublisher;
import org.ddrrbus.casework.publish.Receipt;
import org.ddrrbus.casework.subjects.Registrations;
import org.ddrrbus.casework.system.ApiException;
import org.ddrrbus.casework.system.ClosedLists;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.casework.system.Reason;
import org.ddrrbus.casework.system.StaffPermissions;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.events.ErasureReason;
import org.ddrrbus.events.SubjectErased;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Erasing a person from the whole bus. Only a supervisor of the case owner may ask, with a reason from a closed list:
 * an erasure cannot be undone, and nothing more about the person is accepted afterwards.
 */
@RestController
@RequestMapping("/api/subjects/{subjectRef}/erasure")
class ErasureController {

    /** A subjectRef not in the form of a case code, in the bus's own words in English and the bundle's in Kiswahili. */
    private static final Reason SUBJECT_REF = Reason.of("Pattern.subjectRef").saying(Codes.SUBJECT_REF_MESSAGE);

    record Request(ErasureReason reason) {}

    private final EventPublisher publisher;
    private final Registrations registrations;
    private final Erasures erasures;
    private final StaffPermissions staff;

    ErasureController(
            EventPublisher publisher, Registrations registrations, Erasures erasures, StaffPermissions staff) {
        this.publisher = publisher;
        this.registrations = registrations;
        this.erasures = erasures;
        this.staff = staff;
    }

    @PostMapping
    ResponseEntity<Receipt> erase(@PathVariable String subjectRef, @Valid @RequestBody Request request) {
        staff.require(StaffRole.SUPERVISOR, "erase a person");
        publisher.requireMaySend(SubjectErased.class);
        if (!subjectRef.matches(Codes.SUBJECT_REF)) {
            throw ApiException.badRequest("subjectRef", SUBJECT_REF);
        }
        // UNSPECIFIED exists only for erasures recorded before the reason was: nobody may ask with it.
        if (request.reason() == null || !ClosedLists.accepts(request.reason())) {
            throw ApiException.badRequest(
                    "reason", Reason.of("erasure.reason", ClosedLists.listed(ErasureReason.class)));
        }
        if (registrations.erased(subjectRef)) {
            throw ApiException.notFound(Reason.of("erasure.already", subjectRef));
        }
        registrations.require("subjectRef", subjectRef);
        return publisher
                .deliver(new SubjectErased(subjectRef, LocalDate.now(), request.reason()), subjectRef)
                .response();
    }

    /** Where the erasure stands: who has confirmed and when, who is awaited, and the receipt once written. */
    @GetMapping
    Erasure progress(@PathVariable String subjectRef) {
        if (!subjectRef.matches(Codes.SUBJECT_REF)) {
            throw ApiException.badRequest("subjectRef", SUBJECT_REF);
        }
        return erasures.of(subjectRef).orElseThrow(() -> ApiException.notFound(Reason.of("erasure.none", subjectRef)));
    }
}
