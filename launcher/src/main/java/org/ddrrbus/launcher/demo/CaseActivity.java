package org.ddrrbus.launcher.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ddrrbus.client.agreement.Places;
import org.ddrrbus.launcher.demo.Registrations.Person;
import org.ddrrbus.launcher.demo.ServiceClient.Response;

/**
 * The rest of the demo's year, after the referrals: people moved through the DDRR phases, communities assessed, returns
 * at the border recorded, and a few consents withdrawn.
 */
final class CaseActivity {

    private final Places places;
    private final Outcomes outcomes;
    private final Tally tally;

    CaseActivity(Places places, Outcomes outcomes, Tally tally) {
        this.places = places;
        this.outcomes = outcomes;
        this.tally = tally;
    }

    Void movePhases(ServiceClient supervisor, Person person, Random random) {
        if (person.subjectRef() == null) {
            return null;
        }
        List<String> phases = List.of("DERADICALISATION", "REHABILITATION", "REINTEGRATION");
        int steps = random.nextInt(100) < 30 ? 0 : 1 + random.nextInt(3);
        List<String> reasons = List.of("ASSESSMENT_COMPLETED", "PROGRAMME_MILESTONE", "CASE_CONFERENCE_DECISION");
        for (int i = 0; i < steps; i++) {
            outcomes.expect(
                    supervisor.post(
                            "/api/returnees/" + person.subjectRef() + "/phase",
                            Map.of("toPhase", phases.get(i), "reason", Population.pick(random, reasons))),
                    "phase changes");
        }
        return null;
    }

    void communities(ServiceClient nctc, ServiceClient county, Random random) {
        for (String countyName : places.areas().keySet().stream().sorted().toList()) {
            for (String area : places.areasOf(countyName)) {
                if (random.nextInt(100) < 60) {
                    ServiceClient who = random.nextBoolean() ? nctc : county;
                    outcomes.expect(
                            who.post(
                                    "/api/community-risk",
                                    Map.of(
                                            "county",
                                            countyName,
                                            "area",
                                            area,
                                            "level",
                                            Population.pick(random, List.of("LOW", "MEDIUM", "MEDIUM", "HIGH")),
                                            "factors",
                                            List.of(Population.pick(
                                                    random,
                                                    List.of(
                                                            "RECRUITMENT_ACTIVITY",
                                                            "STIGMA_TOWARDS_RETURNEES",
                                                            "SERVICE_GAPS",
                                                            "YOUTH_UNEMPLOYMENT"))))),
                            "community risk assessments");
                }
            }
        }
    }

    void borderReturns(ServiceClient iom, Random random) {
        for (int i = 0; i < 15; i++) {
            Map<String, Object> body = new HashMap<>(Map.of(
                    "county",
                    Population.pick(random, List.of("Mandera", "Wajir", "Garissa", "Lamu")),
                    "returnedFrom",
                    "SO"));
            if (!places.borderPoints().isEmpty()) {
                body.put("borderPoint", Population.pick(random, places.borderPoints()));
            }
            outcomes.expect(iom.post("/api/border-returns", body), "border returns");
        }
    }

    void withdrawals(ServiceClient nctc, List<Person> people, Random random) {
        List<Person> consented =
                people.stream().filter(p -> p.consentRef() != null).toList();
        for (int i = 0; i < Math.min(3, consented.size()); i++) {
            Person person = consented.get(random.nextInt(consented.size()));
            Response withdrawn = nctc.post(
                    "/api/consents/" + person.consentRef() + "/withdraw",
                    Map.of("subjectRef", person.subjectRef(), "purposes", List.of("mentorship")));
            if (withdrawn.ok()) {
                tally.count("consents withdrawn");
            }
        }
    }
}
