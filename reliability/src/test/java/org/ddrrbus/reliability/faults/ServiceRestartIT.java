package org.ddrrbus.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ddrrbus.launcher.story.StorySteps.returnee;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.story.Stage;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A partner service is killed (SIGKILL, a separate process) and started again: it rebuilds its read model from its
 * inbox and answers exactly as before.
 */
class ServiceRestartIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private static final TestBus bus = TestBus.shared();
    private static BusSystem system;
    private static StaffAccounts staff;
    private static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        staff = StaffAccounts.inMemory();
        system = Stage.on(bus, staff, Files.createTempDirectory(scratch, "service-restart"));
    }

    @AfterAll
    static void stop() {
        processes.forEach(Process::destroyForcibly);
        system.close();
    }

    private static ServiceClient as(String account) {
        StaffAccounts.Account a = staff.get(account);
        return new ServiceClient(system.url(a.service()), a.name(), a.password());
    }

    private static Process startIomProcess(Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dorg.springframework.boot.logging.LoggingSystem=none",
                "-cp",
                System.getProperty("java.class.path"),
                "org.ddrrbus.iom.IomApplication"));
        command.addAll(system.arguments("iom"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        processes.add(process);
        return process;
    }

    /** Waits until the service answers exactly {@code expected}: a rebuilding read model may answer partly at first. */
    private static void answersAgain(ServiceClient client, String path, JsonNode expected) {
        JsonNode[] last = new JsonNode[1];
        try {
            Awaitility.await(path)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300))
                    .ignoreExceptions()
                    .until(() -> {
                        last[0] = client.get(path).body();
                        return expected.equals(last[0]);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            assertThat(last[0]).as(path + " after the restart").isEqualTo(expected);
        }
    }

    private static JsonNode answered(ServiceClient client, String path) {
        JsonNode[] body = new JsonNode[1];
        Awaitility.await(path)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(() -> {
                    ServiceClient.Response response = client.get(path);
                    body[0] = response.body();
                    return response.ok();
                });
        return body[0];
    }

    @Test
    void killedServiceRebuildsItsReadModelFromItsInboxAndAnswersTheSame() throws Exception {
        ServiceClient nctc = as("nctc-caseworker");
        ServiceClient iom = as("iom-caseworker");
        String subject = nctc.post("/api/returnees", returnee("Kilifi", "Malindi", "AGE_25_34", "FEMALE"))
                .text("reference");
        // A person is registered with nctc once the registration is back in its inbox (at once unless it answered 202).
        answered(nctc, "/api/cases/" + subject);
        String consent = nctc.post(
                        "/api/consents", Map.of("subjectRef", subject, "purposes", List.of("reintegration-support")))
                .text("reference");
        List<String> referrals = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            referrals.add(nctc.post(
                            "/api/referrals",
                            Map.of(
                                    "subjectRef",
                                    subject,
                                    "toAgency",
                                    "iom",
                                    "county",
                                    "Kilifi",
                                    "services",
                                    List.of("LIVELIHOOD"),
                                    "priority",
                                    "WITHIN_72_HOURS",
                                    "purpose",
                                    "reintegration-support",
                                    "consentRef",
                                    consent))
                    .text("reference"));
        }
        answered(iom, "/api/referrals/" + referrals.get(2));
        assertThat(iom.post("/api/referrals/" + referrals.get(0) + "/accept", Map.of())
                        .status())
                .isEqualTo(201);
        assertThat(iom.post("/api/support", Map.of("referralId", referrals.get(0), "kind", "LIVELIHOOD"))
                        .status())
                .isEqualTo(201);
        assertThat(iom.post("/api/referrals/" + referrals.get(0) + "/complete", Map.of("outcome", "SERVICES_DELIVERED"))
                        .status())
                .isEqualTo(201);
        assertThat(iom.post("/api/referrals/" + referrals.get(1) + "/decline", Map.of("reasonCode", "OUT_OF_CAPACITY"))
                        .status())
                .isEqualTo(201);
        String casePath = "/api/cases/" + subject;
        String referralsPath = "/api/referrals?subjectRef=" + subject;
        JsonNode caseBefore = iom.get(casePath).body();
        JsonNode referralsBefore = iom.get(referralsPath).body();

        system.stop("iom");
        Path log = Path.of("target", "service-restart.log");
        Files.createDirectories(log.getParent());
        Process first = startIomProcess(log);
        answersAgain(iom, casePath, caseBefore);
        first.destroyForcibly();
        assertThat(first.waitFor()).as("killed by SIGKILL").isEqualTo(137);
        startIomProcess(log);

        answersAgain(iom, casePath, caseBefore);
        answersAgain(iom, referralsPath, referralsBefore);
        assertThat(referralsBefore.toString()).contains("COMPLETED", "DECLINED", "ISSUED");
        assertThat(iom.post("/api/referrals/" + referrals.get(2) + "/accept", Map.of())
                        .status())
                .as("and it works on where it left off")
                .isEqualTo(201);
    }
}
