package org.ddrrbus.casework.casefile;

import jakarta.validation.constraints.Pattern;
import java.util.List;
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

    CaseController(CaseBook cases) {
        this.cases = cases;
    }

    @GetMapping
    List<CaseFile> list() {
        return cases.all();
    }

    @GetMapping("/{subjectRef}")
    CaseFile get(
            @PathVariable @Pattern(regexp = Codes.SUBJECT_REF, message = Codes.SUBJECT_REF_MESSAGE) String subjectRef) {
        return cases.get(subjectRef).orElseThrow(() -> ApiException.notFound(Reason.of("case.unknown", subjectRef)));
    }
}
