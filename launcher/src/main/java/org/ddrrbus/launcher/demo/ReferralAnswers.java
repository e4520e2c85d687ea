package org.ddrrbus.launcher.demo;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * How iom, cicc and the county answer the centre's referrals in the demo, each at its own rates: some declined with a
 * reason, some left unanswered (they show as overdue), the rest accepted, served (support for iom and the county,
 * mentorship sessions for cicc) and often completed.
 */
final class ReferralAnswers {

    private final Function<String, ServiceClient> as;
    private final Outcomes outcomes;
    private final Tally tally;

    /** @param as a signed-in client for a staff account name */
    ReferralAnswers(Function<String, ServiceClient> as, Outcomes outcomes, Tally tally) {
        this.as = as;
        this.outcomes = outcomes;
        this.tally = tally;
    }

    /** The recipient declines, leaves unanswered, or accepts, delivers and perhaps completes the referral. */
    Void answer(Scenario.Issued referral, Random random) {
        ServiceClient agency = as.apply(referral.to() + "-caseworker");
        String path = "/api/referrals/" + referral.referralId();
        if (!outcomes.arrived(agency, path)) {
            tally.problem(referral.to() + " never saw referral " + referral.referralId());
            return null;
        }
        int declineRate = switch (referral.to()) {
            case "iom" -> 18;
            case "cicc" -> 25;
            default -> 30;
        };
        if (random.nextInt(100) < declineRate) {
            List<String> reasons = referral.to().equals("cicc")
                    ? List.of("OUT_OF_CAPACITY", "NOT_IN_SERVICE_AREA", "SUBJECT_REFUSED")
                    : List.of("OUT_OF_CAPACITY", "OUTSIDE_MANDATE", "SUBJECT_UNREACHABLE", "DUPLICATE_REFERRAL");
            outcomes.expect(
                    agency.post(path + "/decline", Map.of("reasonCode", Population.pick(random, reasons))), "declined");
            return null;
        }
        if (random.nextInt(100) < 8) {
            return null; // Left unanswered: these become overdue on the dashboard.
        }
        outcomes.expect(
                agency.post(
                        path + "/accept",
                        Map.of("expectedStartOn", LocalDate.now().plusDays(7).toString())),
                "accepted");
        switch (referral.to()) {
            case "iom" -> {
                int deliveries = 1 + random.nextInt(2);
                for (int i = 0; i < deliveries; i++) {
                    outcomes.expect(
                            agency.post(
                                    "/api/support",
                                    Map.of(
                                            "referralId",
                                            referral.referralId(),
                                            "kind",
                                            Population.pick(
                                                    random,
                                                    List.of(
                                                            "LIVELIHOOD",
                                                            "LIVELIHOOD",
                                                            "PSYCHOSOCIAL",
                                                            "VOCATIONAL_TRAINING")))),
                            "support delivered");
                }
            }
            case "cicc" -> {
                int sessions = 1 + random.nextInt(4);
                for (int i = 0; i < sessions; i++) {
                    boolean family = random.nextInt(100) < 55;
                    outcomes.expect(
                            agency.post(
                                    "/api/mentorship-sessions",
                                    Map.of(
                                            "referralId",
                                            referral.referralId(),
                                            "format",
                                            family
                                                    ? "FAMILY"
                                                    : Population.pick(
                                                            random,
                                                            List.of("ONE_TO_ONE", "GROUP", "COMMUNITY_DIALOGUE")),
                                            "participants",
                                            family
                                                    ? List.of(
                                                            "SUBJECT",
                                                            Population.pick(
                                                                    random, List.of("PARENT", "SPOUSE", "SIBLING")),
                                                            "SIGNIFICANT_OTHER")
                                                    : List.of("SUBJECT", "RELIGIOUS_LEADER"),
                                            "durationMinutes",
                                            45 + random.nextInt(6) * 15)),
                            "mentorship sessions");
                }
            }
            default ->
                outcomes.expect(
                        agency.post(
                                "/api/support",
                                Map.of("referralId", referral.referralId(), "kind", "SOCIAL_PROTECTION")),
                        "support delivered");
        }
        if (random.nextInt(100) < (referral.to().equals("iom") ? 65 : 35)) {
            outcomes.expect(
                    agency.post(
                            path + "/complete",
                            Map.of(
                                    "outcome",
                                    Population.pick(
                                            random,
                                            List.of(
                                                    "SERVICES_DELIVERED",
                                                    "SERVICES_DELIVERED",
                                                    "PARTIALLY_DELIVERED",
                                                    "SUBJECT_STOPPED_ATTENDING")))),
                    "completed");
        }
        return null;
    }
}
