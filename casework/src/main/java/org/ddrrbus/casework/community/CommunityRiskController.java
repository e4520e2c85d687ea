package org.ddrrbus.casework.community;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.ddrrbus.casework.publish.EventPublisher;
import org.ddrrbus.casework.publish.Receipt;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.casework.system.PlaceLists;
import org.ddrrbus.casework.system.StaffPermissions;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.CommunityRiskFactor;
import org.ddrrbus.events.RiskLevel;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Assessing the risk in an area of return: about a community, never a person. */
@RestController
@RequestMapping("/api/community-risk")
class CommunityRiskController {

    record Assessment(
            @NotBlank String county,

            @NotBlank String area,

            @NotNull RiskLevel level,
            @Size(max = Codes.MAX_LIST) List<@NotNull CommunityRiskFactor> factors,
            @PastOrPresent LocalDate assessedOn) {}

    private final EventPublisher publisher;
    private final StaffPermissions staff;
    private final PlaceLists places;

    CommunityRiskController(EventPublisher publisher, StaffPermissions staff, PlaceLists places) {
        this.publisher = publisher;
        this.staff = staff;
        this.places = places;
    }

    @PostMapping
    ResponseEntity<Receipt> assess(@Valid @RequestBody Assessment request) {
        staff.require(StaffRole.SUPERVISOR, "record a community risk assessment");
        publisher.requireMaySend(CommunityRiskAssessed.class);
        String county = Codes.county("county", request.county());
        String area = places.area("area", county, request.area());
        return publisher
                .deliver(
                        new CommunityRiskAssessed(
                                county,
                                area,
                                request.level(),
                                request.factors() == null ? List.of() : request.factors(),
                                request.assessedOn() == null ? LocalDate.now() : request.assessedOn()),
                        null)
                .response();
    }
}
