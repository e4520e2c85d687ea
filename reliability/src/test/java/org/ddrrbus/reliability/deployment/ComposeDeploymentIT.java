package org.ddrrbus.reliability.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The cross-agency story on the deployment of {@code docker-compose.yml}: three KRaft brokers with TLS and SASL,
 * provisioning from the agreement, one container per component. Needs a Docker engine; without one (as on the
 * development machines here) it is skipped, and the same behaviour is covered by the in-process tests
 * (CrossAgencyStoryIT, BrokerFailureIT) and the file itself by DockerComposeTest.
 */
@Testcontainers(disabledWithoutDocker = true)
@Disabled("written for the previous docker-compose.yml (plain HTTP, staff passwords in .env, one shared credentials"
        + " volume); the per-partner layout needs it to trust the bus CA over HTTPS and read each node's first-start"
        + " passwords, which is not done yet")
class ComposeDeploymentIT {

    private static final String PASSWORD = "it-" + UUID.randomUUID();
    private static final Duration STARTUP = Duration.ofMinutes(15);

    @Container
    static final ComposeContainer deployment = new ComposeContainer(new File("../docker-compose.yml"))
            .withBuild(true)
            .withEnv(Map.of(
                    "KAFKA_ADMIN_PASSWORD",
                    PASSWORD,
                    "KAFKA_SSL_PASSWORD",
                    PASSWORD,
                    "MANAGER_PASSWORD",
                    PASSWORD,
                    "NCTC_SUPERVISOR_PASSWORD",
                    PASSWORD,
                    "IOM_SUPERVISOR_PASSWORD",
                    PASSWORD,
                    "CICC_SUPERVISOR_PASSWORD",
                    PASSWORD,
                    "COUNTY_SUPERVISOR_PASSWORD",
                    PASSWORD,
                    "EMBASSY_PASSWORD",
                    PASSWORD))
            .withExposedService(
                    "nctc", 8081, Wait.forHttp("/api/status").forStatusCode(401).withStartupTimeout(STARTUP))
            .withExposedService(
                    "iom", 8082, Wait.forHttp("/api/status").forStatusCode(401).withStartupTimeout(STARTUP))
            .withExposedService(
                    "embassy",
                    8085,
                    Wait.forHttp("/api/figures").forStatusCode(401).withStartupTimeout(STARTUP))
            .withStartupTimeout(STARTUP);

    private static ServiceClient client(String service, int port, String user) {
        return new ServiceClient(
                "http://" + deployment.getServiceHost(service, port) + ":" + deployment.getServicePort(service, port),
                user,
                PASSWORD);
    }

    @Test
    void referralIsAnsweredAcrossTheThreeBrokerCluster() {
        ServiceClient nctc = client("nctc", 8081, "nctc-supervisor");
        ServiceClient iom = client("iom", 8082, "iom-supervisor");

        String subject = nctc.post(
                        "/api/returnees",
                        Map.of(
                                "county",
                                "Kwale",
                                "areaOfReturn",
                                "Msambweni",
                                "ageBand",
                                "AGE_18_24",
                                "gender",
                                "FEMALE"))
                .text("reference");
        String consent = nctc.post(
                        "/api/consents", Map.of("subjectRef", subject, "purposes", List.of("reintegration-support")))
                .text("reference");
        String referral = nctc.post(
                        "/api/referrals",
                        Map.of(
                                "subjectRef",
                                subject,
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
                                consent))
                .text("reference");
        Awaitility.await()
                .atMost(Duration.ofMinutes(1))
                .until(() -> iom.get("/api/referrals/" + referral).ok());
        assertThat(iom.post("/api/referrals/" + referral + "/accept", Map.of()).ok())
                .isTrue();
        assertThat(iom.post("/api/referrals/" + referral + "/complete", Map.of("outcome", "SERVICES_DELIVERED"))
                        .ok())
                .isTrue();

        Awaitility.await()
                .atMost(Duration.ofMinutes(1))
                .until(() -> "COMPLETED"
                        .equals(nctc.get("/api/referrals/" + referral).text("status")));
    }
}
