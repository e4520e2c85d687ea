package org.ddrrbus.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ddrrbus.launcher.story.StorySteps.recorded;
import static org.ddrrbus.launcher.story.StorySteps.returnee;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.awaitility.Awaitility;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.story.Stage;
import org.ddrrbus.launcher.story.StorySteps;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.reliability.fuzz.RawHttp.Answer;
import org.ddrrbus.reliability.fuzz.RestEndpoints.Bad;
import org.ddrrbus.reliability.fuzz.RestEndpoints.Endpoint;
import org.ddrrbus.reliability.fuzz.RestEndpoints.Field;
import org.ddrrbus.reliability.fuzz.RestEndpoints.RawJson;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Invalid requests at every POST endpoint of every partner service, and garbage in paths and query strings, against
 * the whole system on a real broker: each is answered with a 4xx and a JSON body whose reason is one readable line
 * naming the field at fault, and afterwards every endpoint still does its work.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestFuzzIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private static final String EDGE = "rest";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TestBus bus = TestBus.shared();
    private static final RawHttp http = new RawHttp();
    private static BusSystem system;
    private static StaffAccounts staff;
    /** The fixtures the tokens of {@link RestEndpoints} name. */
    private static final Map<String, String> fixtures = new HashMap<>();
    /** Every input that was not answered as it should be, so one run shows them all. */
    private final List<String> failures = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        staff = StaffAccounts.inMemory();
        system = Stage.on(bus, staff, Files.createTempDirectory(scratch, "rest-fuzz"));
        ServiceClient nctc = as("nctc-caseworker");
        String subject = recorded(nctc.post("/api/returnees", returnee("Kwale", "Msambweni", "AGE_25_34", "MALE")))
                .text("reference");
        // Registered with nctc once the registration is back in its inbox (at once, unless it answered 202).
        awaitOk(nctc, "/api/cases/" + subject);
        String consent = recorded(nctc.post(
                        "/api/consents",
                        Map.of(
                                "subjectRef",
                                subject,
                                "purposes",
                                List.of("reintegration-support", "mentorship", "community-services"))))
                .text("reference");
        fixtures.put("{S}", subject);
        fixtures.put("{C}", consent);
        fixtures.put("{R:iom}", referral(nctc, subject, "iom", "reintegration-support", consent));
        fixtures.put("{R:cicc}", referral(nctc, subject, "cicc", "mentorship", consent));
        fixtures.put("{R:county}", referral(nctc, subject, "county", "community-services", consent));
        fixtures.put("{R:withdraw}", referral(nctc, subject, "iom", "reintegration-support", consent));
        for (String agency : List.of("iom", "cicc", "county")) {
            awaitOk(as(agency + "-caseworker"), "/api/referrals/" + fixtures.get("{R:" + agency + "}"));
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void everyInvalidFieldOfEveryEndpointIsA400NamingTheField() {
        long started = System.nanoTime();
        String test = "everyInvalidFieldOfEveryEndpointIsA400NamingTheField";
        Random random = Fuzz.random(test);
        int planned = 0;
        int tried = 0;
        for (Endpoint endpoint : RestEndpoints.all()) {
            for (Field field : endpoint.fields()) {
                List<Bad> invalid = RestEndpoints.invalid(field, random);
                planned += invalid.size();
                for (Bad bad : invalid) {
                    Map<String, Object> body = resolve(endpoint.validBody());
                    if (bad.value() == RestEndpoints.REMOVE) {
                        body.remove(field.name());
                    } else {
                        body.put(field.name(), bad.value());
                    }
                    String shown =
                            bad.value() == RestEndpoints.REMOVE ? "" : " " + Fuzz.shown(String.valueOf(bad.value()));
                    String what = Fuzz.replay(test) + ": " + endpoint.name() + " with " + field.name() + " "
                            + bad.description() + shown;
                    Answer answer = post(endpoint, endpoint.account(), "application/json", json(body));
                    tried++;
                    assertRefused(answer, Set.of(400), bad.field(), what);
                }
            }
        }
        Fuzz.report(EDGE, test, tried, planned, started);
        assertNoFailures(test);
    }

    @Test
    @Order(2)
    void bodiesThatAreNotTheRequestAreA400() {
        long started = System.nanoTime();
        String test = "bodiesThatAreNotTheRequestAreA400";
        Random random = Fuzz.random(test);
        int planned = 0;
        int tried = 0;
        for (Endpoint endpoint : RestEndpoints.all()) {
            String valid = new String(json(resolve(endpoint.validBody())), StandardCharsets.UTF_8);
            Map<String, byte[]> bodies = new LinkedHashMap<>();
            bodies.put("plain text", "hello".getBytes(StandardCharsets.UTF_8));
            bodies.put("XML", "<referral><county>Kwale</county></referral>".getBytes(StandardCharsets.UTF_8));
            bodies.put("single quotes", valid.replace('"', '\'').getBytes(StandardCharsets.UTF_8));
            bodies.put(
                    "random text",
                    Fuzz.printable(random, Fuzz.between(random, 1, 500)).getBytes(StandardCharsets.UTF_8));
            bodies.put("random bytes", Fuzz.bytes(random, Fuzz.between(random, 1, 500)));
            bodies.put("an array", "[]".getBytes(StandardCharsets.UTF_8));
            bodies.put("a string", "\"Kwale\"".getBytes(StandardCharsets.UTF_8));
            bodies.put("a number", "42".getBytes(StandardCharsets.UTF_8));
            bodies.put("two objects", (valid + valid).getBytes(StandardCharsets.UTF_8));
            bodies.put(
                    "a trailing comma",
                    (valid.substring(0, valid.length() - 1) + ",}").getBytes(StandardCharsets.UTF_8));
            // Deeper than the parser goes, yet under the body limit (deeper still is a 413, tried below).
            bodies.put(
                    "nested 5000 deep",
                    ("{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8));
            bodies.put("a comment", ("/* note */" + valid).getBytes(StandardCharsets.UTF_8));
            bodies.put(
                    "invalid UTF-8 in a string",
                    WireGarbage.concat(
                            valid.substring(0, valid.length() - 1).getBytes(StandardCharsets.UTF_8),
                            new byte[] {',', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
            if (!endpoint.bodyOptional()) {
                bodies.put("empty", new byte[0]);
                bodies.put("null", "null".getBytes(StandardCharsets.UTF_8));
                bodies.put("whitespace", "  \n\t ".getBytes(StandardCharsets.UTF_8));
            }
            // Cut short anywhere: never valid JSON. (Where a body is optional, an empty one is valid.)
            for (int i = 0; i < 8; i++) {
                int cut = Fuzz.between(random, 1, valid.length() - 1);
                bodies.put("truncated at " + cut, valid.substring(0, cut).getBytes(StandardCharsets.UTF_8));
            }
            planned += bodies.size();
            for (var body : bodies.entrySet()) {
                String what = Fuzz.replay(test) + ": " + endpoint.name() + " with " + body.getKey();
                Answer answer = post(endpoint, endpoint.account(), "application/json", body.getValue());
                tried++;
                assertRefused(answer, Set.of(400), null, what);
            }
            // A body that is JSON but not said to be: 415 at every endpoint, even where no body is needed (what a form
            // on another site could make a browser send), and even when the body is empty.
            Map<String, String> types = new LinkedHashMap<>();
            types.put("text/plain", "text/plain");
            types.put("form", "application/x-www-form-urlencoded");
            types.put("multipart form", "multipart/form-data; boundary=" + Fuzz.alphanumeric(random, 8));
            types.put("JSON in Latin-1", "application/json; charset=ISO-8859-1");
            types.put("garbage content type", "garbage/" + Fuzz.alphanumeric(random, 5));
            types.put("no content type", null);
            planned += types.size() * 2;
            for (var type : types.entrySet()) {
                for (byte[] body : List.of(valid.getBytes(StandardCharsets.UTF_8), new byte[0])) {
                    String what = Fuzz.replay(test) + ": " + endpoint.name() + " sent as " + type.getKey()
                            + (body.length == 0 ? ", empty" : "");
                    Answer answer = post(endpoint, endpoint.account(), type.getValue(), body);
                    tried++;
                    assertRefused(answer, Set.of(415), null, what);
                }
            }
        }
        Fuzz.report(EDGE, test, tried, planned, started);
        assertNoFailures(test);
    }

    @Test
    @Order(3)
    void unknownFieldsAreA400NamingTheField() {
        long started = System.nanoTime();
        String test = "unknownFieldsAreA400NamingTheField";
        Random random = Fuzz.random(test);
        int planned = 0;
        int tried = 0;
        for (Endpoint endpoint : RestEndpoints.all()) {
            List<String> names = List.of(
                    "name",
                    "phone",
                    Fuzz.pick(random, "nationalId", "idNumber", "dateOfBirth", "address", "fullName", "notes"),
                    Fuzz.alphanumeric(random, Fuzz.between(random, 1, 30)));
            planned += names.size();
            for (String name : names) {
                Map<String, Object> body = resolve(endpoint.validBody());
                body.put(name, Fuzz.pick(random, "Amina Hassan", "+254 712 345678", "23456789", 42));
                String what = Fuzz.replay(test) + ": " + endpoint.name() + " with an extra field " + name;
                Answer answer = post(endpoint, endpoint.account(), "application/json", json(body));
                tried++;
                assertRefused(answer, Set.of(400), name, what);
                if (answer.status() == 400
                        && !"not accepted: people are recorded only as case codes".equals(answer.text("reason"))) {
                    failures.add(what + " -> the reason: " + answer.text("reason"));
                }
            }
        }
        Fuzz.report(EDGE, test, tried, planned, started);
        assertNoFailures(test);
    }

    /** Every endpoint that names a person: a well-formed case code this agency was never told of is a 404. */
    @Test
    @Order(4)
    void aPersonNeverRegisteredWithTheAgencyIsA404() {
        long started = System.nanoTime();
        String test = "aPersonNeverRegisteredWithTheAgencyIsA404";
        Random random = Fuzz.random(test);
        int planned = 0;
        int tried = 0;
        for (Endpoint endpoint : RestEndpoints.all()) {
            boolean inBody = endpoint.fields().stream().anyMatch(f -> f.kind() == RestEndpoints.Kind.SUBJECT_REF);
            boolean inPath = "{S}".equals(endpoint.pathVariable());
            if (!inBody && !inPath) {
                continue;
            }
            for (int i = 0; i < 3; i++) {
                String stranger = "KE-" + Fuzz.alphanumeric(random, 4).toUpperCase() + "-"
                        + Fuzz.alphanumeric(random, 4).toUpperCase();
                Map<String, Object> body = resolve(endpoint.validBody());
                String path = resolvePath(endpoint.path());
                if (inBody) {
                    body.put("subjectRef", stranger);
                } else {
                    path = path.replace(fixtures.get("{S}"), stranger);
                }
                String what = Fuzz.replay(test) + ": " + endpoint.name() + " about " + stranger;
                Answer answer = http.send(
                        "POST",
                        url(endpoint.service(), path),
                        endpoint.account(),
                        staff.get(endpoint.account()).password(),
                        "application/json",
                        json(body));
                tried++;
                planned++;
                assertRefused(answer, Set.of(404), "subjectRef", what);
            }
        }
        Fuzz.report(EDGE, test, tried, planned, started);
        assertNoFailures(test);
    }

    /**
     * Bodies over the services' limit: with their length declared (too large by a little, or by 20 MB announced and
     * never sent, so only a refusal from the header can answer), and chunked without end (so only a refusal while
     * reading can answer). Each is a 413.
     */
    @Test
    @Order(5)
    void bodiesOverTheLimitAreA413BeforeTheyAreReadWhole() {
        long started = System.nanoTime();
        String test = "bodiesOverTheLimitAreA413BeforeTheyAreReadWhole";
        Random random = Fuzz.random(test);
        int planned = 0;
        int tried = 0;
        for (Endpoint endpoint : RestEndpoints.all()) {
            String account = endpoint.account();
            String password = staff.get(account).password();
            String path = resolvePath(endpoint.path());
            String target = url(endpoint.service(), path);
            Map<String, Object> padded = resolve(endpoint.validBody());
            String field = endpoint.fields().get(0).name();
            padded.put(field, Fuzz.alphanumeric(random, Fuzz.between(random, 16_400, 400_000)));
            String what = Fuzz.replay(test) + ": " + endpoint.name();

            Answer declared = post(endpoint, account, "application/json", json(padded));
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + RawHttp.authorization(account, password)
                    + "Content-Type: application/json\r\n";
            Answer announced =
                    http.raw(target, (head + "Content-Length: 20000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            java.io.ByteArrayOutputStream chunked = new java.io.ByteArrayOutputStream();
            chunked.writeBytes((head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] piece = ("{\"" + field + "\":\"").getBytes(StandardCharsets.US_ASCII);
            chunked.writeBytes(chunk(piece));
            for (int i = 0; i < 40; i++) {
                chunked.writeBytes(chunk(Fuzz.alphanumeric(random, 1024).getBytes(StandardCharsets.US_ASCII)));
            }
            Answer unending = http.raw(target, chunked.toByteArray());

            planned += 3;
            tried += 3;
            assertRefused(
                    declared,
                    Set.of(413),
                    null,
                    what + " with a body of " + padded.get(field).toString().length());
            assertRefused(announced, Set.of(413), null, what + " announcing 20 MB and sending nothing");
            assertRefused(unending, Set.of(413), null, what + " chunked without end");
        }
        Fuzz.report(EDGE, test, tried, planned, started);
        assertNoFailures(test);
    }

    private static byte[] chunk(byte[] data) {
        java.io.ByteArrayOutputStream chunk = new java.io.ByteArrayOutputStream();
        chunk.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunk.writeBytes(data);
        chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return chunk.toByteArray();
    }

    @Test
    @Order(6)
    void garbageInPathsAndQueryStringsIsA400OrA404() {
        long started = System.nanoTime();
        String test = "garbageInPathsAndQueryStringsIsA400OrA404";
        Random random = Fuzz.random(test);
        int tried = 0;
        int planned = 0;
        for (Endpoint endpoint : RestEndpoints.all()) {
            if (endpoint.pathVariable() == null) {
                continue;
            }
            byte[] body = json(resolve(endpoint.validBody()));
            List<String> values = garbagePathSegments(random);
            planned += values.size();
            for (String value : values) {
                String path = resolvePath(endpoint.path().replace(endpoint.pathVariable(), value));
                Answer answer = http.send(
                        "POST",
                        url(endpoint.service(), path),
                        endpoint.account(),
                        staff.get(endpoint.account()).password(),
                        "application/json",
                        body);
                tried++;
                // A well-formed consent reference nobody recorded reaches the exchange, which refuses it: 403.
                assertRefused(
                        answer,
                        Set.of(400, 403, 404),
                        null,
                        Fuzz.replay(test) + ": POST " + endpoint.service() + " " + path);
            }
        }
        for (String agency : StaffAccounts.AGENCIES) {
            String viewer = agency + "-viewer";
            List<String[]> gets = new ArrayList<>();
            for (String value : garbagePathSegments(random)) {
                gets.add(new String[] {"/api/cases/" + value, "400,404"});
                gets.add(new String[] {"/api/referrals/" + value, "400,404"});
                gets.add(new String[] {"/api/events/" + value, "400,404"});
            }
            for (String value : garbageQueryValues(random)) {
                gets.add(new String[] {"/api/referrals?direction=" + value, "400"});
                gets.add(new String[] {"/api/referrals?status=" + value, "400"});
                gets.add(new String[] {"/api/referrals?subjectRef=" + value, "400"});
            }
            gets.add(new String[] {"/api/" + Fuzz.alphanumeric(random, 8), "404"});
            gets.add(new String[] {"/api/cases/KE-NONE-0000", "404"});
            gets.add(new String[] {"/api/referrals/REF-NONE-0000", "404"});
            planned += gets.size();
            for (String[] get : gets) {
                Answer answer = http.send(
                        "GET", url(agency, get[0]), viewer, staff.get(viewer).password(), null, null);
                tried++;
                Set<Integer> expected = new java.util.HashSet<>();
                for (String status : get[1].split(",")) {
                    expected.add(Integer.parseInt(status));
                }
                assertRefused(answer, expected, null, Fuzz.replay(test) + ": GET " + agency + " " + get[0]);
            }
            // Methods the API does not have: a 405, still in JSON.
            for (String[] call : List.of(
                    new String[] {"DELETE", "/api/cases"},
                    new String[] {"PUT", "/api/referrals"},
                    new String[] {"PATCH", "/api/consents"})) {
                String caseworker = agency + "-caseworker";
                Answer answer = http.send(
                        call[0],
                        url(agency, call[1]),
                        caseworker,
                        staff.get(caseworker).password(),
                        "application/json",
                        "{}".getBytes(StandardCharsets.UTF_8));
                tried++;
                planned++;
                assertRefused(
                        answer, Set.of(405), null, Fuzz.replay(test) + ": " + call[0] + " " + agency + " " + call[1]);
            }
        }
        Fuzz.report(EDGE, test, tried, planned, started);
        assertNoFailures(test);
    }

    /**
     * After the barrage, every endpoint still does its work, and the agencies downstream receive it: nothing is
     * blocked behind the refused requests.
     */
    @Test
    @Order(7)
    void afterTheBarrageEveryEndpointStillWorks() {
        long started = System.nanoTime();
        String subject = fixtures.get("{S}");
        String consent = fixtures.get("{C}");
        ServiceClient nctc = as("nctc-caseworker");
        int tried = 0;

        String iomReferral = fixtures.get("{R:iom}");
        recorded(as("iom-caseworker").post("/api/referrals/" + iomReferral + "/accept", Map.of()));
        recorded(as("iom-caseworker").post("/api/support", Map.of("referralId", iomReferral, "kind", "LIVELIHOOD")));
        recorded(as("iom-caseworker")
                .post("/api/referrals/" + iomReferral + "/complete", Map.of("outcome", "SERVICES_DELIVERED")));
        String ciccReferral = fixtures.get("{R:cicc}");
        recorded(as("cicc-caseworker")
                .post("/api/referrals/" + ciccReferral + "/accept", Map.of("expectedStartOn", "2026-03-01")));
        recorded(as("cicc-caseworker").post("/api/support", Map.of("referralId", ciccReferral, "kind", "MENTORSHIP")));
        recorded(as("cicc-caseworker")
                .post(
                        "/api/mentorship-sessions",
                        Map.of(
                                "referralId",
                                ciccReferral,
                                "format",
                                "FAMILY",
                                "participants",
                                List.of("SUBJECT", "PARENT"),
                                "durationMinutes",
                                60)));
        String countyReferral = fixtures.get("{R:county}");
        recorded(as("county-caseworker")
                .post("/api/support", Map.of("referralId", countyReferral, "kind", "EDUCATION")));
        recorded(as("county-caseworker")
                .post("/api/referrals/" + countyReferral + "/decline", Map.of("reasonCode", "OUT_OF_CAPACITY")));
        recorded(nctc.post(
                "/api/referrals/" + fixtures.get("{R:withdraw}") + "/withdraw",
                Map.of("reasonCode", org.ddrrbus.events.WithdrawalReason.values()[0].name())));
        tried += 9;

        recorded(as("nctc-supervisor")
                .post(
                        "/api/returnees/" + subject + "/phase",
                        Map.of("toPhase", "DERADICALISATION", "reason", "ASSESSMENT_COMPLETED")));
        recorded(as("nctc-supervisor").post("/api/returnees/" + subject + "/risk", Map.of("level", "LOW")));
        String newcomer = recorded(nctc.post("/api/returnees", returnee("Mombasa", "Kisauni", "AGE_18_24", "FEMALE")))
                .text("reference");
        // iom records consent only for a person it was told of (the referred one), never for one it was not.
        assertThat(as("iom-caseworker")
                        .post(
                                "/api/consents",
                                Map.of("subjectRef", newcomer, "purposes", List.of("reintegration-support")))
                        .status())
                .isEqualTo(404);
        recorded(as("iom-caseworker")
                .post("/api/consents", Map.of("subjectRef", subject, "purposes", List.of("reintegration-support"))));
        tried += 4;
        for (String agency : StaffAccounts.AGENCIES) {
            String withdrawn = recorded(nctc.post(
                            "/api/consents", Map.of("subjectRef", subject, "purposes", List.of("mentorship"))))
                    .text("reference");
            ServiceClient.Response answer = as(agency + "-caseworker")
                    .post("/api/consents/" + withdrawn + "/withdraw", Map.of("subjectRef", subject));
            // Only the agency that recorded a consent withdraws it.
            if (agency.equals("nctc")) {
                recorded(answer);
            } else {
                assertThat(answer.status())
                        .as(agency + " withdrawing nctc's consent")
                        .isEqualTo(403);
            }
            tried += 2;
        }
        for (String[] referral : List.of(
                new String[] {"nctc", "iom", "reintegration-support"},
                new String[] {"iom", "cicc", "mentorship"},
                new String[] {"county", "iom", "reintegration-support"})) {
            String id = recorded(as(referral[0] + "-caseworker")
                            .post(
                                    "/api/referrals",
                                    Map.of(
                                            "subjectRef",
                                            subject,
                                            "toAgency",
                                            referral[1],
                                            "county",
                                            "Kwale",
                                            "services",
                                            List.of("LIVELIHOOD"),
                                            "priority",
                                            "WITHIN_24_HOURS",
                                            "purpose",
                                            referral[2],
                                            "consentRef",
                                            consent)))
                    .text("reference");
            // Downstream too: the recipient's read model has it.
            awaitOk(as(referral[1] + "-viewer"), "/api/referrals/" + id);
            tried++;
        }
        recorded(as("iom-caseworker")
                .post(
                        "/api/border-returns",
                        Map.of("county", "Mandera", "borderPoint", "Liboi", "returnedFrom", "SO")));
        recorded(as("nctc-supervisor")
                .post("/api/community-risk", Map.of("county", "Lamu", "area", "Mpeketoni", "level", "LOW")));
        recorded(as("county-supervisor")
                .post("/api/community-risk", Map.of("county", "Lamu", "area", "Lamu West", "level", "MEDIUM")));
        tried += 3;
        Fuzz.report(EDGE, "afterTheBarrageEveryEndpointStillWorks", tried, 27, started);
    }

    /**
     * The erasure endpoint refuses what it must, each with its status and a one-line reason: a role other than
     * supervisor, another agency, a person unknown or already erased, a reason missing or off the list, a body too
     * large or with a field the endpoint does not know. One real erasure is asked for, of a person registered for it.
     */
    @Test
    @Order(8)
    void erasureIsRefusedToWhomAndForWhatItMustBe() {
        long started = System.nanoTime();
        String test = "erasureIsRefusedToWhomAndForWhatItMustBe";
        Random random = Fuzz.random(test);
        ServiceClient nctc = as("nctc-caseworker");
        String person = recorded(nctc.post("/api/returnees", returnee("Kwale", "Msambweni", "AGE_35_44", "FEMALE")))
                .text("reference");
        awaitOk(nctc, "/api/cases/" + person);
        String stranger = "KE-" + Fuzz.alphanumeric(random, 4).toUpperCase() + "-"
                + Fuzz.alphanumeric(random, 4).toUpperCase();
        byte[] valid = "{\"reason\":\"PERSON_REQUEST\"}".getBytes(StandardCharsets.UTF_8);
        int tried = 0;

        for (String account : List.of("nctc-caseworker", "nctc-viewer")) {
            assertRefused(erase("nctc", person, account, valid), Set.of(403), null, test + ": erasure as " + account);
            tried++;
        }
        // Another agency's supervisor, at its own service: erasure is the case owner's alone.
        assertRefused(erase("iom", person, "iom-supervisor", valid), Set.of(403, 404), null, test + ": iom erasing");
        assertRefused(erase("nctc", stranger, "nctc-supervisor", valid), Set.of(404), "subjectRef", test + ": unknown");
        assertRefused(
                erase("nctc", "Amina-Hassan", "nctc-supervisor", valid),
                Set.of(400, 404),
                null,
                test + ": a name for a case code");
        tried += 3;
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("{}", "reason");
        bodies.put("{\"reason\":null}", "reason");
        bodies.put("{\"reason\":\"UNSPECIFIED\"}", "reason");
        bodies.put("{\"reason\":\"" + Fuzz.alphanumeric(random, 12).toUpperCase() + "\"}", "reason");
        bodies.put("{\"reason\":\"PERSON_REQUEST\",\"name\":\"Amina Hassan\"}", "name");
        bodies.put("{\"reason\":\"PERSON_REQUEST\",\"note\":\"" + Fuzz.alphanumeric(random, 8) + "\"}", "note");
        for (var body : bodies.entrySet()) {
            assertRefused(
                    erase("nctc", person, "nctc-supervisor", body.getKey().getBytes(StandardCharsets.UTF_8)),
                    Set.of(400),
                    body.getValue(),
                    test + ": body " + body.getKey());
            tried++;
        }
        String padding = Fuzz.alphanumeric(random, Fuzz.between(random, 16_400, 100_000));
        assertRefused(
                erase(
                        "nctc",
                        person,
                        "nctc-supervisor",
                        ("{\"reason\":\"PERSON_REQUEST\",\"note\":\"" + padding + "\"}")
                                .getBytes(StandardCharsets.UTF_8)),
                Set.of(413),
                null,
                test + ": a body of " + padding.length());
        tried++;
        assertNoFailures(test);

        // Nothing above erased anyone: the person is erased now, once.
        Answer erased = erase("nctc", person, "nctc-supervisor", valid);
        assertThat(erased.status()).as(erased.toString()).isIn(201, 202);
        // Once nctc's own copy of the erasure is back in its inbox, the person is gone from its read model.
        Awaitility.await("the erased person gone from nctc's cases")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> nctc.get("/api/cases/" + person).status() == 404);
        assertRefused(erase("nctc", person, "nctc-supervisor", valid), Set.of(404), null, test + ": erased again");
        assertRefused(
                http.send(
                        "POST",
                        url("nctc", "/api/consents"),
                        "nctc-caseworker",
                        staff.get("nctc-caseworker").password(),
                        "application/json",
                        json(Map.of("subjectRef", person, "purposes", List.of("mentorship")))),
                Set.of(404),
                "subjectRef",
                test + ": consent of an erased person");
        tried += 3;
        Fuzz.report(EDGE, test, tried, tried, started);
        assertNoFailures(test);
    }

    private static Answer erase(String service, String subjectRef, String account, byte[] body) {
        return http.send(
                "POST",
                url(service, "/api/subjects/" + subjectRef + "/erasure"),
                account,
                staff.get(account).password(),
                "application/json",
                body);
    }

    /**
     * Last, because it locks accounts: wrong passwords are a 401 until an account has had five in a row, then a 429
     * however the next attempt is signed.
     */
    @Test
    @Order(9)
    void signInIsRequiredAndEachAgencySignsInOnlyAtItsOwnService() {
        long started = System.nanoTime();
        String test = "signInIsRequiredAndEachAgencySignsInOnlyAtItsOwnService";
        int tried = 0;
        int planned = 0;
        // Signed in, but with a role that may not do this: a viewer never writes, a caseworker moves no phases.
        for (Endpoint endpoint : RestEndpoints.all()) {
            byte[] body = json(resolve(endpoint.validBody()));
            String lesser = endpoint.account().endsWith("-supervisor")
                    ? endpoint.service() + "-caseworker"
                    : endpoint.service() + "-viewer";
            Answer answer = http.send(
                    "POST",
                    url(endpoint.service(), resolvePath(endpoint.path())),
                    lesser,
                    staff.get(lesser).password(),
                    "application/json",
                    body);
            tried++;
            planned++;
            assertRefused(answer, Set.of(403), null, Fuzz.replay(test) + ": " + endpoint.name() + " as " + lesser);
        }
        for (Endpoint endpoint : RestEndpoints.all()) {
            byte[] body = json(resolve(endpoint.validBody()));
            String other = StaffAccounts.AGENCIES.stream()
                    .filter(a -> !a.equals(endpoint.service()))
                    .findFirst()
                    .orElseThrow();
            String password = staff.get(endpoint.account()).password();
            List<String[]> strangers = List.of(
                    new String[] {"nobody", null, null},
                    new String[] {
                        "another agency's account",
                        other + "-supervisor",
                        staff.get(other + "-supervisor").password()
                    },
                    new String[] {"a wrong password", endpoint.account(), password + "x"},
                    new String[] {"an empty password", endpoint.account(), ""},
                    new String[] {"an unknown user", "intruder", password});
            planned += strangers.size();
            for (String[] stranger : strangers) {
                Answer answer = http.send(
                        "POST",
                        url(endpoint.service(), resolvePath(endpoint.path())),
                        stranger[1],
                        stranger[2],
                        "application/json",
                        body);
                tried++;
                // The first refusals are 401s; an account (or made-up name) refused five times in a row is locked.
                assertRefused(
                        answer,
                        stranger[1] == null ? Set.of(401) : Set.of(401, 429),
                        null,
                        Fuzz.replay(test) + ": " + endpoint.name() + " as " + stranger[0]);
            }
        }
        // Five more wrong passwords in a row lock any account for sure; then even its right password is refused.
        Map<String, Endpoint> byAccount = new LinkedHashMap<>();
        RestEndpoints.all().forEach(e -> byAccount.putIfAbsent(e.account(), e));
        for (Endpoint endpoint : byAccount.values()) {
            String target = url(endpoint.service(), resolvePath(endpoint.path()));
            byte[] body = json(resolve(endpoint.validBody()));
            String what = Fuzz.replay(test) + ": " + endpoint.name() + " as " + endpoint.account();
            for (int i = 0; i < 5; i++) {
                Answer wrong = http.send("POST", target, endpoint.account(), "wrong-" + i, "application/json", body);
                tried++;
                planned++;
                assertRefused(wrong, Set.of(401, 429), null, what + " with wrong password " + i);
            }
            Answer right = http.send(
                    "POST",
                    target,
                    endpoint.account(),
                    staff.get(endpoint.account()).password(),
                    "application/json",
                    body);
            tried++;
            planned++;
            assertRefused(right, Set.of(429), null, what + " once locked");
        }
        Fuzz.report(EDGE, test, tried, planned, started);
        assertNoFailures(test);
    }

    private static List<String> garbagePathSegments(Random random) {
        List<String> segments = new ArrayList<>(List.of(
                encode("Amina Hassan"),
                encode("REF-1\nREF-2"),
                encode("KE-7Q2M-4XJD\r\nX-Injected: 1"),
                encode("<script>"),
                encode("é世\uD83D\uDE00"),
                encode("' OR 1=1 --"),
                "..",
                "%2E%2E",
                "%252F",
                "a%2Fb",
                "a;b=c",
                "%00",
                Fuzz.alphanumeric(random, Fuzz.between(random, 2_000, 6_000)),
                "REF-NONE-" + Fuzz.alphanumeric(random, 6).toUpperCase(),
                encode(Fuzz.printable(random, Fuzz.between(random, 1, 40)))));
        return segments;
    }

    private static List<String> garbageQueryValues(Random random) {
        return List.of(
                encode("sideways"),
                encode("OPEN\n"),
                encode("Amina Hassan"),
                encode(Fuzz.printable(random, 30)),
                Fuzz.alphanumeric(random, 3000),
                "%FF%FE",
                encode(""));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Checks a refusal, keeping the failure to report with all the others at the end of the test. */
    private void assertRefused(Answer answer, Set<Integer> statuses, String field, String what) {
        try {
            assertRefusedNow(answer, statuses, field, what);
        } catch (AssertionError e) {
            String why = e.getMessage()
                    .lines()
                    .skip(1)
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .limit(4)
                    .reduce((a, b) -> a + " " + b)
                    .orElse("");
            failures.add(what.substring(what.indexOf(": ") + 2) + " -> " + answer + "  [" + why + "]");
        }
    }

    /** Fails the test with every input that was not refused as it should be. */
    private void assertNoFailures(String test) {
        if (!failures.isEmpty()) {
            org.junit.jupiter.api.Assertions.fail(Fuzz.replay(test) + ": " + failures.size()
                    + " inputs not refused as they should be:\n  " + String.join("\n  ", failures));
        }
    }

    /** A refusal as the design promises it: the status, JSON with a one-line reason, and the field when one is at fault. */
    private static void assertRefusedNow(Answer answer, Set<Integer> statuses, String field, String what) {
        assertThat(answer.status()).as(what + " -> " + answer).isIn(statuses);
        // RFC 9457: every refusal is a problem detail.
        assertThat(answer.contentType()).as(what + ": JSON -> " + answer).startsWith("application/problem+json");
        assertThat(answer.json()).as(what + ": a JSON body -> " + answer).isNotNull();
        assertThat(answer.json().path("status").asInt())
                .as(what + ": status in the body -> " + answer)
                .isEqualTo(answer.status());
        Fuzz.assertReadableLine(answer.text("reason"), what + " -> " + answer);
        if (field != null) {
            assertThat(answer.text("field"))
                    .as(what + ": the field at fault -> " + answer)
                    .isNotNull()
                    .matches(java.util.regex.Pattern.quote(field) + "(\\[[0-9]+\\].*)?");
        }
    }

    private static Answer post(Endpoint endpoint, String account, String contentType, byte[] body) {
        return http.send(
                "POST",
                url(endpoint.service(), resolvePath(endpoint.path())),
                account,
                staff.get(account).password(),
                contentType,
                body);
    }

    private static String url(String service, String path) {
        return system.url(service) + path;
    }

    private static int unique;

    private static String resolvePath(String path) {
        for (var fixture : fixtures.entrySet()) {
            path = path.replace(fixture.getKey(), fixture.getValue());
        }
        return path.replace("{UNIQUE}", "FUZZ-" + unique++);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(Map<String, Object> body) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        body.forEach((key, value) -> resolved.put(
                key,
                value instanceof String text
                        ? resolvePath(text)
                        : value instanceof List<?> list
                                ? list.stream()
                                        .map(v -> v instanceof String s ? resolvePath(s) : v)
                                        .toList()
                                : value));
        return resolved;
    }

    /** The body as JSON; {@link RawJson} values are written as they are. */
    private static byte[] json(Map<String, Object> body) {
        Map<String, Object> copy = new LinkedHashMap<>();
        Map<String, String> raw = new HashMap<>();
        body.forEach((key, value) -> {
            if (value instanceof RawJson r) {
                String token = "RAW-JSON-" + raw.size() + "-" + System.identityHashCode(r);
                raw.put(token, r.json());
                copy.put(key, token);
            } else {
                copy.put(key, value);
            }
        });
        String text = JSON.writeValueAsString(copy);
        for (var entry : raw.entrySet()) {
            text = text.replace("\"" + entry.getKey() + "\"", entry.getValue());
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ServiceClient as(String account) {
        StaffAccounts.Account a = staff.get(account);
        return new ServiceClient(system.url(a.service()), a.name(), a.password());
    }

    private static String referral(ServiceClient client, String subject, String to, String purpose, String consent) {
        return recorded(client.post("/api/referrals", StorySteps.referral(subject, to, purpose, consent, "LIVELIHOOD")))
                .text("reference");
    }

    private static void awaitOk(ServiceClient client, String path) {
        Awaitility.await(path)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> client.get(path).ok());
    }
}
