package org.ddrrbus.casework.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.ddrrbus.casework.inbox.InboxProjection;
import org.ddrrbus.casework.publish.Outbox;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.ErasureReason;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.events.SupportDelivered;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web layer of iom's service over real HTTP: the real controllers, security, validation and problem details, with
 * the read models fed directly instead of from an inbox and the outbox a recorder of what would have been published.
 * No broker: what this checks is what a request is answered, and which event it sends, if any.
 */
class CaseworkWebTest {

    private static final String PERSON = "KE-7Q2M-4XJD";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventCodec CODEC = new EventCodec();

    /** The agency's outbox as the web layer sees it: what was sent, acknowledged at once. */
    static final class RecordingOutbox implements Outbox {

        final List<ProducerRecord<String, byte[]>> sent = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
            sent.add(record);
            return CompletableFuture.completedFuture(new RecordMetadata(
                    new TopicPartition(record.topic(), 0), sent.size() - 1, 0, System.currentTimeMillis(), 0, 0));
        }

        List<SpecificRecord> events() {
            return sent.stream().map(r -> CODEC.decode(r.value())).toList();
        }
    }

    /** The casework library as a service assembles it, less the inbox's Kafka consumer and the Kafka clients. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @ComponentScan(
            basePackages = "org.ddrrbus.casework",
            excludeFilters =
                    @ComponentScan.Filter(
                            type = FilterType.REGEX,
                            pattern = {
                                ".*\\.Casework",
                                ".*\\.KafkaWiring",
                                ".*\\.KafkaOutbox",
                                ".*\\.InboxConsumer",
                                ".*\\.InboxReadiness",
                                ".*\\.EventsController",
                                ".*Test.*"
                            }))
    @EnableConfigurationProperties(ServiceProperties.class)
    static class Slice {

        @Bean
        Agency agency() {
            return new Agency("iom");
        }

        @Bean
        RecordingOutbox outbox() {
            return new RecordingOutbox();
        }

        /** iom's own key, in a directory of one that says it speaks for iom. */
        @Bean
        SigningKeys signingKeys() throws IOException {
            PrivateKeys own = PrivateKeys.at(Files.createDirectories(scratch.resolve("keys")), "iom");
            SigningKey key = own.ensureOne();
            return new SigningKeys(own, KeyRing.of(key), Clock.systemUTC());
        }
    }

    /** iom's keys and Tomcat's scratch folder, removed after the class. */
    @TempDir
    static Path scratch;

    private static ConfigurableApplicationContext service;
    private static String base;
    private static RecordingOutbox outbox;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Map<String, Object> settings = new HashMap<>(ServiceDefaults.of("iom", 0));
        // The readiness group names the inbox's indicator, which this slice leaves out.
        settings.put("management.endpoint.health.validate-group-membership", "false");
        settings.put("ddrr.service.delivery-wait", "0s");
        settings.put("server.tomcat.basedir", scratch.resolve("tomcat").toString());
        settings.put("ddrr.bus.agreement", nodeCopyOfTheAgreement().toString());
        settings.put("ddrr.service.users[0].name", "caseworker");
        settings.put("ddrr.service.users[0].password", "cw-password-1");
        settings.put("ddrr.service.users[0].role", "CASEWORKER");
        settings.put("ddrr.service.users[1].name", "viewer");
        settings.put("ddrr.service.users[1].password", "viewer-password-1");
        settings.put("ddrr.service.users[1].role", "VIEWER");
        settings.put("ddrr.service.monitoring.name", "monitor");
        settings.put("ddrr.service.monitoring.password", "monitor-password-1");
        service = new SpringApplicationBuilder(Slice.class)
                .properties(settings)
                .properties(Map.of("spring.main.log-startup-info", "false"))
                .run();
        base = "http://127.0.0.1:"
                + ((WebServerApplicationContext) service).getWebServer().getPort();
        outbox = service.getBean(RecordingOutbox.class);
        // What iom's inbox would have brought: nctc registered the person and referred them to iom.
        feed("nctc", registered());
        feed("nctc", referral("REF-WEB-0001"));
        feed("nctc", referral("REF-WEB-0002"));
    }

    /** Where {@code ./ddrr up} gives a node its own copy of the agreement, which its owner never edits. */
    private static Path nodeCopyOfTheAgreement() {
        try (InputStream shipped = AgreementLoader.class.getResourceAsStream("/" + AgreementLoader.FILE_NAME)) {
            Path copy =
                    Files.createDirectories(scratch.resolve("data/nodes/iom")).resolve("agreement.yaml");
            Files.copy(shipped, copy);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void forgetWhatWasSent() {
        outbox.sent.clear();
    }

    private static void feed(String sender, SpecificRecord event) {
        var envelope = CODEC.envelope(sender, event);
        service.getBeansOfType(InboxProjection.class)
                .values()
                .forEach(projection -> projection.apply(envelope, "reintegration-support", List.of()));
    }

    private static ReturneeRegistered registered() {
        return registered(PERSON);
    }

    private static ReturneeRegistered registered(String person) {
        return new ReturneeRegistered(
                person,
                "Kwale",
                "Msambweni",
                AgeBand.AGE_18_24,
                Gender.FEMALE,
                ReturnRoute.VOLUNTARY_SURRENDER,
                Phase.DISENGAGEMENT,
                LocalDate.of(2026, 3, 2));
    }

    private static ReferralIssued referral(String id) {
        return new ReferralIssued(
                PERSON,
                id,
                "iom",
                "Kwale",
                List.of(ServiceKind.LIVELIHOOD),
                Priority.WITHIN_2_WEEKS,
                "reintegration-support",
                "CONSENT-WEB-0001");
    }

    private record Answer(int status, JsonNode body) {

        String text(String field) {
            JsonNode value = body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }
    }

    /** A browser signed in to the pages through the login form, as staff sign in. */
    private HttpClient signedIn(String user, String password) throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .build();
        String form = browser.send(
                        HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                .matcher(form);
        assertThat(token.find()).as(form).isTrue();
        HttpResponse<String> signIn = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=" + user + "&password=" + password + "&_csrf=" + token.group(1)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        return browser;
    }

    private Answer get(String user, String password, String path) throws Exception {
        return send(
                user, password, HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private Answer post(String user, String password, String path, Object body) throws Exception {
        return send(
                user,
                password,
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private Answer asCaseworker(String path, Object body) throws Exception {
        return post("caseworker", "cw-password-1", path, body);
    }

    private Answer send(String user, String password, HttpRequest.Builder request) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(
                request.header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Answer(
                response.statusCode(), body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body));
    }

    @Test
    void acceptingAnIncomingReferralPublishesTheAcceptanceToItsReferrer() throws Exception {
        Answer answer = asCaseworker("/api/referrals/REF-WEB-0001/accept", Map.of("expectedStartOn", "2026-03-09"));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        assertThat(answer.text("delivery")).isEqualTo("pending");
        assertThat(answer.text("reference")).isEqualTo("REF-WEB-0001");
        assertThat(outbox.sent).extracting(ProducerRecord::topic).containsExactly(Topics.outbox("iom"));
        assertThat(outbox.events())
                .containsExactly(new ReferralAccepted(PERSON, "REF-WEB-0001", "nctc", LocalDate.of(2026, 3, 9)));
    }

    @Test
    void supportIsRecordedOnAnOpenReferralAndReportedToItsReferrer() throws Exception {
        Answer answer = asCaseworker(
                "/api/support",
                Map.of("referralId", "REF-WEB-0002", "kind", "LIVELIHOOD", "deliveredOn", "2026-03-10"));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(202);
        assertThat(outbox.events())
                .containsExactly(new SupportDelivered(
                        PERSON, "REF-WEB-0002", "nctc", ServiceKind.LIVELIHOOD, LocalDate.of(2026, 3, 10)));
    }

    @Test
    void aReferralIssuedByIomIsRefusedForAPurposeItsRecipientDoesNotServe() throws Exception {
        Answer answer = asCaseworker(
                "/api/referrals",
                Map.of(
                        "subjectRef", PERSON,
                        "toAgency", "cicc",
                        "county", "Kwale",
                        "services", List.of("MENTORSHIP"),
                        "priority", "WITHIN_2_WEEKS",
                        "purpose", "oversight",
                        "consentRef", "CONSENT-WEB-0001"));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
        assertThat(answer.text("field")).isIn("purpose", "toAgency");
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void aRefusedRequestIsAProblemNamingTheFieldAndTheReason() throws Exception {
        Answer answer = get("caseworker", "cw-password-1", "/api/referrals?direction=sideways");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("status")).isEqualTo("400");
        assertThat(answer.text("field")).isEqualTo("direction");
        assertThat(answer.text("reason")).isEqualTo("must be incoming or outgoing");
    }

    @Test
    void completingAReferralNotYetAcceptedIsRefusedAndSendsNothing() throws Exception {
        Answer answer = asCaseworker("/api/referrals/REF-WEB-0002/complete", Map.of("outcome", "SERVICES_DELIVERED"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("reason"))
                .isEqualTo("referral REF-WEB-0002 is issued; only an accepted referral can be completed");
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void aValueOutsideAClosedListIsRefusedListingTheAcceptedValues() throws Exception {
        Answer answer = asCaseworker("/api/referrals/REF-WEB-0002/complete", Map.of("outcome", "FINISHED"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("field")).isEqualTo("outcome");
        assertThat(answer.text("reason"))
                .isEqualTo("must be one of SERVICES_DELIVERED, PARTIALLY_DELIVERED, SUBJECT_STOPPED_ATTENDING,"
                        + " TRANSFERRED, OTHER");
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void aFieldGivenTwiceIsRefusedNamingIt() throws Exception {
        Answer answer = send(
                "caseworker",
                "cw-password-1",
                HttpRequest.newBuilder(URI.create(base + "/api/referrals/REF-WEB-0002/complete"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"outcome\":\"OTHER\",\"outcome\":\"TRANSFERRED\"}")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text("field")).isEqualTo("outcome");
        assertThat(answer.text("reason")).isEqualTo("appears twice in the body");
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void theCaseFileOfAnErasedPersonIsNotFoundInTheWordsAWriteAboutThemIsRefusedIn() throws Exception {
        String erased = "KE-ERAS-ED22";
        feed("nctc", registered(erased));
        feed("nctc", new SubjectErased(erased, LocalDate.of(2026, 3, 20), ErasureReason.PERSON_REQUEST));

        Answer read = get("viewer", "viewer-password-1", "/api/cases/" + erased);
        Answer write = asCaseworker(
                "/api/consents", Map.of("subjectRef", erased, "purposes", List.of("reintegration-support")));

        assertThat(read.status()).isEqualTo(404);
        assertThat(read.text("field")).isEqualTo("subjectRef");
        assertThat(read.text("reason"))
                .isEqualTo("KE-ERAS-ED22 was erased by its case owner: nothing more is recorded about the person");
        assertThat(write.status()).isEqualTo(404);
        assertThat(write.text("reason")).isEqualTo(read.text("reason"));
        // The staff page of the case says the same.
        HttpResponse<String> page = signedIn("viewer", "viewer-password-1")
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/cases/" + erased))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains(read.text("reason")).doesNotContain("is known to this agency");
    }

    @Test
    void anUnlistedPlaceNamesTheFileTheOwnerEditsNotTheNodesCopyOfIt() {
        PlaceLists places = service.getBean(PlaceLists.class);

        assertThatThrownBy(() -> places.area("areaOfReturn", "Kwale", "Amina Hassan"))
                .isInstanceOfSatisfying(ApiException.class, refusal -> {
                    assertThat(refusal.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                    assertThat(refusal.field()).isEqualTo("areaOfReturn");
                    assertThat(refusal.getMessage())
                            .isEqualTo("areaOfReturn 'Amina Hassan' is not a place listed under places.areas.Kwale of"
                                    + " the sharing agreement (listed: Kinango, Lunga Lunga, Matuga, Msambweni); the"
                                    + " list is kept in config/sharing-agreement.yaml");
                });
    }

    @Test
    void anUnknownReferralIsNotFound() throws Exception {
        Answer answer = asCaseworker("/api/referrals/REF-NONE-0001/accept", Map.of());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.text("reason")).isEqualTo("no referral REF-NONE-0001 addressed to iom");
    }

    @Test
    void aViewerReadsTheReferralsButMayNotAnswerOne() throws Exception {
        Answer list = get("viewer", "viewer-password-1", "/api/referrals?direction=incoming");
        Answer accept = post("viewer", "viewer-password-1", "/api/referrals/REF-WEB-0001/decline", Map.of());

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().findValuesAsString("referralId")).contains("REF-WEB-0001", "REF-WEB-0002");
        assertThat(accept.status()).isEqualTo(403);
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void anAgencyTheAgreementDoesNotLetAssessCommunitiesIsForbidden() throws Exception {
        Answer answer =
                asCaseworker("/api/community-risk", Map.of("county", "Kwale", "area", "Msambweni", "level", "LOW"));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(outbox.sent).isEmpty();
    }

    @Test
    void consentIsRecordedOnlyAboutAPersonRegisteredHere() throws Exception {
        Answer unknown = asCaseworker(
                "/api/consents", Map.of("subjectRef", "KE-ZZZZ-ZZZZ", "purposes", List.of("reintegration-support")));
        Answer known = asCaseworker(
                "/api/consents", Map.of("subjectRef", PERSON, "purposes", List.of("reintegration-support")));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("field")).isEqualTo("subjectRef");
        assertThat(known.status()).as(known.body().toString()).isEqualTo(202);
        assertThat(outbox.events())
                .singleElement()
                .extracting(e -> e.getSchema().getName())
                .isEqualTo("ConsentRecorded");
    }

    @Test
    void withoutAPasswordNothingIsAnswered() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/referrals"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void theMonitoringAccountReadsTheMetricsAndNothingElse() throws Exception {
        HttpResponse<String> metrics = raw("monitor", "monitor-password-1", "/actuator/prometheus", "en");
        Answer api = get("monitor", "monitor-password-1", "/api/referrals?direction=incoming");
        Answer write = post("monitor", "monitor-password-1", "/api/referrals/REF-WEB-0001/decline", Map.of());
        HttpResponse<String> health = raw("monitor", "monitor-password-1", "/actuator/health", "en");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.text("reason")).isEqualTo("the monitoring account may only read /actuator/prometheus");
        assertThat(write.status()).isEqualTo(403);
        assertThat(outbox.sent).isEmpty();
        // The probes answer it as anyone, without the details only staff see.
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).doesNotContain("components");
        assertThat(raw("viewer", "viewer-password-1", "/actuator/health", "en").body())
                .contains("components");
    }

    @Test
    void theMonitoringAccountSignsInToThePagesButIsShownNone() throws Exception {
        HttpClient browser = signedIn("monitor", "monitor-password-1");

        HttpResponse<String> page = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> cases = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/cases/" + PERSON)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body()).doesNotContain("REF-WEB-0001");
        assertThat(cases.statusCode()).isEqualTo(403);
    }

    @Test
    void refusalsOnlyTheApiGivesAreSaidInKiswahiliWhenTheCallerAsks() throws Exception {
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/referrals"))
                        .header("Accept-Language", "sw-KE,sw;q=0.9,en;q=0.5")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Answer viewer = problem(raw(
                "viewer",
                "viewer-password-1",
                HttpRequest.newBuilder(URI.create(base + "/api/referrals/REF-WEB-0001/decline"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                "sw"));
        Answer unknown = problem(raw(
                "caseworker",
                "cw-password-1",
                HttpRequest.newBuilder(URI.create(base + "/api/referrals/REF-NONE-0001/accept"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")),
                "sw"));
        Answer monitor = problem(raw("monitor", "monitor-password-1", "/api/referrals", "sw"));
        Answer english = problem(raw("monitor", "monitor-password-1", "/api/referrals", "fr, en;q=0.5"));
        // Spring's own refusal of a method, through the bundles too; its headers (Allow) kept.
        HttpResponse<String> wrongMethod =
                raw("caseworker", "cw-password-1", "/api/referrals/REF-WEB-0001/decline", "sw");
        Answer wrongMethodInEnglish =
                problem(raw("caseworker", "cw-password-1", "/api/referrals/REF-WEB-0001/decline", "en"));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).get("detail").asString())
                .isEqualTo("ingia kwa akaunti ya shirika lako");
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.text("detail")).isEqualTo("jukumu la mtazamaji linaweza kusoma tu");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("detail")).isEqualTo("Hakuna rufaa REF-NONE-0001 iliyotumwa kwa iom.");
        assertThat(monitor.text("detail"))
                .isEqualTo("akaunti ya ufuatiliaji inaweza kusoma /actuator/prometheus pekee");
        // Any other language, or none: English, the API's default.
        assertThat(english.text("detail")).isEqualTo("the monitoring account may only read /actuator/prometheus");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(problem(wrongMethod).text("detail"))
                .isEqualTo("anwani hii haipokei ombi la aina hii: fungua ukurasa tena na utume fomu yake");
        assertThat(wrongMethodInEnglish.text("detail")).isEqualTo("Request method 'GET' is not supported");
        assertThat(outbox.sent).isEmpty();
    }

    private HttpResponse<String> raw(String user, String password, String path, String language) throws Exception {
        return raw(
                user, password, HttpRequest.newBuilder(URI.create(base + path)).GET(), language);
    }

    private HttpResponse<String> raw(String user, String password, HttpRequest.Builder request, String language)
            throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(
                request.header("Authorization", "Basic " + basic)
                        .header("Accept-Language", language)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Answer problem(HttpResponse<String> response) {
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }
}
