package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ddrrbus.launcher.story.StorySteps.created;
import static org.ddrrbus.launcher.story.StorySteps.events;
import static org.ddrrbus.launcher.story.StorySteps.eventually;
import static org.ddrrbus.launcher.story.StorySteps.referral;
import static org.ddrrbus.launcher.story.StorySteps.returnee;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.demo.ServiceClient.Response;
import org.ddrrbus.launcher.story.StorySteps;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.Connection;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The cross-agency story across the real services, the real exchange and a real locked-down broker: nctc registers
 * a returnee and refers them to iom and cicc; iom accepts, delivers and completes; cicc declines one referral and
 * records mentorship on another; nctc moves the person through the phases. Each agency sees only what is its own.
 */
class CrossAgencyStoryIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private static final TestBus bus = TestBus.shared();
    private static BusSystem system;
    private static StaffAccounts staff;

    @BeforeAll
    static void start() throws Exception {
        staff = StaffAccounts.inMemory();
        Path data = Files.createTempDirectory(scratch, "ddrr-story");
        system = BusSystem.start(
                new Connection(
                        bus.bootstrapServers(), "SASL_PLAINTEXT", bus.credentials(), Optional.empty(), bus.keysDir()),
                Ports.free(),
                staff,
                data);
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    private static ServiceClient as(String account) {
        StaffAccounts.Account a = staff.get(account);
        return new ServiceClient(system.url(a.service()), a.name(), a.password());
    }

    @Test
    void referralsFlowBetweenAgenciesAndEachSeesOnlyItsOwn() throws Exception {
        ServiceClient nctc = as("nctc-caseworker");
        ServiceClient nctcSupervisor = as("nctc-supervisor");
        ServiceClient iom = as("iom-caseworker");
        ServiceClient cicc = as("cicc-caseworker");
        ServiceClient county = as("county-caseworker");

        String subject = StorySteps.register(nctc);
        assertThat(subject).matches("KE-[A-Z0-9]{4}-[A-Z0-9]{4}");
        String consent = StorySteps.consent(nctc, subject, "reintegration-support", "mentorship");
        String livelihood = StorySteps.refer(nctc, subject, "iom", "reintegration-support", consent, "LIVELIHOOD");
        String declined = StorySteps.refer(nctc, subject, "cicc", "mentorship", consent, "MENTORSHIP");
        String mentored = StorySteps.refer(nctc, subject, "cicc", "mentorship", consent, "FAMILY_MENTORSHIP");

        eventually(iom, "/api/referrals/" + livelihood, r -> true);
        created(iom.post("/api/referrals/" + livelihood + "/accept", Map.of()));
        created(iom.post("/api/support", Map.of("referralId", livelihood, "kind", "LIVELIHOOD")));
        created(iom.post("/api/referrals/" + livelihood + "/complete", Map.of("outcome", "SERVICES_DELIVERED")));

        eventually(cicc, "/api/referrals/" + mentored, r -> true);
        created(cicc.post("/api/referrals/" + declined + "/decline", Map.of("reasonCode", "OUT_OF_CAPACITY")));
        created(cicc.post("/api/referrals/" + mentored + "/accept", Map.of()));
        created(cicc.post(
                "/api/mentorship-sessions",
                Map.of(
                        "referralId",
                        mentored,
                        "format",
                        "FAMILY",
                        "participants",
                        List.of("SUBJECT", "PARENT", "SIBLING"),
                        "durationMinutes",
                        90)));
        created(cicc.post(
                "/api/mentorship-sessions",
                Map.of(
                        "referralId",
                        mentored,
                        "format",
                        "ONE_TO_ONE",
                        "participants",
                        List.of("SUBJECT", "RELIGIOUS_LEADER"),
                        "durationMinutes",
                        60)));

        created(nctcSupervisor.post(
                "/api/returnees/" + subject + "/phase",
                Map.of("toPhase", "DERADICALISATION", "reason", "ASSESSMENT_COMPLETED")));
        created(nctcSupervisor.post(
                "/api/returnees/" + subject + "/phase",
                Map.of("toPhase", "REHABILITATION", "reason", "PROGRAMME_MILESTONE")));

        JsonNode completed = eventually(
                nctc,
                "/api/referrals/" + livelihood,
                r -> "COMPLETED".equals(r.get("status").asString()));
        assertThat(completed.get("outcome").asString()).isEqualTo("SERVICES_DELIVERED");
        assertThat(eventually(nctc, "/api/referrals/" + declined, r -> true)
                        .get("reasonCode")
                        .asString())
                .isEqualTo("OUT_OF_CAPACITY");
        JsonNode nctcCase = eventually(
                nctc,
                "/api/cases/" + subject,
                c -> events(c).stream().filter("MentorshipSessionHeld"::equals).count() == 2);
        assertThat(nctcCase.get("phase").asString()).isEqualTo("REHABILITATION");
        assertThat(events(nctcCase))
                .contains(
                        "ReturneeRegistered",
                        "ConsentRecorded",
                        "ReferralIssued",
                        "ReferralAccepted",
                        "SupportDelivered",
                        "ReferralCompleted",
                        "ReferralDeclined",
                        "PhaseChanged");

        JsonNode iomCase =
                eventually(iom, "/api/cases/" + subject, c -> events(c).contains("PhaseChanged"));
        assertThat(events(iomCase))
                .doesNotContain("MentorshipSessionHeld", "ReferralDeclined", "ReturneeRegistered", "ConsentRecorded");
        assertThat(iom.get("/api/referrals/" + mentored).status()).isEqualTo(404);
        JsonNode ciccCase =
                eventually(cicc, "/api/cases/" + subject, c -> events(c).contains("PhaseChanged"));
        assertThat(events(ciccCase)).doesNotContain("SupportDelivered", "ReferralCompleted");
        // The county receives registrations under its statutory duty, but the person consented to sharing for
        // reintegration support and mentorship only: no phase change, no referral reaches the county.
        assertThat(events(county.get("/api/cases/" + subject).body())).containsOnly("ReturneeRegistered");
        assertThat(county.get("/api/cases/" + subject).body().toString()).doesNotContain("VOLUNTARY_SURRENDER");
    }

    @Test
    void valuesOnTheBusReadWithPlainAvroAndTheSchemaFileAlone() throws Exception {
        ServiceClient nctc = as("nctc-caseworker");
        String subject = created(nctc.post("/api/returnees", returnee("Lamu", "Mpeketoni", "AGE_25_34", "MALE")))
                .text("reference");
        Schema schema;
        try (var in = getClass().getResourceAsStream("/ddrr-schemas/ReturneeRegistered/v1.avsc")) {
            schema = new Schema.Parser().parse(in);
        }

        List<ConsumerRecord<String, byte[]>> records =
                bus.awaitRecords("auditor", Topics.outbox("nctc"), r -> subject.equals(r.key()), 1);
        GenericRecord decoded = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), schema)
                .decode(records.get(0).value());

        assertThat(decoded.get("subjectRef").toString()).isEqualTo(subject);
        assertThat(decoded.get("county").toString()).isEqualTo("Lamu");
        assertThat(new String(records.get(0).headers().lastHeader("ce_type").value()))
                .isEqualTo("org.ddrrbus.events.ReturneeRegistered");
        assertThat(records.get(0).headers().lastHeader("ce_specversion")).isNotNull();
    }

    @Test
    void badInputIsAnsweredWithTheFieldAndTheReason() {
        ServiceClient nctc = as("nctc-caseworker");

        Response badPriority = nctc.post(
                "/api/referrals",
                Map.of(
                        "subjectRef",
                        "KE-AAAA-1111",
                        "toAgency",
                        "iom",
                        "county",
                        "Kwale",
                        "services",
                        List.of("LIVELIHOOD"),
                        "priority",
                        "SOON",
                        "purpose",
                        "reintegration-support",
                        "consentRef",
                        "C-1"));
        Response aName =
                nctc.post("/api/consents", Map.of("subjectRef", "Amina Hassan", "purposes", List.of("mentorship")));
        Response notJson = nctc.postRaw("/api/returnees", "{\"county\": ");
        Response unknownCounty = nctc.post("/api/returnees", returnee("Atlantis", "Old Town", "AGE_18_24", "FEMALE"));

        assertThat(badPriority.status()).isEqualTo(400);
        assertThat(badPriority.text("field")).isEqualTo("priority");
        assertThat(badPriority.text("reason")).contains("WITHIN_24_HOURS");
        assertThat(aName.status()).isEqualTo(400);
        assertThat(aName.text("field")).isEqualTo("subjectRef");
        assertThat(aName.text("reason")).contains("never a name");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(unknownCounty.status()).isEqualTo(400);
        assertThat(unknownCounty.text("field")).isEqualTo("county");
        assertThat(nctc.get("/api/cases/KE-NONE-0000").status()).isEqualTo(404);
        assertThat(nctc.get("/api/cases/KE-NONE-0000").text("reason")).contains("no case KE-NONE-0000");
        assertThat(badPriority.body().toString()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void signInIsRequiredAndRolesLimitWhatStaffMayDo() {
        ServiceClient anonymous = new ServiceClient(system.url("nctc"), null, null);
        ServiceClient wrongAgency = new ServiceClient(
                system.url("nctc"),
                "iom-supervisor",
                staff.get("iom-supervisor").password());

        assertThat(anonymous.get("/api/cases").status()).isEqualTo(401);
        assertThat(anonymous.get("/").status())
                .as("the work page sends a stranger to its sign-in form")
                .isEqualTo(302);
        assertThat(wrongAgency.get("/api/cases").status()).isEqualTo(401);
        Response viewer = as("nctc-viewer")
                .post("/api/consents", Map.of("subjectRef", "KE-AAAA-2222", "purposes", List.of("mentorship")));
        assertThat(viewer.status()).isEqualTo(403);
        Response caseworker = as("nctc-caseworker")
                .post(
                        "/api/returnees/KE-AAAA-2222/phase",
                        Map.of("toPhase", "REINTEGRATION", "reason", "PROGRAMME_MILESTONE"));
        assertThat(caseworker.status()).isEqualTo(403);
        assertThat(caseworker.text("reason"))
                .isEqualTo("role caseworker may not move a person between DDRR phases; it needs supervisor");
        Response notPermitted = as("cicc-caseworker")
                .post("/api/consents", Map.of("subjectRef", "KE-AAAA-2222", "purposes", List.of("mentorship")));
        assertThat(notPermitted.status()).isEqualTo(403);
        assertThat(notPermitted.text("reason"))
                .isEqualTo("the sharing agreement does not let cicc send ConsentRecorded");
    }

    @Test
    void referralWithoutConsentIsRefusedAndTheCaseworkerToldAtOnce() {
        ServiceClient nctc = as("nctc-caseworker");
        String subject = created(nctc.post("/api/returnees", returnee("Mombasa", "Kisauni", "AGE_18_24", "MALE")))
                .text("reference");

        Response refused = nctc.post(
                "/api/referrals", referral(subject, "iom", "reintegration-support", "CONSENT-NEVER", "LIVELIHOOD"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("reason")).contains("consent CONSENT-NEVER is not on record");
        assertThat(refused.text("eventId")).isNotBlank();
        assertThat(eventually(nctc, "/api/rejections", r -> r.toString().contains(refused.text("eventId")))
                        .toString())
                .contains("NO_CONSENT");
    }

    @Test
    void embassySeesOnlyCountsNeverASubject() {
        ServiceClient nctc = as("nctc-caseworker");
        // Twenty, so that the noise of a release (docs/dashboard.md) cannot plausibly take the count under five.
        for (int i = 0; i < 20; i++) {
            created(nctc.post("/api/returnees", returnee("Garissa", "Dadaab", "AGE_25_34", "MALE")));
        }
        ServiceClient embassy = new ServiceClient(
                system.url("embassy"), "embassy-dk", staff.get("embassy-dk").password());

        // Every county is listed, counted or not: the twenty are in once a release shows Garissa as a count.
        JsonNode figures = eventually(
                embassy,
                "/api/figures",
                f -> f.valueStream()
                        .filter(figure -> figure.get("key").asString().equals("returnees-by-county"))
                        .flatMap(figure -> figure.get("cells").valueStream())
                        .anyMatch(cell -> cell.get("label").asString().equals("Garissa")
                                && cell.get("value").asString().matches("[0-9]+|\\*")));

        assertThat(figures.toString()).doesNotContainPattern("KE-[A-Z0-9]{4}-[A-Z0-9]{4}");
        figures.valueStream()
                .forEach(figure -> figure.get("cells")
                        .valueStream()
                        .forEach(cell -> assertThat(cell.get("value").asString())
                                .as(figure.get("key").asString())
                                .matches("[0-9]+|<[0-9]+|\\*|[0-9.]+( [a-z]+)?|[A-Z_]+|-")));
        assertThat(embassy.post("/api/figures", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void withdrawnConsentStopsLaterReferralsAndReachesTheAgencyThatReliedOnIt() {
        ServiceClient nctc = as("nctc-caseworker");
        ServiceClient iom = as("iom-caseworker");
        String subject = created(nctc.post("/api/returnees", returnee("Kilifi", "Rabai", "AGE_35_44", "MALE")))
                .text("reference");
        String consent = created(nctc.post(
                        "/api/consents", Map.of("subjectRef", subject, "purposes", List.of("reintegration-support"))))
                .text("reference");
        created(nctc.post("/api/referrals", referral(subject, "iom", "reintegration-support", consent, "LIVELIHOOD")));

        created(nctc.post("/api/consents/" + consent + "/withdraw", Map.of("subjectRef", subject)));
        Response later =
                nctc.post("/api/referrals", referral(subject, "iom", "reintegration-support", consent, "PSYCHOSOCIAL"));

        assertThat(later.status()).isEqualTo(403);
        assertThat(later.text("reason")).contains("withdrawn");
        JsonNode iomCase =
                eventually(iom, "/api/cases/" + subject, c -> events(c).contains("ConsentWithdrawn"));
        assertThat(events(iomCase)).containsExactly("ReferralIssued", "ConsentWithdrawn");
    }

    @Test
    void malformedInboxRecordsAreSetAsideAndTheNextGoodOneStillArrives() throws Exception {
        String subject = "KE-BADX-0001";
        org.ddrrbus.client.envelope.EventCodec codec = new org.ddrrbus.client.envelope.EventCodec();
        var unsigned = codec.seal(
                Topics.inbox("iom"),
                codec.envelope("nctc", new org.ddrrbus.events.ReferralAccepted(subject, "REF-BAD-1", "iom", null)));
        try (var intruder = TestBus.producer(bus.broker().adminClientProperties())) {
            intruder.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            Topics.inbox("iom"),
                            null,
                            subject,
                            "not an event".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            unsigned.headers()))
                    .get();
            intruder.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            Topics.inbox("iom"),
                            null,
                            subject,
                            java.util.Arrays.copyOf(unsigned.value(), 12),
                            unsigned.headers()))
                    .get();
            intruder.send(unsigned).get();
        }
        ServiceClient nctc = as("nctc-caseworker");
        String good = created(nctc.post("/api/returnees", returnee("Lamu", "Faza", "AGE_18_24", "MALE")))
                .text("reference");
        String consent = created(nctc.post(
                        "/api/consents", Map.of("subjectRef", good, "purposes", List.of("reintegration-support"))))
                .text("reference");
        String referral = created(nctc.post(
                        "/api/referrals", referral(good, "iom", "reintegration-support", consent, "LIVELIHOOD")))
                .text("reference");

        eventually(as("iom-viewer"), "/api/referrals/" + referral, r -> true);
        List<ConsumerRecord<String, byte[]>> setAside =
                bus.awaitRecords("auditor", Topics.quarantineOf("iom"), r -> subject.equals(r.key()), 3);
        assertThat(setAside)
                .extracting(r ->
                        org.ddrrbus.client.quarantine.QuarantinedRecord.from(r).reason())
                .containsExactly("NOT_AVRO", "MALFORMED_BODY", "UNSIGNED");
        assertThat(setAside).allSatisfy(r -> {
            var record = org.ddrrbus.client.quarantine.QuarantinedRecord.from(r);
            assertThat(record.sourceTopic()).isEqualTo(Topics.inbox("iom"));
            assertThat(record.sourceOffset()).isNotNegative();
            assertThat(record.quarantinedBy()).isEqualTo("iom");
        });
    }

    @Test
    void everyServiceHasASmallPageBehindItsSignIn() throws Exception {
        for (String account : List.of("nctc-viewer", "iom-viewer", "cicc-viewer", "county-viewer", "embassy-dk")) {
            StaffAccounts.Account a = account.startsWith("embassy")
                    ? staff.all().stream()
                            .filter(x ->
                                    x.service().equals("embassy") && x.name().equals(account))
                            .findFirst()
                            .orElseThrow()
                    : staff.get(account);
            java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(system.url(a.service()) + "/"))
                                    .header(
                                            "Authorization",
                                            "Basic "
                                                    + java.util.Base64.getEncoder()
                                                            .encodeToString((a.name() + ":" + a.password())
                                                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());

            if (!a.service().equals("embassy")) {
                // The work pages sign staff in with a form and a session, not with HTTP Basic: machines use the API.
                assertThat(page.statusCode()).as(account).isEqualTo(302);
                assertThat(page.headers().firstValue("Location").orElse(""))
                        .as(account)
                        .endsWith("/login");
                continue;
            }
            assertThat(page.statusCode()).as(account).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse(""))
                    .as(account)
                    .startsWith("text/html");
            assertThat(page.body()).as(account).contains("Programme figures");
        }
    }
}
