package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ddrrbus.launcher.story.StorySteps.eventually;
import static org.ddrrbus.launcher.story.StorySteps.reference;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.ddrrbus.auditor.AuditMain;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ErasureConfirmation;
import org.ddrrbus.events.ErasureReceipt;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.demo.ServiceClient.Response;
import org.ddrrbus.launcher.story.ReferralStory;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.Connection;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Erasing a person after the whole referral story has played, across the real services, the real exchange and a
 * real locked-down broker: every component drops the person and confirms, nctc writes a signed receipt, nothing more
 * about the person is accepted, and the ledger still verifies.
 */
class ErasureIT {

    private static final TestBus bus = TestBus.shared();
    private static BusSystem system;
    private static BusSystem restarted;
    private static StaffAccounts staff;
    private static BusSystem.Settings settings;

    @BeforeAll
    static void start() throws Exception {
        staff = StaffAccounts.inMemory();
        Path data = Files.createTempDirectory("ddrr-erasure");
        Connection connection = new Connection(
                bus.bootstrapServers(), "SASL_PLAINTEXT", bus.credentials(), Optional.empty(), bus.keysDir());
        settings = new BusSystem.Settings() {
            @Override
            public List<String> connection(String component) {
                return connection.arguments(BusSystem.principalOf(component));
            }

            @Override
            public List<StaffAccounts.Account> staff(String component) {
                return staff.forService(component);
            }

            @Override
            public Path stateDir(String component) {
                return data.resolve(component);
            }
        };
        system = BusSystem.start(settings, Ports.free(), BusSystem.COMPONENTS);
    }

    @AfterAll
    static void stop() {
        if (restarted != null) {
            restarted.close();
        }
        system.close();
    }

    private static ServiceClient as(String account) {
        StaffAccounts.Account a = staff.get(account);
        return new ServiceClient(system.url(a.service()), a.name(), a.password());
    }

    @Test
    void anErasedPersonIsDroppedEverywhereWithAReceiptAndTheLedgerStillVerifies() {
        ReferralStory story = ReferralStory.play((agency, role) -> as(agency + "-" + role));
        String subject = story.subject();
        eventually(as("county-caseworker"), "/api/cases/" + subject, c -> true);
        ServiceClient supervisor = as("nctc-supervisor");

        Response erased = supervisor.post("/api/subjects/" + subject + "/erasure", Map.of("reason", "PERSON_REQUEST"));

        assertThat(erased.status()).as(erased.body().toString()).isEqualTo(201);
        JsonNode done = eventually(
                supervisor,
                "/api/subjects/" + subject + "/erasure",
                e -> !e.get("receiptId").isNull());
        List<String> confirmed = new ArrayList<>();
        done.get("confirmations").forEach(c -> confirmed.add(c.get("component").asString()));
        assertThat(confirmed).containsExactly("cicc", "county", "exchange", "iom", "nctc");
        assertThat(done.get("awaiting")).isEmpty();

        for (String account : List.of("nctc-caseworker", "iom-caseworker", "cicc-caseworker", "county-caseworker")) {
            assertThat(as(account).get("/api/cases/" + subject).status())
                    .as(account)
                    .isEqualTo(404);
        }
        assertThat(as("iom-caseworker")
                        .get("/api/referrals/" + story.livelihood())
                        .status())
                .isEqualTo(404);
        assertThat(as("cicc-caseworker")
                        .get("/api/referrals/" + story.mentorship())
                        .status())
                .isEqualTo(404);
        Response more = as("nctc-caseworker")
                .post("/api/consents", Map.of("subjectRef", subject, "purposes", List.of("mentorship")));
        assertThat(more.status()).isEqualTo(404);
        assertThat(more.body().toString()).contains("erased");

        ErasureReceipt receipt = receiptOnTheLedger(subject);
        assertThat(receipt.getConfirmations())
                .extracting(ErasureConfirmation::getComponent)
                .containsExactly("cicc", "county", "exchange", "iom", "nctc");

        Result trace = audit("trace", subject, "--purpose", "oversight", "--format", "table");
        assertThat(trace.exit()).as(trace.err()).isZero();
        assertThat(trace.out()).contains("ErasureReceipt", "SubjectErased", "ErasureConfirmed");
        assertThat(trace.out())
                .contains("ERASURE RECEIPT of " + subject + " by nctc (verified): reason PERSON_REQUEST")
                .containsPattern("exchange +confirmed at 20")
                .containsPattern("county +confirmed at 20");
        Result verify = audit("verify", "--all", "--purpose", "oversight");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
    }

    @Test
    void badErasureRequestsAreAnsweredInOneLine() {
        String subject = reference(as("nctc-caseworker")
                .post(
                        "/api/returnees",
                        Map.of(
                                "county",
                                "Kwale",
                                "areaOfReturn",
                                "Msambweni",
                                "ageBand",
                                "AGE_25_34",
                                "gender",
                                "MALE")));
        ServiceClient supervisor = as("nctc-supervisor");
        String path = "/api/subjects/" + subject + "/erasure";

        assertThat(as("nctc-caseworker")
                        .post(path, Map.of("reason", "PERSON_REQUEST"))
                        .status())
                .isEqualTo(403);
        assertThat(as("iom-supervisor")
                        .post(path, Map.of("reason", "PERSON_REQUEST"))
                        .status())
                .isIn(403, 404);
        Response noReason = supervisor.post(path, Map.of());
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body().toString()).contains("reason");
        assertThat(supervisor.post(path, Map.of("reason", "BECAUSE")).status()).isEqualTo(400);
        assertThat(supervisor.post(path, Map.of("reason", "UNSPECIFIED")).status())
                .isEqualTo(400);
        assertThat(supervisor
                        .post("/api/subjects/KE-ZZZZ-ZZZZ/erasure", Map.of("reason", "PERSON_REQUEST"))
                        .status())
                .isEqualTo(404);
        assertThat(supervisor.get("/api/subjects/KE-ZZZZ-ZZZZ/erasure").status())
                .isEqualTo(404);

        assertThat(supervisor
                        .post(path, Map.of("reason", "NO_LONGER_NECESSARY"))
                        .status())
                .isEqualTo(201);
        Response again = supervisor.post(path, Map.of("reason", "NO_LONGER_NECESSARY"));
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body().toString()).contains("already erased");
    }

    @Test
    void anErasureAServiceMissedWhileDownCompletesWhenItIsBack() {
        String subject = reference(as("nctc-caseworker")
                .post(
                        "/api/returnees",
                        Map.of(
                                "county",
                                "Kilifi",
                                "areaOfReturn",
                                "Malindi",
                                "ageBand",
                                "AGE_25_34",
                                "gender",
                                "MALE")));
        eventually(as("county-caseworker"), "/api/cases/" + subject, c -> true);
        ServiceClient supervisor = as("nctc-supervisor");
        system.stop("county");

        assertThat(supervisor
                        .post("/api/subjects/" + subject + "/erasure", Map.of("reason", "UNLAWFUL_PROCESSING"))
                        .status())
                .isEqualTo(201);
        JsonNode waiting = eventually(
                supervisor,
                "/api/subjects/" + subject + "/erasure",
                e -> e.get("awaiting").size() == 1);
        assertThat(waiting.get("awaiting").get(0).asString()).isEqualTo("county");
        assertThat(waiting.get("receiptId").isNull()).isTrue();

        restarted = BusSystem.start(settings, system.ports(), List.of("county"));

        JsonNode done = eventually(
                supervisor,
                "/api/subjects/" + subject + "/erasure",
                e -> !e.get("receiptId").isNull());
        assertThat(done.get("awaiting")).isEmpty();
        assertThat(as("county-caseworker").get("/api/cases/" + subject).status())
                .isEqualTo(404);
    }

    private static ErasureReceipt receiptOnTheLedger(String subject) {
        EventCodec codec = new EventCodec();
        List<ErasureReceipt> found = new ArrayList<>();
        Awaitility.await("the receipt on nctc's outbox")
                .atMost(Duration.ofSeconds(60))
                .until(() -> {
                    for (ConsumerRecord<String, byte[]> r : bus.readAll("auditor", Topics.outbox("nctc"))) {
                        if (subject.equals(r.key())
                                && codec.open(r) instanceof Opened.Valid valid
                                && valid.envelope().event() instanceof ErasureReceipt receipt) {
                            found.add(receipt);
                        }
                    }
                    return !found.isEmpty();
                });
        return found.get(0);
    }

    private record Result(int exit, String out, String err) {}

    private static Result audit(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(
                command,
                "--bootstrap",
                bus.bootstrapServers(),
                "--password",
                bus.passwordOf("auditor"),
                "--keys-dir",
                bus.keysDir().toString(),
                "--as",
                "erasure-it",
                "--timeout",
                "20"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AuditMain.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }
}
