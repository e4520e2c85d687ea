package org.ddrrbus.reliability.deployment;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.ddrrbus.client.home.HomeLayout;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.story.StorySteps;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The cross-agency story on the deployment of {@code docker-compose.yml}: three KRaft brokers with TLS and SASL, the
 * operator's container, and each partner's node in a container of its own, reached over HTTPS as its staff would. Needs
 * a Docker engine; without one (as on the development machines here) it is skipped, and the same behaviour is covered
 * by the multi-host test (MultiHostIT: the same node commands on separate hosts), the file itself by DockerComposeTest
 * and its certificates by CertsJobIT.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeDeploymentIT {

    private static final String SECRET = "it-" + UUID.randomUUID();
    private static final Duration STARTUP = Duration.ofMinutes(15);
    /** Where node.sh keeps a partner's node home inside its container (deploy/node.sh). */
    private static final String NODE_HOME = "/var/lib/ddrr/node/home/";

    @Container
    static final ComposeContainer deployment = new ComposeContainer(new File("../docker-compose.yml"))
            .withBuild(true)
            .withEnv(Map.of("KAFKA_ADMIN_PASSWORD", SECRET, "KAFKA_SSL_PASSWORD", SECRET, "WEB_TLS_PASSWORD", SECRET))
            .withExposedService("nctc", 8081, signInAsked())
            .withExposedService("iom", 8082, signInAsked())
            .withStartupTimeout(STARTUP);

    @TempDir
    static Path copies;

    /** A partner's web port is up once it asks for a sign-in over HTTPS (its certificate is checked by the test). */
    private static org.testcontainers.containers.wait.strategy.WaitStrategy signInAsked() {
        return Wait.forHttp("/api/status")
                .usingTls()
                .allowInsecure()
                .forStatusCode(401)
                .withStartupTimeout(STARTUP);
    }

    /** Signed in as {@code user}, with the password its node made at first start, trusting only the bus CA. */
    private static ServiceClient client(String service, int port, String user) throws Exception {
        ContainerState node = deployment
                .getContainerByServiceName(service + "-1")
                .orElseThrow(() -> new AssertionError("no container for " + service));
        Path staff = copies.resolve(service + "-" + HomeLayout.STAFF);
        Path ca = copies.resolve(service + "-" + HomeLayout.CA_CERTIFICATE);
        node.copyFileFromContainer(NODE_HOME + HomeLayout.STAFF, staff.toString());
        node.copyFileFromContainer(NODE_HOME + HomeLayout.CA_CERTIFICATE, ca.toString());
        return new ServiceClient(
                "https://" + deployment.getServiceHost(service, port) + ":" + deployment.getServicePort(service, port),
                user,
                StaffAccounts.at(staff).get(user).password(),
                CaTrust.httpsContext(ca));
    }

    @Test
    void referralIsAnsweredAcrossTheThreeBrokerClusterOverHttps() throws Exception {
        ServiceClient nctc = client("nctc", 8081, "nctc-supervisor");
        ServiceClient iom = client("iom", 8082, "iom-supervisor");

        StorySteps.answeredReferral(nctc, iom, Duration.ofMinutes(1));
    }
}
