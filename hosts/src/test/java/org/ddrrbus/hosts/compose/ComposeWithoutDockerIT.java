package org.ddrrbus.hosts.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.ddrrbus.client.home.HomeLayout;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.hosts.Host;
import org.ddrrbus.hosts.HostProcess;
import org.ddrrbus.hosts.NodeSecrets;
import org.ddrrbus.hosts.VirtualNetwork;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.story.StorySteps;
import org.ddrrbus.launcher.system.BusAddress;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml, run as Docker Compose would run it, without Docker (there is no engine here): every service of
 * the file that the referral story between nctc and iom needs, each in a container of its own ({@link Container}:
 * its image's files and user, its volumes at its paths, exactly its environment, its entrypoint), each broker and
 * partner on a host of its own on the virtual network, reaching the others by service name. The three brokers run
 * the way the apache/kafka image configures itself from the environment (Kafka's own {@code KafkaDockerWrapper}); the
 * bus's containers run the scripts under {@code deploy/} unchanged. What Docker itself adds (building the image,
 * restart policies, health of the engine) is not covered; ComposeDeploymentIT checks that wherever Docker runs.
 */
class ComposeWithoutDockerIT {

    private static final Duration START = Duration.ofMinutes(10);
    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    private static final List<String> PARTNERS = List.of("nctc", "iom");
    private static final Map<String, Integer> WEB_PORTS = Map.of("nctc", 8081, "iom", 8082);
    /** Where deploy/node.sh keeps a partner's node home in its node volume. */
    private static final String NODE_HOME = "home";

    /**
     * What the harness adds to every container's environment: each JVM (keytool's forty-odd runs in the certs job, the
     * one-shot commands, the brokers, the operator and the nodes) with the quick compiler only and the serial
     * collector. On two cores shared by a dozen JVMs, the optimising compiler's and the parallel collector's threads
     * slow every start (a keytool run took 20.6 s on average, 16.2 s with these, four runs each at load average 60); the services carry a
     * handful of events. The images' own settings (heap, entry points) are unchanged.
     */
    static final Map<String, String> QUICK_JVM =
            Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

    @Test
    void referralIsAnsweredOnTheComposeDeploymentEachServiceInItsOwnContainer() throws Exception {
        VirtualNetwork.assumeAvailable();
        Path repository = Path.of("..").toAbsolutePath().normalize();
        String secret = "it-" + UUID.randomUUID();
        ComposeFile compose = ComposeFile.load(
                repository.resolve("docker-compose.yml"),
                Map.of("KAFKA_ADMIN_PASSWORD", secret, "KAFKA_SSL_PASSWORD", secret, "WEB_TLS_PASSWORD", secret));
        Path work = Path.of(
                        "target",
                        "hosts",
                        "compose-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")))
                .toAbsolutePath();
        List<String> hosts = new ArrayList<>(BROKERS);
        hosts.addAll(PARTNERS);
        try (VirtualNetwork network =
                VirtualNetwork.start(work.resolve("net"), "operator", hosts.toArray(String[]::new))) {
            Map<String, String> addresses = new LinkedHashMap<>();
            addresses.put("operator", network.hub().address());
            hosts.forEach(name -> addresses.put(name, network.host(name).address()));
            Container containers =
                    new Container(compose, addresses, work.resolve("volumes"), work.resolve("containers"), QUICK_JVM);
            Image bus = Image.bus(
                    Path.of(System.getProperty("ddrr.launcher.jar", "../launcher/target/ddrr-launcher-exec.jar")),
                    repository.resolve("config").resolve("sharing-agreement.yaml"));
            Host operatorHost = network.hub();

            containers.complete(operatorHost, "certs", bus.asRoot(), START);

            Image kafka = Image.kafka(
                    Path.of("src/test/resources/compose/kafka-image-run.sh").toAbsolutePath(),
                    kafkaLibs(work.resolve("kafka-libs")));
            List<HostProcess> brokers = new ArrayList<>();
            for (String broker : BROKERS) {
                brokers.add(containers
                        .run(network.host(broker), broker, kafka, List.of(), Map.of())
                        .start());
            }
            for (int i = 0; i < BROKERS.size(); i++) {
                brokers.get(i).awaitPort(addresses.get(BROKERS.get(i)), 9092, START);
            }

            HostProcess operator = containers
                    .run(operatorHost, "operator", bus, List.of(), Map.of())
                    .start();
            containers.complete(operatorHost, "enrol", bus, START);
            // As Compose does: services that depend only on what has completed start side by side.
            sideBySide(PARTNERS, partner -> containers.complete(network.host(partner), partner + "-init", bus, START));
            containers.complete(operatorHost, "approve", bus, START);
            Map<String, HostProcess> nodes = new LinkedHashMap<>();
            for (String partner : PARTNERS) {
                nodes.put(
                        partner,
                        containers
                                .run(network.host(partner), partner, bus, List.of(), Map.of())
                                .start());
            }
            Map<String, ServiceClient> clients = new LinkedHashMap<>();
            for (String partner : PARTNERS) {
                Host host = network.host(partner);
                int port = WEB_PORTS.get(partner);
                nodes.get(partner).awaitPort(host.address(), port, START);
                clients.put(partner, client(containers, host, partner, port));
            }
            assertThat(operator.alive()).as("the operator's container runs").isTrue();

            playReferral(clients.get("nctc"), clients.get("iom"));

            // The cluster's bus seals: each node asks the exchange's key holder for people's keys at the address its
            // enrolment gave (the certificate from the certs job names it), and the exchange, which refuses plain
            // values on a sealing bus, delivered the referral and its answer above.
            for (String partner : PARTNERS) {
                java.util.Properties node = new java.util.Properties();
                try (java.io.Reader in = Files.newBufferedReader(
                        containers.volume(partner + "-node").resolve(NODE_HOME).resolve("node.properties"))) {
                    node.load(in);
                }
                assertThat(node.getProperty(BusAddress.KEY_HOLDER))
                        .as(partner + "'s node asks the key holder")
                        .isEqualTo("https://operator:8091");
            }

            for (String broker : BROKERS) {
                assertThat(containers.volume(broker).resolve("meta.properties"))
                        .as("broker " + broker + " keeps its log in its volume, which outlives its container")
                        .exists();
            }
            for (String partner : PARTNERS) {
                List<String> secrets =
                        NodeSecrets.of(containers.volume(partner + "-node").resolve(NODE_HOME));
                NodeSecrets.assertHoldsNone(containers.volume("operator"), partner, secrets);
                NodeSecrets.assertHoldsNone(containers.volume(partner + "-handover"), partner, secrets);
                for (String other : PARTNERS) {
                    if (!other.equals(partner)) {
                        NodeSecrets.assertHoldsNone(containers.volume(other + "-node"), partner, secrets);
                    }
                }
            }
            // Stopped as `docker compose down` stops them: what depends on the brokers first (SIGTERM), then the
            // brokers, killed: all three stopping at once, the last of the quorum cannot finish its controlled
            // shutdown (Docker kills it after its grace period; the network's close would wait 20 s for it).
            sideBySide(PARTNERS, partner -> nodes.get(partner).close());
            operator.close();
            brokers.parallelStream().forEach(HostProcess::kill);
        }
    }

    /**
     * The image's {@code /opt/kafka/libs}: this test's class path (Kafka of the release the bus builds on, and a logging
     * back end), linked into one folder that the image's user may read, with the brokers' logging settings.
     */
    private static Path kafkaLibs(Path folder) throws IOException {
        Files.createDirectories(folder);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classpath.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            Path link = folder.resolve(jar.getFileName());
            if (Files.isRegularFile(jar) && entry.endsWith(".jar") && !Files.exists(link)) {
                try {
                    Files.createLink(link, jar);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(jar, link);
                }
            }
        }
        try (InputStream logging = ComposeWithoutDockerIT.class.getResourceAsStream("/cluster-broker-logback.xml")) {
            Files.copy(logging, folder.resolve("logback.xml"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        return folder;
    }

    /** Runs {@code step} for every name at once, each on a thread of its own; the first failure is the test's. */
    private static void sideBySide(List<String> names, java.util.function.Consumer<String> step) throws Exception {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(names.size());
        try {
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (String name : names) {
                running.add(threads.submit(() -> step.accept(name)));
            }
            for (java.util.concurrent.Future<?> each : running) {
                try {
                    each.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** A partner's supervisor, with the password its node made at first start, trusting only the bus CA. */
    private static ServiceClient client(Container containers, Host host, String partner, int port) throws Exception {
        Path home = containers.volume(partner + "-node").resolve(NODE_HOME);
        String user = partner + "-supervisor";
        InetSocketAddress forwarded = host.gate().forward(host.address(), port);
        return new ServiceClient(
                "https://localhost:" + forwarded.getPort(),
                user,
                StaffAccounts.at(home.resolve(HomeLayout.STAFF)).get(user).password(),
                CaTrust.httpsContext(home.resolve(HomeLayout.CA_CERTIFICATE)));
    }

    private static void playReferral(ServiceClient nctc, ServiceClient iom) {
        StorySteps.answeredReferral(nctc, iom, Duration.ofMinutes(2));
    }
}
