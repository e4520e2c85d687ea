package org.ddrrbus.nctc.returnee;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.ddrrbus.casework.casefile.CaseBook;
import org.ddrrbus.casework.casefile.CaseFile;
import org.ddrrbus.casework.publish.EventPublisher;
import org.ddrrbus.casework.publish.Receipt;
import org.ddrrbus.casework.subjects.Registrations;
import org.ddrrbus.casework.system.ApiException;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.casework.system.PlaceLists;
import org.ddrrbus.casework.system.Reason;
import org.ddrrbus.casework.system.StaffPermissions;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChangeReason;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.RiskAssessed;
import org.ddrrbus.events.RiskFactor;
import org.ddrrbus.events.RiskLevel;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registering a returnee and moving them through the programme: the DDRR phases and individual risk assessments.
 * The person gets a new opaque case code here; nothing that identifies them is ever asked for.
 */
@RestController
@RequestMapping("/api/returnees")
class ReturneeController {

    record Registration(
            @NotBlank String county,

            @NotBlank String areaOfReturn,

            @NotNull AgeBand ageBand,
            @NotNull Gender gender,
            ReturnRoute returnRoute,
            Phase initialPhase,
            @PastOrPresent LocalDate registeredOn) {}

    record PhaseMove(
            @NotNull Phase toPhase,
            @NotNull PhaseChangeReason reason,
            @PastOrPresent LocalDate changedOn) {}

    record Assessment(
            @NotNull RiskLevel level,
            @Size(max = Codes.MAX_LIST) List<@NotNull RiskFactor> factors,
            @PastOrPresent LocalDate assessedOn,
            LocalDate nextReviewOn) {}

    private final EventPublisher publisher;
    private final CaseBook cases;
    private final StaffPermissions staff;
    private final PlaceLists places;
    private final Registrations registrations;

    ReturneeController(
            EventPublisher publisher,
            CaseBook cases,
            StaffPermissions staff,
            PlaceLists places,
            Registrations registrations) {
        this.publisher = publisher;
        this.cases = cases;
        this.staff = staff;
        this.places = places;
        this.registrations = registrations;
    }

    @PostMapping
    ResponseEntity<Receipt> register(@Valid @RequestBody Registration request) {
        staff.require(StaffRole.CASEWORKER, "register a returnee");
        String county = Codes.county("county", request.county());
        String areaOfReturn = places.area("areaOfReturn", county, request.areaOfReturn());
        String subjectRef = Codes.newSubjectRef();
        ReturneeRegistered event = new ReturneeRegistered(
                subjectRef,
                county,
                areaOfReturn,
                request.ageBand(),
                request.gender(),
                request.returnRoute(),
                request.initialPhase() == null ? Phase.DISENGAGEMENT : request.initialPhase(),
                request.registeredOn() == null ? LocalDate.now() : request.registeredOn());
        return publisher.deliver(event, subjectRef).response();
    }

    @PostMapping("/{subjectRef}/phase")
    ResponseEntity<Receipt> move(@PathVariable String subjectRef, @Valid @RequestBody PhaseMove request) {
        staff.require(StaffRole.SUPERVISOR, "move a person between DDRR phases");
        CaseFile file = known(subjectRef);
        Phase from = file.phase() == null ? Phase.UNKNOWN : Phase.valueOf(file.phase());
        if (from == request.toPhase()) {
            throw ApiException.badRequest(
                    "toPhase",
                    Reason.of("phase.same", subjectRef, Reason.word("enum.Phase." + from.name(), from.name()))
                            .saying(subjectRef + " is already in " + from.name().toLowerCase()));
        }
        return publisher
                .deliver(
                        new PhaseChanged(
                                subjectRef,
                                file.county(),
                                from,
                                request.toPhase(),
                                request.reason(),
                                request.changedOn() == null ? LocalDate.now() : request.changedOn()),
                        subjectRef)
                .response();
    }

    @PostMapping("/{subjectRef}/risk")
    ResponseEntity<Receipt> assess(@PathVariable String subjectRef, @Valid @RequestBody Assessment request) {
        staff.require(StaffRole.SUPERVISOR, "record a risk assessment");
        known(subjectRef);
        LocalDate assessedOn = request.assessedOn() == null ? LocalDate.now() : request.assessedOn();
        if (request.nextReviewOn() != null && !request.nextReviewOn().isAfter(assessedOn)) {
            throw ApiException.badRequest("nextReviewOn", Reason.of("risk.nextReview"));
        }
        return publisher
                .deliver(
                        new RiskAssessed(
                                subjectRef, request.level(), request.factors(), assessedOn, request.nextReviewOn()),
                        subjectRef)
                .response();
    }

    private CaseFile known(String subjectRef) {
        if (!subjectRef.matches(Codes.SUBJECT_REF)) {
            throw ApiException.badRequest(
                    "subjectRef", Reason.of("Pattern.subjectRef").saying(Codes.SUBJECT_REF_MESSAGE));
        }
        registrations.require("subjectRef", subjectRef);
        // A phase change names the person's county, which only their case file knows.
        return cases.get(subjectRef)
                .filter(file -> file.county() != null)
                .orElseThrow(() -> ApiException.notFound(Reason.of("returnee.unknown", subjectRef)));
    }
}
