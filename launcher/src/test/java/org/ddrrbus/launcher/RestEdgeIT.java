package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.demo.ServiceClient.Response;
import org.ddrrbus.launcher.story.Stage;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The services' REST edge as a caller meets it, over real HTTP, against the whole system on a real broker: what it
 * refuses before anything reaches the bus, and with which status and reason.
 */
class RestEdgeIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TestBus bus = TestBus.shared();
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static BusSystem system;
    private static StaffAccounts staff;
    private static String subject;

    @BeforeAll
    static void start() throws Exception {
        staff = StaffAccounts.inMemory();
        system = Stage.on(bus, staff, Files.createTempDirectory(scratch, "rest-edge"));
        subject = register("Kwale", "Msambweni");
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void nameOrPhoneSentAlongIsRefusedNamingTheFieldInsteadOfDroppedSilently() {
        Response answer = as("nctc-caseworker").postRaw("/api/returnees", """
                        {"county":"Kwale","areaOfReturn":"Msambweni","ageBand":"AGE_18_24","gender":"FEMALE",
                         "name":"Amina Hassan","phone":"+254 712 345678"}""");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("field")).isEqualTo("name");
        assertThat(answer.text("reason")).isEqualTo("not accepted: people are recorded only as case codes");
    }

    @Test
    void fieldGivenTwiceIsRefused() {
        Response answer = as("nctc-caseworker").postRaw("/api/returnees", """
                        {"county":"Kwale","areaOfReturn":"Msambweni","areaOfReturn":"Amina Hassan",
                         "ageBand":"AGE_18_24","gender":"FEMALE"}""");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("field")).isEqualTo("areaOfReturn");
        assertThat(answer.text("reason")).isEqualTo("appears twice in the body");
    }

    @Test
    void aPhaseMoveForAReasonOutsideTheListIsRefusedListingTheReasons() {
        Response answer = as("nctc-supervisor")
                .post("/api/returnees/" + subject + "/phase", Map.of("toPhase", "REHABILITATION", "reason", "WHIM"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("field")).isEqualTo("reason");
        assertThat(answer.text("reason"))
                .isEqualTo("must be one of ASSESSMENT_COMPLETED, PROGRAMME_MILESTONE, RISK_REASSESSED,"
                        + " CASE_CONFERENCE_DECISION, SETBACK, OTHER");
    }

    @Test
    void anErasureReasonOutsideTheListIsRefusedListingOnlyTheReasonsOneMayGive() {
        String path = "/api/subjects/" + subject + "/erasure";
        Response unknown = as("nctc-supervisor").post(path, Map.of("reason", "WHIM"));
        Response unspecified = as("nctc-supervisor").post(path, Map.of("reason", "UNSPECIFIED"));

        String reasons =
                "PERSON_REQUEST, CONSENT_WITHDRAWN, NO_LONGER_NECESSARY, UNLAWFUL_PROCESSING, LEGAL_OBLIGATION";
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("field")).isEqualTo("reason");
        assertThat(unknown.text("reason")).isEqualTo("must be one of " + reasons);
        assertThat(unspecified.status()).isEqualTo(400);
        assertThat(unspecified.text("field")).isEqualTo("reason");
        assertThat(unspecified.text("reason")).isEqualTo("required, one of " + reasons);
    }

    @Test
    void nameWhereAnAreaOfReturnBelongsIsRefusedNamingTheListAndItsFile() {
        Response answer = as("nctc-caseworker")
                .post(
                        "/api/returnees",
                        Map.of(
                                "county",
                                "Kwale",
                                "areaOfReturn",
                                "Amina Hassan",
                                "ageBand",
                                "AGE_18_24",
                                "gender",
                                "FEMALE"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("field")).isEqualTo("areaOfReturn");
        assertThat(answer.text("reason"))
                .isEqualTo("areaOfReturn 'Amina Hassan' is not a place listed under places.areas.Kwale of the sharing"
                        + " agreement (listed: Kinango, Lunga Lunga, Matuga, Msambweni); the list is kept in"
                        + " config/sharing-agreement.yaml");
    }

    @Test
    void listedPlacesAreTakenInTheirListedSpelling() {
        Response registered = as("nctc-caseworker")
                .post(
                        "/api/returnees",
                        Map.of(
                                "county",
                                "kwale",
                                "areaOfReturn",
                                " lunga  LUNGA",
                                "ageBand",
                                "AGE_18_24",
                                "gender",
                                "MALE"));
        assertThat(registered.status()).isEqualTo(201);

        JsonNode file = as("nctc-viewer")
                .get("/api/cases/" + registered.text("reference"))
                .body();
        assertThat(file.get("timeline").get(0).get("summary").asString())
                .isEqualTo("Registered in Kwale (Lunga Lunga), starting in disengagement");
    }

    @Test
    void communityRiskInAnUnlistedAreaAndAnUnlistedBorderPointAreRefused() {
        Response risk = as("county-supervisor")
                .post("/api/community-risk", Map.of("county", "Lamu", "area", "Mama Fatuma's house", "level", "HIGH"));
        Response border = as("iom-caseworker")
                .post("/api/border-returns", Map.of("county", "Mandera", "borderPoint", "Omar's shop"));

        assertThat(risk.status()).isEqualTo(400);
        assertThat(risk.text("field")).isEqualTo("area");
        assertThat(border.status()).isEqualTo(400);
        assertThat(border.text("field")).isEqualTo("borderPoint");
        assertThat(border.text("reason")).contains("places.borderPoints", "El Wak, Kiunga, Liboi, Mandera Town");
    }

    @Test
    void consentReferralAndBorderReturnForAPersonNeverRegisteredAre404() {
        String madeUp = "KE-NONE-0001";

        Response consent = as("nctc-caseworker")
                .post("/api/consents", Map.of("subjectRef", madeUp, "purposes", List.of("mentorship")));
        Response withdrawal =
                as("nctc-caseworker").post("/api/consents/CONSENT-X1/withdraw", Map.of("subjectRef", madeUp));
        Response referral = as("nctc-caseworker").post("/api/referrals", referral(madeUp, "CONSENT-X1"));
        Response border =
                as("iom-caseworker").post("/api/border-returns", Map.of("subjectRef", madeUp, "county", "Mandera"));

        for (Response answer : List.of(consent, withdrawal, referral, border)) {
            assertThat(answer.status()).as(answer.body().toString()).isEqualTo(404);
            assertThat(answer.text("field")).isEqualTo("subjectRef");
        }
        assertThat(consent.text("reason"))
                .isEqualTo("no person KE-NONE-0001 is registered with nctc: record events only about people"
                        + " registered here or shared with this agency");
    }

    @Test
    void anAgencyLearnsOfAPersonOnlyWhenAnotherSharesThem() {
        String person = register("Mombasa", "Likoni");
        ServiceClient iom = as("iom-caseworker");
        Map<String, Object> consent = Map.of("subjectRef", person, "purposes", List.of("reintegration-support"));

        // nctc registered the person, but told iom nothing yet: to iom the code is unknown.
        assertThat(iom.post("/api/consents", consent).status()).isEqualTo(404);

        String consentRef = created(as("nctc-caseworker")
                        .post(
                                "/api/consents",
                                Map.of("subjectRef", person, "purposes", List.of("reintegration-support"))))
                .text("reference");
        String referralId = created(as("nctc-caseworker").post("/api/referrals", referral(person, consentRef)))
                .text("reference");
        Awaitility.await("iom receives the referral")
                .atMost(Duration.ofSeconds(30))
                .until(() -> iom.get("/api/referrals/" + referralId).ok());

        assertThat(iom.post("/api/consents", consent).status()).isIn(201, 202);
    }

    @Test
    void moreThanTenPurposesOrOneNamedTwiceAreRefused() {
        Response many = as("nctc-caseworker")
                .post(
                        "/api/consents",
                        Map.of("subjectRef", subject, "purposes", java.util.Collections.nCopies(11, "mentorship")));
        Response twice = as("nctc-caseworker")
                .post("/api/consents", Map.of("subjectRef", subject, "purposes", List.of("mentorship", "mentorship")));

        assertThat(many.status()).isEqualTo(400);
        assertThat(many.text("field")).isEqualTo("purposes");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.text("reason")).isEqualTo("names a purpose more than once");
    }

    @Test
    void writeThatIsNotSaidToBeJsonIsA415EvenWithoutABody() throws Exception {
        String referralId = issuedToIom();
        String path = "/api/referrals/" + referralId + "/accept";

        for (String type : new String[] {
            null,
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json; charset=ISO-8859-1",
            "application/jsonx"
        }) {
            Answer answer = send("iom", "iom-caseworker", "POST", path, type, new byte[0]);
            assertThat(answer.status()).as(type).isEqualTo(415);
            assertThat(answer.json().get("reason").asString()).startsWith("send writes as JSON");
        }
        // The same accept, said to be JSON, is a write like any other.
        assertThat(send("iom", "iom-caseworker", "POST", path, "application/json; charset=utf-8", new byte[0])
                        .status())
                .isIn(201, 202);
    }

    @Test
    void bodyOverTheLimitIsA413() throws Exception {
        String padding = "x".repeat(17 * 1024);
        byte[] body = ("{\"county\":\"Kwale\",\"areaOfReturn\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);

        Answer answer = send("nctc", "nctc-caseworker", "POST", "/api/returnees", "application/json", body);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("reason").asString())
                .isEqualTo("the request body is larger than 16384 bytes, the most this service reads");
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedBeforeAByteOfTheBodyIsSent() throws Exception {
        // 20 MB announced, nothing sent: the answer can only come from the header.
        String head = "POST /api/returnees HTTP/1.1\r\nHost: localhost\r\n" + authorization("nctc-caseworker")
                + "Content-Type: application/json\r\nContent-Length: 20000000\r\n\r\n";

        String answer = raw("nctc", head.getBytes(StandardCharsets.US_ASCII));

        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).contains("\"reason\":\"the request body is larger than 16384 bytes");
    }

    @Test
    void chunkedBodyIsCutOffAtTheLimitAndRefusedWhileTheSenderIsStillSending() throws Exception {
        String head = "POST /api/returnees HTTP/1.1\r\nHost: localhost\r\n" + authorization("nctc-caseworker")
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        // 40 chunks of 1 KB, and no last chunk: the body never ends unless the service stops reading.
        byte[] kilobyte = "K".repeat(1024).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(head.getBytes(StandardCharsets.US_ASCII));
        wire.write(chunk("{\"county\":\"".getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < 40; i++) {
            wire.write(chunk(kilobyte));
        }

        String answer = raw("nctc", wire.toByteArray());

        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).contains("\"reason\":\"the request body is larger than 16384 bytes");
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountEvenAgainstItsRightPassword() throws Exception {
        String account = "cicc-viewer";
        for (int i = 0; i < 5; i++) {
            Answer wrong = get("cicc", account, "wrong-" + i, "/api/status");
            assertThat(wrong.status()).as("attempt " + (i + 1)).isIn(401, 429);
            if (i < 4) {
                assertThat(wrong.status()).isEqualTo(401);
            }
        }

        Answer right = get("cicc", account, staff.get(account).password(), "/api/status");

        assertThat(right.status()).isEqualTo(429);
        assertThat(right.retryAfter())
                .isPresent()
                .get()
                .satisfies(s -> assertThat(s).isBetween(1L, 60L));
        assertThat(right.json().get("reason").asString())
                .startsWith("too many wrong passwords for this account: it is locked for");
        // Other accounts of the agency are not affected.
        assertThat(get("cicc", "cicc-caseworker", staff.get("cicc-caseworker").password(), "/api/status")
                        .status())
                .isEqualTo(200);
    }

    // Helpers.

    /** A new person, registered with nctc: its registration is back in nctc's inbox. */
    private static String register(String county, String area) {
        Response registered = as("nctc-caseworker")
                .post(
                        "/api/returnees",
                        Map.of("county", county, "areaOfReturn", area, "ageBand", "AGE_25_34", "gender", "FEMALE"));
        assertThat(registered.status()).as(registered.body().toString()).isIn(201, 202);
        String subjectRef = registered.text("reference");
        Awaitility.await("the registration of " + subjectRef)
                .atMost(Duration.ofSeconds(30))
                .until(() -> as("nctc-viewer").get("/api/cases/" + subjectRef).ok());
        return subjectRef;
    }

    private static String issuedToIom() {
        String consentRef = created(as("nctc-caseworker")
                        .post(
                                "/api/consents",
                                Map.of("subjectRef", subject, "purposes", List.of("reintegration-support"))))
                .text("reference");
        String referralId = created(as("nctc-caseworker").post("/api/referrals", referral(subject, consentRef)))
                .text("reference");
        Awaitility.await("iom receives the referral")
                .atMost(Duration.ofSeconds(30))
                .until(() ->
                        as("iom-viewer").get("/api/referrals/" + referralId).ok());
        return referralId;
    }

    private static Map<String, Object> referral(String person, String consentRef) {
        return Map.of(
                "subjectRef",
                person,
                "toAgency",
                "iom",
                "county",
                "Kwale",
                "services",
                List.of("LIVELIHOOD"),
                "priority",
                "WITHIN_72_HOURS",
                "purpose",
                "reintegration-support",
                "consentRef",
                consentRef);
    }

    private static ServiceClient as(String account) {
        StaffAccounts.Account a = staff.get(account);
        return new ServiceClient(system.url(a.service()), a.name(), a.password());
    }

    private static Response created(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return response;
    }

    private record Answer(int status, JsonNode json, Optional<Long> retryAfter) {}

    private static Answer send(String service, String account, String method, String path, String type, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.url(service) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(account, staff.get(account).password()))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer get(String service, String account, String password, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.url(service) + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", basic(account, password))
                .GET()
                .build();
        return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer answer(HttpResponse<String> response) {
        return new Answer(
                response.statusCode(),
                response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body()),
                response.headers().firstValue("Retry-After").map(Long::parseLong));
    }

    private static String basic(String account, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((account + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String authorization(String account) {
        return "Authorization: " + basic(account, staff.get(account).password()) + "\r\n";
    }

    private static byte[] chunk(byte[] data) {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunk.writeBytes(data);
        chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return chunk.toByteArray();
    }

    /**
     * Writes the bytes to the service on a plain socket, leaves the connection open for writing, and returns what the
     * service answers until it closes the connection or 10 s pass.
     */
    private static String raw(String service, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", system.ports().of(service))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.UTF_8).contains("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException e) {
                // Whatever arrived is the answer.
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
