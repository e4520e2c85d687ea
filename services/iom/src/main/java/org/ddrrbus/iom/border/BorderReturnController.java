package org.ddrrbus.iom.border;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import org.ddrrbus.casework.publish.EventPublisher;
import org.ddrrbus.casework.publish.Receipt;
import org.ddrrbus.casework.subjects.Registrations;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.casework.system.PlaceLists;
import org.ddrrbus.casework.system.StaffPermissions;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.events.BorderReturnRecorded;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Recording a return across a border, for the centre and the receiving county. */
@RestController
@RequestMapping("/api/border-returns")
class BorderReturnController {

    record BorderReturn(
            @Pattern(regexp = Codes.SUBJECT_REF, message = Codes.SUBJECT_REF_MESSAGE)
            String subjectRef,

            @NotBlank String county,

            String borderPoint,

            @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 country code such as SO")
            String returnedFrom,

            @PastOrPresent LocalDate recordedOn) {}

    private final EventPublisher publisher;
    private final StaffPermissions staff;
    private final PlaceLists places;
    private final Registrations registrations;

    BorderReturnController(
            EventPublisher publisher, StaffPermissions staff, PlaceLists places, Registrations registrations) {
        this.publisher = publisher;
        this.staff = staff;
        this.places = places;
        this.registrations = registrations;
    }

    /**
     * A person without a case code yet gets a new one here; a case code given must be one of a person registered
     * with this agency, or it is a typing slip (or a made-up code) and is refused with 404.
     */
    @PostMapping
    ResponseEntity<Receipt> record(@Valid @RequestBody BorderReturn request) {
        staff.require(StaffRole.CASEWORKER, "record a border return");
        String county = Codes.county("county", request.county());
        String borderPoint =
                request.borderPoint() == null ? null : places.borderPoint("borderPoint", request.borderPoint());
        if (request.subjectRef() != null) {
            registrations.require("subjectRef", request.subjectRef());
        }
        String subjectRef = request.subjectRef() != null ? request.subjectRef() : Codes.newSubjectRef();
        return publisher
                .deliver(
                        new BorderReturnRecorded(
                                subjectRef,
                                county,
                                borderPoint,
                                request.returnedFrom(),
                                request.recordedOn() == null ? LocalDate.now() : request.recordedOn()),
                        subjectRef)
                .response();
    }
}
