package org.ddrrbus.launcher.demo;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ddrrbus.client.agreement.Places;
import org.ddrrbus.launcher.demo.ServiceClient.Response;

/**
 * How the centre registers a returnee in the demo: in one of the agreement's counties and areas, usually with consent
 * to some purposes, often with a risk assessment by the supervisor.
 */
final class Registrations {

    /** A registered returnee; the references are null where the service refused to record them. */
    record Person(String subjectRef, String county, String consentRef, List<String> purposes) {}

    private final Places places;
    private final List<String> counties;
    private final Outcomes outcomes;

    /** @param counties the counties returnees come back to, each with an area listed in {@code places} */
    Registrations(Places places, List<String> counties, Outcomes outcomes) {
        this.places = places;
        this.counties = counties;
        this.outcomes = outcomes;
    }

    Person register(ServiceClient nctc, ServiceClient supervisor, Random random) {
        String county = Population.pick(random, counties);
        Response registered = outcomes.expect(
                nctc.post(
                        "/api/returnees",
                        Map.of(
                                "county", county,
                                "areaOfReturn", Population.pick(random, places.areasOf(county)),
                                "ageBand", Population.pick(random, Population.AGE_BANDS),
                                "gender", random.nextInt(100) < 22 ? "FEMALE" : "MALE",
                                "returnRoute", Population.pick(random, Population.ROUTES),
                                "registeredOn",
                                        LocalDate.now()
                                                .minusDays(random.nextInt(300))
                                                .toString())),
                "registered");
        String subjectRef = registered.text("reference");
        if (subjectRef == null) {
            return new Person(null, county, null, List.of());
        }
        String consentRef = null;
        List<String> purposes = List.of();
        if (random.nextInt(100) < 88) {
            purposes = random.nextBoolean()
                    ? List.of("reintegration-support", "mentorship", "community-services")
                    : List.of("reintegration-support", "mentorship");
            consentRef = outcomes.expect(
                            nctc.post("/api/consents", Map.of("subjectRef", subjectRef, "purposes", purposes)),
                            "consents")
                    .text("reference");
        }
        if (random.nextInt(100) < 70) {
            outcomes.expect(
                    supervisor.post(
                            "/api/returnees/" + subjectRef + "/risk",
                            Map.of(
                                    "level", Population.pick(random, List.of("LOW", "LOW", "MEDIUM", "MEDIUM", "HIGH")),
                                    "factors",
                                            List.of(Population.pick(
                                                    random,
                                                    List.of(
                                                            "FAMILY_SUPPORT",
                                                            "LIVELIHOOD",
                                                            "NETWORK_CONTACT",
                                                            "MENTAL_HEALTH"))),
                                    "nextReviewOn", LocalDate.now().plusDays(90).toString())),
                    "risk assessments");
        }
        return new Person(subjectRef, county, consentRef, purposes);
    }
}
