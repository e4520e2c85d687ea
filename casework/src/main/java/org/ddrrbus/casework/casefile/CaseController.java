package org.ddrrbus.casework.casefile;

import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.ddrrbus.casework.subjects.Registrations;
import org.ddrrbus.casework.system.ApiException;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.casework.system.Reason;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The case files this agency holds: a list, and one person's timeline. */
@RestController
@Validated
@RequestMapping("/api/cases")
class CaseController {

    private final CaseBook cases;
    private final Registrations registrations;

    CaseController(CaseBook cases, Registrations registrations) {
        this.cases = cases;
        this.registrations = registrations;
    }

    @GetMapping
    List<CaseFile> list() {
        return cases.all();
    }

    @GetMapping("/{subjectRef}")
    CaseFile get(
            @PathVariable @Pattern(regexp = Codes.SUBJECT_REF, message = Codes.SUBJECT_REF_MESSAGE) String subjectRef) {
        return cases.get(subjectRef).orElseThrow(() -> {
            // An erased person's file is gone: say so as a write about them is told, not that nobody knew them.
            registrations.requireNotErased("subjectRef", subjectRef);
            return ApiException.notFound(Reason.of("case.unknown", subjectRef));
        });
    }
}
