package org.ddrrbus.launcher.story;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.demo.ServiceClient.Response;
import tools.jackson.databind.JsonNode;

/**
 * One step of the story each: the request bodies a caseworker sends, and the checks on what comes back. The people
 * and places are the story's: a young woman returned to Msambweni in Kwale.
 */
public final class StorySteps {

    /** How long a step waits for the exchange to deliver what another agency did. */
    public static final Duration PATIENCE = Duration.ofSeconds(90);

    private StorySteps() {}

    /** The response, which must be a 201: the exchange delivered the event within the request's wait. */
    public static Response created(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response;
    }

    /** The reference of what a delivered request created. */
    public static String reference(Response response) {
        return created(response).text("reference");
    }

    /** The body at {@code path} once it answers and satisfies {@code until}, polled until {@link #PATIENCE}. */
    public static JsonNode eventually(ServiceClient client, String path, Predicate<JsonNode> until) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await(path)
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Response response = client.get(path);
                    last[0] = response.body();
                    return response.ok() && until.test(response.body());
                });
        return last[0];
    }

    /** The story's person, as nctc registers her. */
    public static Map<String, Object> returnee() {
        return Map.of(
                "county", "Kwale",
                "areaOfReturn", "Msambweni",
                "ageBand", "AGE_18_24",
                "gender", "FEMALE",
                "returnRoute", "VOLUNTARY_SURRENDER");
    }

    /**
     * Someone else, as nctc registers them: for a test that needs a person of its own, with no return route recorded.
     */
    public static Map<String, Object> returnee(String county, String areaOfReturn, String ageBand, String gender) {
        return Map.of("county", county, "areaOfReturn", areaOfReturn, "ageBand", ageBand, "gender", gender);
    }

    /** Registers the story's person with nctc; her case code. */
    public static String register(ServiceClient nctc) {
        return reference(nctc.post("/api/returnees", returnee()));
    }

    /** Records her consent to sharing for {@code purposes}; its reference. */
    public static String consent(ServiceClient nctc, String subject, String... purposes) {
        return reference(nctc.post("/api/consents", Map.of("subjectRef", subject, "purposes", List.of(purposes))));
    }

    /** A referral of {@code subject} to {@code to} for one service, within 72 hours. */
    public static Map<String, Object> referral(
            String subject, String to, String purpose, String consent, String service) {
        return Map.of(
                "subjectRef", subject,
                "toAgency", to,
                "county", "Kwale",
                "services", List.of(service),
                "priority", "WITHIN_72_HOURS",
                "purpose", purpose,
                "consentRef", consent);
    }

    /** Issues that referral; its reference. */
    public static String refer(
            ServiceClient referrer, String subject, String to, String purpose, String consent, String service) {
        return reference(referrer.post("/api/referrals", referral(subject, to, purpose, consent, service)));
    }

    /**
     * The shortest story, for a deployment where only the path matters: nctc refers a newly registered person to iom,
     * which accepts and completes the referral. Each request must be answered 2xx (on a slow deployment the exchange's
     * verdict may still be pending); returns the referral once nctc sees it completed, within {@code patience}.
     */
    public static String answeredReferral(ServiceClient nctc, ServiceClient iom, Duration patience) {
        String subject = recorded(nctc.post("/api/returnees", returnee())).text("reference");
        // A 202 leaves the registration on its way: nctc records about the person once its inbox carried it back
        // (on a sealing bus the person's first event also waits for the person's key).
        Awaitility.await("the registration comes back to nctc")
                .atMost(patience)
                .until(() -> nctc.get("/api/cases/" + subject).ok());
        String consent = recorded(nctc.post(
                        "/api/consents", Map.of("subjectRef", subject, "purposes", List.of("reintegration-support"))))
                .text("reference");
        String referral = recorded(nctc.post(
                        "/api/referrals", referral(subject, "iom", "reintegration-support", consent, "LIVELIHOOD")))
                .text("reference");
        Awaitility.await("the referral reaches iom")
                .atMost(patience)
                .until(() -> iom.get("/api/referrals/" + referral).ok());
        recorded(iom.post("/api/referrals/" + referral + "/accept", Map.of()));
        recorded(iom.post("/api/referrals/" + referral + "/complete", Map.of("outcome", "SERVICES_DELIVERED")));
        Awaitility.await("nctc sees the referral completed")
                .atMost(patience)
                .until(() -> "COMPLETED"
                        .equals(nctc.get("/api/referrals/" + referral).text("status")));
        return referral;
    }

    /** The response, which must be a 2xx: the event is on the ledger, delivered or not yet. */
    public static Response recorded(Response response) {
        assertThat(response.ok()).as(response.status() + " " + response.body()).isTrue();
        return response;
    }

    /** The events of a case file's timeline, oldest first. */
    public static List<String> events(JsonNode caseFile) {
        return caseFile.get("timeline")
                .valueStream()
                .map(e -> e.get("event").asString())
                .toList();
    }
}
