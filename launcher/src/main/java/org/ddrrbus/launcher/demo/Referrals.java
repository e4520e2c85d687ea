package org.ddrrbus.launcher.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.ddrrbus.launcher.demo.Registrations.Person;
import org.ddrrbus.launcher.demo.ServiceClient.Response;

/**
 * How the centre refers a registered returnee on in the demo: to iom for reintegration support, often to cicc for
 * mentorship, sometimes to the county; without consent, the exchange refuses and the caseworker is told at once.
 */
final class Referrals {

    private final Outcomes outcomes;
    private final Tally tally;

    Referrals(Outcomes outcomes, Tally tally) {
        this.outcomes = outcomes;
        this.tally = tally;
    }

    List<Scenario.Issued> refer(ServiceClient nctc, Person person, Random random) {
        List<Scenario.Issued> issued = new ArrayList<>();
        if (person.subjectRef() == null) {
            return issued;
        }
        if (person.consentRef() == null) {
            // Without consent the exchange refuses the referral, and the caseworker is told why at once.
            if (random.nextInt(100) < 50) {
                Response refused = nctc.post(
                        "/api/referrals",
                        referral(
                                person,
                                "iom",
                                "reintegration-support",
                                "CONSENT-MISSING",
                                List.of("LIVELIHOOD"),
                                random));
                if (refused.status() == 403) {
                    tally.count("referrals refused by the exchange");
                } else {
                    outcomes.unexpected("referral without consent", refused);
                }
            }
            return issued;
        }
        List<String> iomServices = random.nextBoolean() ? List.of("LIVELIHOOD") : List.of("LIVELIHOOD", "PSYCHOSOCIAL");
        if (random.nextInt(100) < 20) {
            iomServices = List.of("VOCATIONAL_TRAINING", "EDUCATION");
        }
        issue(nctc, person, "iom", "reintegration-support", iomServices, random).ifPresent(issued::add);
        if (random.nextInt(100) < 75) {
            issue(
                            nctc,
                            person,
                            "cicc",
                            "mentorship",
                            random.nextBoolean() ? List.of("MENTORSHIP") : List.of("MENTORSHIP", "FAMILY_MENTORSHIP"),
                            random)
                    .ifPresent(issued::add);
        }
        if (person.purposes().contains("community-services") && random.nextInt(100) < 40) {
            issue(nctc, person, "county", "community-services", List.of("SOCIAL_PROTECTION"), random)
                    .ifPresent(issued::add);
        }
        return issued;
    }

    private Optional<Scenario.Issued> issue(
            ServiceClient nctc, Person person, String to, String purpose, List<String> services, Random random) {
        Response response = outcomes.expect(
                nctc.post("/api/referrals", referral(person, to, purpose, person.consentRef(), services, random)),
                "referrals issued");
        String referralId = response.text("reference");
        return referralId == null
                ? Optional.empty()
                : Optional.of(new Scenario.Issued(referralId, person.subjectRef(), to));
    }

    private static Map<String, Object> referral(
            Person person, String to, String purpose, String consentRef, List<String> services, Random random) {
        return Map.of(
                "subjectRef",
                person.subjectRef(),
                "toAgency",
                to,
                "county",
                person.county(),
                "services",
                services,
                "priority",
                Population.pick(random, Population.PRIORITIES),
                "purpose",
                purpose,
                "consentRef",
                consentRef);
    }
}
