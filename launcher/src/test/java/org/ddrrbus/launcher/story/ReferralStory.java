package org.ddrrbus.launcher.story;

import static org.ddrrbus.launcher.story.StorySteps.created;
import static org.ddrrbus.launcher.story.StorySteps.eventually;

import java.util.List;
import java.util.Map;
import org.ddrrbus.launcher.demo.ServiceClient;

/**
 * The referral story, played whole: nctc registers a person with her consent and refers her to iom and to cicc; iom
 * accepts, delivers and completes; cicc accepts and holds a family mentorship session; nctc's supervisor moves her on
 * a phase. Returns once nctc sees iom's referral completed.
 *
 * @param subject her case code
 * @param consent her consent's reference
 * @param livelihood the referral to iom
 * @param mentorship the referral to cicc
 */
public record ReferralStory(String subject, String consent, String livelihood, String mentorship) {

    /** Who plays a part: an agency's account of a role ({@code caseworker}, {@code supervisor}). */
    @FunctionalInterface
    public interface Cast {
        ServiceClient of(String agency, String role);
    }

    public static ReferralStory play(Cast cast) {
        ServiceClient nctc = cast.of("nctc", "caseworker");
        ServiceClient iom = cast.of("iom", "caseworker");
        ServiceClient cicc = cast.of("cicc", "caseworker");
        String subject = StorySteps.register(nctc);
        String consent = StorySteps.consent(nctc, subject, "reintegration-support", "mentorship");
        String livelihood = StorySteps.refer(nctc, subject, "iom", "reintegration-support", consent, "LIVELIHOOD");
        String mentorship = StorySteps.refer(nctc, subject, "cicc", "mentorship", consent, "MENTORSHIP");

        eventually(iom, "/api/referrals/" + livelihood, r -> true);
        created(iom.post("/api/referrals/" + livelihood + "/accept", Map.of()));
        created(iom.post("/api/support", Map.of("referralId", livelihood, "kind", "LIVELIHOOD")));
        created(iom.post("/api/referrals/" + livelihood + "/complete", Map.of("outcome", "SERVICES_DELIVERED")));

        eventually(cicc, "/api/referrals/" + mentorship, r -> true);
        created(cicc.post("/api/referrals/" + mentorship + "/accept", Map.of()));
        created(cicc.post(
                "/api/mentorship-sessions",
                Map.of(
                        "referralId",
                        mentorship,
                        "format",
                        "FAMILY",
                        "participants",
                        List.of("SUBJECT", "PARENT", "SIBLING"),
                        "durationMinutes",
                        90)));
        created(cast.of("nctc", "supervisor")
                .post(
                        "/api/returnees/" + subject + "/phase",
                        Map.of("toPhase", "DERADICALISATION", "reason", "ASSESSMENT_COMPLETED")));
        eventually(
                nctc,
                "/api/referrals/" + livelihood,
                r -> "COMPLETED".equals(r.get("status").asString()));
        return new ReferralStory(subject, consent, livelihood, mentorship);
    }
}
