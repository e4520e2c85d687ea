package org.ddrrbus.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ddrrbus.launcher.story.StorySteps.created;
import static org.ddrrbus.launcher.story.StorySteps.events;
import static org.ddrrbus.launcher.story.StorySteps.eventually;
import static org.ddrrbus.launcher.story.StorySteps.referral;
import static org.ddrrbus.launcher.story.StorySteps.returnee;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.story.ReferralStory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The bus across separate hosts, each a network namespace with its own address, every component a separate JVM run
 * from the bus's own jar exactly as its owner would run it. The operator's host runs {@code ./ddrr up
 * --operator-only --kafka-host <its address>}; nctc, iom and cicc each take an enrolment file home, make their node
 * ({@code node init}), have its key approved by the operator ({@code keys approve}) and run it ({@code node start}).
 * Everything between hosts goes over the virtual network, over TLS.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostIT {

    private static final List<String> PARTNERS = List.of("nctc", "iom", "cicc");
    /** The new machine a partner's node is restored on from its backup: another host, another address. */
    private static final String NEW_MACHINE = "iom-new";

    private static final int WEB_PORT = 8080;
    private static final Duration START = Duration.ofMinutes(5);
    private static final Duration COMMAND = Duration.ofMinutes(2);
    private static final String HOME = "node";
    /** A command that runs for seconds: no time spent on optimising compilation it will not live to use. */
    private static final List<String> ONE_SHOT =
            List.of(HostProcess.HEAP, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /**
     * The operator's one process holds the broker, the exchange and the dashboard. It and the nodes carry a few dozen
     * events here, while five of them start side by side on two cores: the quick compiler alone starts them sooner.
     */
    private static final List<String> OPERATOR = List.of("-Xmx640m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final List<String> NODE = List.of(HostProcess.HEAP, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static VirtualNetwork network;
    private static Path jar;
    private static Host operatorHost;
    /** Whether this build's broker is reached at the operator's address itself (and over TLS), not through relays. */
    private static boolean kafkaHost;

    private static final Map<String, Node> nodes = new LinkedHashMap<>();

    /** A partner's node on its own host: its folder (what the partner's machine holds) and the node home in it. */
    record Node(String agency, Host host, HostProcess process, Properties staff) {
        Path folder() {
            return host.folder();
        }

        Path home() {
            return host.folder().resolve(HOME);
        }

        ServiceClient as(String role) {
            String user = agency + "-" + role;
            String password = staff.getProperty(user);
            assertThat(password)
                    .as("a password for " + user + " in " + home().resolve("staff.properties"))
                    .isNotNull();
            return new ServiceClient(operatorHost.gate().http(host.address(), WEB_PORT), user, password);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        VirtualNetwork.assumeAvailable();
        jar = Path.of(System.getProperty("ddrr.launcher.jar", "../launcher/target/ddrr-launcher-exec.jar"))
                .toAbsolutePath()
                .normalize();
        assertThat(jar)
                .as("the launcher's executable jar (./mvnw install -pl launcher -am)")
                .exists();
        // Until the node commands of issue 11 are in the jar, there is no partner side to run on a host of its own.
        String help = Ip.run(List.of(HostProcess.java(), "-jar", jar.toString(), "--help"))
                .output();
        org.junit.jupiter.api.Assumptions.assumeTrue(
                help.contains("  node ") && help.contains("  partner "),
                "this build of ddrr has no node and partner commands yet");
        List<String> hosts = new ArrayList<>(PARTNERS);
        hosts.add(NEW_MACHINE);
        network = VirtualNetwork.start(VirtualNetworkIT.work("multi-host"), "operator", hosts.toArray(String[]::new));
        operatorHost = network.hub();

        String upHelp = Ip.run(List.of(HostProcess.java(), "-jar", jar.toString(), "up", "--help"))
                .output();
        kafkaHost = upHelp.contains("--kafka-host");
        // A sealing bus, as partners run it: each node fetches people's keys from the exchange's key holder over HTTPS
        // (the operator's address, port 8091, a certificate of the bus CA), as its enrolment says. The forged and
        // leftover events below come plain from a small test program holding no person's key; the exchange judges
        // their signatures before it holds them to the sealing, so each is refused for its real first problem.
        List<String> upArgs = new ArrayList<>(List.of("up", "--operator-only", "--data", "data"));
        if (kafkaHost) {
            upArgs.addAll(List.of("--kafka-host", operatorHost.address()));
        }
        HostProcess up =
                operatorHost.process("up").javaJar(OPERATOR, jar, upArgs).start();
        up.awaitLine("ddrr-bus is up", START);
        if (!kafkaHost) {
            // This build's broker listens and advertises on its host's loopback only: relays carry each partner's
            // connections to it across the virtual network.
            int port = Integer.parseInt(
                    up.awaitLine("listening on 127.0.0.1:([0-9]+)", START).group(1));
            relay(operatorHost, operatorHost.address(), port, "127.0.0.1", port);
            for (String agency : PARTNERS) {
                relay(network.host(agency), "127.0.0.1", port, operatorHost.address(), port);
            }
        }

        // The partners join side by side, as they would; each node starts once every one is approved.
        ExecutorService joining = Executors.newFixedThreadPool(PARTNERS.size());
        try {
            List<Future<?>> joined = new ArrayList<>();
            for (String agency : PARTNERS) {
                joined.add(joining.submit(() -> {
                    enrol(agency, network.host(agency));
                    return null;
                }));
            }
            for (Future<?> partner : joined) {
                partner.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof AssertionError failure ? failure : new AssertionError(e.getCause());
        } finally {
            joining.shutdownNow();
        }
        Map<String, HostProcess> started = new LinkedHashMap<>();
        for (String agency : PARTNERS) {
            started.put(
                    agency,
                    network.host(agency)
                            .process(agency + "-node")
                            .javaJar(
                                    NODE,
                                    jar,
                                    List.of("node", "start", agency, "--home", HOME, "--port", "" + WEB_PORT))
                            .start());
        }
        for (String agency : PARTNERS) {
            HostProcess node = started.get(agency);
            Host host = network.host(agency);
            node.awaitPort(host.address(), WEB_PORT, START);
            node.await(
                    "its staff accounts",
                    START,
                    () -> Files.exists(host.folder().resolve(HOME).resolve("staff.properties")));
            nodes.put(
                    agency,
                    new Node(
                            agency,
                            host,
                            node,
                            properties(host.folder().resolve(HOME).resolve("staff.properties"))));
        }
    }

    /**
     * A partner joins as the contract has it: the operator writes its enrolment file, which the partner takes home;
     * the partner makes its node and key there and hands back only the key request, which the operator approves.
     */
    private static void enrol(String agency, Host host) throws IOException {
        String enrolment = agency + ".enrolment";
        ddrr(operatorHost, "enrol-" + agency, "partner", "enrol", agency, "--data", "data", "--out", enrolment);
        // Carried to the partner; the operator keeps no copy of what it holds (the partner's Kafka password).
        Files.move(operatorHost.folder().resolve(enrolment), host.folder().resolve(enrolment));

        ddrr(host, "init", "node", "init", agency, "--enrolment", enrolment, "--home", HOME);
        Path request = requestFiles(host.folder()).stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError("node init wrote no key request under " + host.folder()));
        approve(request);
    }

    /** The request goes from the partner's host to the operator's (it holds no secret), and is approved there. */
    private static String approve(Path request) throws IOException {
        Path handedOver = operatorHost.folder().resolve(request.getFileName());
        Files.move(request, handedOver, StandardCopyOption.REPLACE_EXISTING);
        return ddrr(
                operatorHost,
                "approve-" + request.getFileName(),
                "keys",
                "approve",
                handedOver.getFileName().toString(),
                "--data",
                "data");
    }

    private static List<Path> requestFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".request"))
                    .toList();
        }
    }

    private static void relay(Host host, String address, int port, String toAddress, int toPort) throws Exception {
        host.process("relay-" + port)
                .javaMain(
                        List.of("-Xmx24m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                        Path.of(PortRelay.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .toURI())
                                .toString(),
                        PortRelay.class.getName(),
                        List.of(address, "" + port, toAddress, "" + toPort))
                .start()
                .awaitLine(PortRelay.READY, Duration.ofSeconds(60));
    }

    /** {@code java -jar ddrr.jar args...} on a host, in its folder, to its end; returns what it printed. */
    private static String ddrr(Host host, String name, String... args) {
        return host.process(name).javaJar(ONE_SHOT, jar, List.of(args)).run(COMMAND);
    }

    @AfterAll
    static void stop() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(1)
    void theReferralStoryRunsAcrossTheHosts() {
        ServiceClient nctc = nodes.get("nctc").as("caseworker");
        ServiceClient iom = nodes.get("iom").as("caseworker");

        ReferralStory story =
                ReferralStory.play((agency, role) -> nodes.get(agency).as(role));
        String subject = story.subject();
        String livelihood = story.livelihood();
        String mentorship = story.mentorship();

        JsonNode completed = eventually(
                nctc,
                "/api/referrals/" + livelihood,
                r -> "COMPLETED".equals(r.get("status").asString()));
        assertThat(completed.get("outcome").asString()).isEqualTo("SERVICES_DELIVERED");
        JsonNode nctcCase =
                eventually(nctc, "/api/cases/" + subject, c -> events(c).contains("MentorshipSessionHeld"));
        assertThat(events(nctcCase))
                .contains(
                        "ReturneeRegistered",
                        "ConsentRecorded",
                        "ReferralIssued",
                        "ReferralAccepted",
                        "SupportDelivered",
                        "ReferralCompleted",
                        "PhaseChanged");
        JsonNode iomCase =
                eventually(iom, "/api/cases/" + subject, c -> events(c).contains("PhaseChanged"));
        assertThat(events(iomCase)).doesNotContain("MentorshipSessionHeld", "ReturneeRegistered", "ConsentRecorded");
        assertThat(iom.get("/api/referrals/" + mentorship).status()).isEqualTo(404);

        // What crossed the hosts about the person was sealed under the person's key: the completion from iom's host
        // and the session from cicc's lie in nctc's inbox as sealed values (DD 53), not as plain Avro (C3 01).
        String sealed = java.util.HexFormat.of().formatHex(new byte[] {SubjectCipher.MARKER_0, SubjectCipher.MARKER_1});
        assertThat(inboxBytes(nodes.get("nctc")))
                .filteredOn(r -> r.matches(".*\\.(ReferralCompleted|MentorshipSessionHeld) .*"))
                .as("iom's completion and cicc's session in nctc's inbox, as bytes")
                .hasSizeGreaterThanOrEqualTo(2)
                .anyMatch(r -> r.contains("ReferralCompleted /agencies/iom "))
                .anyMatch(r -> r.contains("MentorshipSessionHeld /agencies/cicc "))
                .allMatch(r -> r.endsWith(" " + sealed));
    }

    @Test
    @Order(2)
    void eachHostHoldsOnlyItsOwnSecretsAndTheOperatorNoPartnersSecret() throws IOException {
        Map<String, List<String>> secrets = new LinkedHashMap<>();
        for (Node node : nodes.values()) {
            secrets.put(node.agency(), NodeSecrets.of(node.home()));
        }
        for (Node node : nodes.values()) {
            try (Stream<Path> files = Files.list(node.home().resolve("keys").resolve("private"))) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as(node.agency() + "'s private keys")
                        .isNotEmpty()
                        .allMatch(name -> name.startsWith(node.agency() + "."));
            }
            for (Path file : NodeSecrets.filesUnder(node.home())) {
                assertThat(Files.getPosixFilePermissions(file))
                        .as(file + " is its owner's only")
                        .doesNotContain(
                                PosixFilePermission.GROUP_READ,
                                PosixFilePermission.OTHERS_READ,
                                PosixFilePermission.GROUP_WRITE,
                                PosixFilePermission.OTHERS_WRITE);
            }
            for (String other : PARTNERS) {
                if (!other.equals(node.agency())) {
                    NodeSecrets.assertHoldsNone(node.folder(), other, secrets.get(other));
                }
            }
        }
        for (String partner : PARTNERS) {
            NodeSecrets.assertHoldsNone(operatorHost.folder(), partner, secrets.get(partner));
        }
    }

    @Test
    @Order(3)
    void anEventSignedOnIomsHostWithNctcsStolenKeyIsRefused() throws IOException {
        Node iom = nodes.get("iom");
        Path stolen = Files.createDirectories(iom.folder().resolve("stolen"));
        for (Path key :
                NodeSecrets.filesUnder(nodes.get("nctc").home().resolve("keys").resolve("private"))) {
            Files.copy(key, stolen.resolve(key.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }

        String asIom = publish(iom, stolen, "nctc", "iom", "iom");
        String asNctc = publish(iom, stolen, "nctc", "nctc", "iom");
        HostProcess intoNctcsOutbox = iom.host()
                .process("publish-into-nctcs-outbox")
                .javaMain(
                        List.of("-Xmx128m"),
                        testClasspath(),
                        SignedPublisher.class.getName(),
                        List.of(clientSettings(iom), stolen.toString(), "nctc", "nctc", "nctc"))
                .start();
        assertThat(intoNctcsOutbox.awaitExit(COMMAND))
                .as("iom's login may not write nctc's outbox: " + intoNctcsOutbox.output())
                .isEqualTo(3);

        Map<String, JsonNode> refused = rejections(iom.as("caseworker"), Set.of(asIom, asNctc));
        refused.forEach((id, refusal) -> System.out.println("stolen key: " + id + " refused " + refusal));
        // Refused for who signed them, not for being plain on a sealing bus: the real first problem.
        assertThat(refused.values())
                .extracting(r -> r.get("reason").asString())
                .containsOnly("SOURCE_MISMATCH")
                .hasSize(2);
    }

    @Test
    @Order(4)
    void aKeyRevokedMidRunIsRefusedForLaterEventsAndIomIsToldWhileItsNodeGoesOn() throws IOException {
        Node iom = nodes.get("iom");
        Path privateKeys = iom.home().resolve("keys").resolve("private");
        List<Path> before = NodeSecrets.filesUnder(privateKeys);
        assertThat(before).hasSize(1);
        String oldKey = keyId(before.get(0));
        // A copy of the key left on the host (a backup, a second workstation): it signs on after the revocation.
        Path leftover = Files.createDirectories(iom.folder().resolve("leftover"));
        Files.copy(before.get(0), leftover.resolve(before.get(0).getFileName()));

        ddrr(
                iom.host(),
                "request",
                "keys",
                "request",
                "iom",
                "--keys-dir",
                HOME + "/keys",
                "--out",
                "iom-next.request");
        approve(iom.folder().resolve("iom-next.request"));
        String newKey = NodeSecrets.filesUnder(privateKeys).stream()
                .map(MultiHostIT::keyId)
                .filter(k -> !k.equals(oldKey))
                .findFirst()
                .orElseThrow();
        ServiceClient caseworker = iom.as("caseworker");
        Awaitility.await("iom's node to sign with " + newKey)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> created(caseworker.post("/api/border-returns", borderReturn())) != null
                        && iom.process().output().contains("Signing as " + newKey));

        ddrr(operatorHost, "revoke", "keys", "revoke", oldKey, "--data", "data");
        String afterRevocation = publish(iom, leftover, "iom", "iom", "iom");

        JsonNode refusal = rejections(caseworker, Set.of(afterRevocation)).get(afterRevocation);
        assertThat(refusal.get("reason").asString()).isEqualTo("KEY_REVOKED");
        assertThat(caseworker.post("/api/border-returns", borderReturn()).status())
                .as("iom's node, on its new key, goes on")
                .isEqualTo(201);
    }

    @Test
    @Order(5)
    void afterAKeyRotationMidStreamNothingIsLost() throws Exception {
        Node nctcNode = nodes.get("nctc");
        ServiceClient nctc = nctcNode.as("caseworker");
        ServiceClient iom = nodes.get("iom").as("caseworker");
        String subject = created(nctc.post("/api/returnees", returnee("Kilifi", "Rabai", "AGE_35_44", "MALE")))
                .text("reference");
        String consent = created(nctc.post(
                        "/api/consents", Map.of("subjectRef", subject, "purposes", List.of("reintegration-support"))))
                .text("reference");
        List<String> referrals = Collections.synchronizedList(new ArrayList<>());
        Runnable refer = () -> referrals.add(created(nctc.post(
                        "/api/referrals", referral(subject, "iom", "reintegration-support", consent, "LIVELIHOOD")))
                .text("reference"));
        for (int i = 0; i < 5; i++) {
            refer.run();
        }

        List<Path> before =
                NodeSecrets.filesUnder(nctcNode.home().resolve("keys").resolve("private"));
        ddrr(
                nctcNode.host(),
                "request",
                "keys",
                "request",
                "nctc",
                "--keys-dir",
                HOME + "/keys",
                "--out",
                "nctc-next.request");
        approve(nctcNode.folder().resolve("nctc-next.request"));
        String newKey = NodeSecrets.filesUnder(nctcNode.home().resolve("keys").resolve("private")).stream()
                .filter(f -> !before.contains(f))
                .map(MultiHostIT::keyId)
                .findFirst()
                .orElseThrow();
        Awaitility.await("nctc's node to sign with " + newKey)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    refer.run();
                    return nctcNode.process().output().contains("Signing as " + newKey);
                });
        for (int i = 0; i < 5; i++) {
            refer.run();
        }

        for (String referral : referrals) {
            eventually(iom, "/api/referrals/" + referral, r -> true);
        }
        assertThat(nctc.get("/api/rejections").body().toString()).doesNotContain(subject);
    }

    @Test
    @Order(6)
    void everyNodeReachesTheBusOverTlsAtTheOperatorsAddress() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                kafkaHost, "this build's broker has no --kafka-host: partners reach it through relays, without TLS");
        for (Node node : nodes.values()) {
            Properties client = properties(node.home().resolve("client.properties"));
            assertThat(client.getProperty("security.protocol"))
                    .as(node.agency())
                    .isEqualTo("SASL_SSL");
            assertThat(client.getProperty("bootstrap.servers"))
                    .as(node.agency())
                    .contains(operatorHost.address());
            assertThat(node.home().resolve("ca.crt")).exists();
        }
    }

    /**
     * A partner's node backed up while it runs and restored on a new machine, exactly as docs/operators.md says: its
     * home archived with {@code tar} while the node runs, the machine lost (the node killed, its home gone, its host
     * cut off), the archive unpacked on another host with another address and the node started there. Its key, its
     * staff accounts and what it knows are the same; every event of its inbox is in its read model once; it receives
     * and publishes again.
     */
    @Test
    @Order(7)
    void aNodeBackedUpWhileRunningIsRestoredOnANewMachineAndResumes() throws IOException {
        Node old = nodes.get("iom");
        ServiceClient nctc = nodes.get("nctc").as("caseworker");
        String subject = created(nctc.post("/api/returnees", returnee("Kwale", "Msambweni", "AGE_25_34", "MALE")))
                .text("reference");
        String consent = created(nctc.post(
                        "/api/consents", Map.of("subjectRef", subject, "purposes", List.of("reintegration-support"))))
                .text("reference");
        List<String> beforeBackup = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            beforeBackup.add(refer(nctc, subject, consent));
        }
        ServiceClient iom = old.as("caseworker");
        for (String referral : beforeBackup) {
            eventually(iom, "/api/referrals/" + referral, r -> true);
        }
        created(iom.post("/api/referrals/" + beforeBackup.get(0) + "/accept", Map.of()));

        // The backup, while the node runs (docs/operators.md, "Back up and restore a node").
        long backupStarted = System.currentTimeMillis();
        Path archive = old.folder().resolve("iom-node.tgz");
        old.host()
                .exec("tar", "-C", old.folder().toString(), "-czf", archive.toString(), HOME)
                .require();
        Duration backupTook = Duration.ofMillis(System.currentTimeMillis() - backupStarted);
        Map<String, String> homeAtBackup = digests(old.home());
        assertThat(old.process().alive())
                .as("iom's node ran through its backup")
                .isTrue();

        // After the backup point: more events reach the node, and it acts on one.
        List<String> afterBackup = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            afterBackup.add(refer(nctc, subject, consent));
        }
        for (String referral : afterBackup) {
            eventually(iom, "/api/referrals/" + referral, r -> true);
        }
        created(iom.post("/api/referrals/" + afterBackup.get(0) + "/accept", Map.of()));
        eventually(
                nctc,
                "/api/referrals/" + afterBackup.get(0),
                r -> "ACCEPTED".equals(r.get("status").asString()));
        Known knownBefore = readModel(iom, subject, beforeBackup, afterBackup);
        assertThat(digests(old.home()))
                .as("a running node writes nothing to its home, so an archive taken while it runs is whole")
                .isEqualTo(homeAtBackup);

        // The machine is lost: the node dies with it, its disk is gone, its address answers no more.
        old.process().kill();
        old.process().awaitExit(COMMAND);
        Files.move(old.home(), old.folder().resolve(HOME + ".lost"));
        Host newMachine = network.host(NEW_MACHINE);
        Files.move(archive, newMachine.folder().resolve(archive.getFileName()));
        old.host().disconnect();

        // The restore on the new machine, as documented: unpack, start.
        newMachine
                .exec(
                        "sh",
                        "-c",
                        "umask 077 && tar -C '" + newMachine.folder() + "' -xzf '"
                                + newMachine.folder().resolve(archive.getFileName()) + "'")
                .require();
        Path restoredHome = newMachine.folder().resolve(HOME);
        assertThat(digests(restoredHome))
                .as("the restored home is the home at the backup")
                .isEqualTo(homeAtBackup);
        long started = System.currentTimeMillis();
        HostProcess restored = newMachine
                .process("iom-node-restored")
                .javaJar(NODE, jar, List.of("node", "start", "iom", "--home", HOME, "--port", "" + WEB_PORT))
                .start();
        restored.awaitPort(newMachine.address(), WEB_PORT, START);
        assertThat(restored.output())
                .as("the restored node takes its home's CA at its new path, and makes no new staff accounts")
                .contains("client.properties now names " + restoredHome.resolve("ca.crt"))
                .doesNotContain("passwords are shown only now");
        // Its staff sign in with the passwords they had; the node says it is ready once it has read its inbox.
        Node moved = new Node("iom", newMachine, restored, old.staff());
        nodes.put("iom", moved);
        ServiceClient iomAgain = moved.as("caseworker");
        eventually(
                iomAgain,
                "/actuator/health/readiness",
                r -> "UP".equals(r.get("status").asString()));
        Duration ready = Duration.ofMillis(System.currentTimeMillis() - started);
        Known knownAfter = readModel(iomAgain, subject, beforeBackup, afterBackup);
        assertThat(knownAfter)
                .as("what the restored node knows, rebuilt from its inbox, is what it knew")
                .isEqualTo(knownBefore);

        // It receives and publishes again, from its new address.
        String afterRestore = refer(nctc, subject, consent);
        eventually(iomAgain, "/api/referrals/" + afterRestore, r -> true);
        created(iomAgain.post("/api/referrals/" + afterRestore + "/accept", Map.of()));
        eventually(
                nctc,
                "/api/referrals/" + afterRestore,
                r -> "ACCEPTED".equals(r.get("status").asString()));
        assertThat(iomAgain.get("/api/rejections").body().toString()).doesNotContain(afterRestore);
        String signingKey = signingKey(old.process().output());
        assertThat(signingKey(restored.output()))
                .as("it signs with its key from the backup")
                .isEqualTo(signingKey);
        System.out.printf(
                "node backup: iom's home (%d files) archived in %.1f s while its node ran; %d cases, %d events in its"
                        + " read model (%d referrals to it, %d of them before the backup), each once, the same after"
                        + " the restore on %s; the restored node ready %.1f s after its start, signing as %s;"
                        + " a referral after the restore received and accepted%n",
                homeAtBackup.size(),
                backupTook.toMillis() / 1000.0,
                knownAfter.timelines().size(),
                knownAfter.events(),
                knownAfter.referrals().size(),
                beforeBackup.size(),
                newMachine,
                ready.toMillis() / 1000.0,
                signingKey);
    }

    private static String refer(ServiceClient nctc, String subject, String consent) {
        return created(nctc.post(
                        "/api/referrals", referral(subject, "iom", "reintegration-support", consent, "LIVELIHOOD")))
                .text("reference");
    }

    /** What a partner's node knows: each case's events (by id, in its timeline's order) and each referral's status. */
    record Known(Map<String, List<String>> timelines, Map<String, String> referrals) {
        int events() {
            return timelines.values().stream().mapToInt(List::size).sum();
        }
    }

    /**
     * What a partner's node knows, once the referrals given are all there; each case once, each event of a case's
     * timeline once, each referral once.
     */
    private static Known readModel(
            ServiceClient agency, String subject, List<String> beforeBackup, List<String> afterBackup) {
        JsonNode referrals = eventually(agency, "/api/referrals", list -> {
            List<String> ids =
                    list.valueStream().map(r -> r.get("referralId").asString()).toList();
            return ids.containsAll(beforeBackup) && ids.containsAll(afterBackup);
        });
        JsonNode cases = agency.get("/api/cases").body();
        Map<String, List<String>> timelines = new java.util.TreeMap<>();
        for (JsonNode listed : cases) {
            // The list gives each case without its timeline; the case itself has it.
            String subjectRef = listed.get("subjectRef").asString();
            JsonNode caseFile = agency.get("/api/cases/" + subjectRef).body();
            List<String> events = caseFile.get("timeline")
                    .valueStream()
                    .map(e -> e.get("eventId").asString())
                    .toList();
            assertThat(events).as("the events of " + subjectRef + ", each once").doesNotHaveDuplicates();
            assertThat(timelines.put(subjectRef, events))
                    .as(subjectRef + " once")
                    .isNull();
        }
        assertThat(timelines).containsKey(subject);
        Map<String, String> statuses = new java.util.TreeMap<>();
        for (JsonNode referral : referrals) {
            assertThat(statuses.put(
                            referral.get("referralId").asString(),
                            referral.get("status").asString()))
                    .as(referral.get("referralId").asString() + " once")
                    .isNull();
        }
        return new Known(timelines, statuses);
    }

    /** The key a node last said it signs as ({@code Signing as iom/1a2b3c4d}). */
    private static String signingKey(String output) {
        Matcher signing = Pattern.compile("Signing as (\\S+)").matcher(output);
        String last = null;
        while (signing.find()) {
            last = signing.group(1);
        }
        assertThat(last).as("a 'Signing as' line in " + output).isNotNull();
        return last;
    }

    /** Every file of a folder, by its path in it, with a digest of its content. */
    private static Map<String, String> digests(Path folder) throws IOException {
        Map<String, String> digests = new java.util.TreeMap<>();
        for (Path file : NodeSecrets.filesUnder(folder)) {
            try {
                digests.put(
                        folder.relativize(file).toString(),
                        java.util.HexFormat.of()
                                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                        .digest(Files.readAllBytes(file))));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return digests;
    }

    // ---- what the checks need

    private static String publish(Node on, Path keys, String signer, String sender, String outboxOwner) {
        String output = on.host()
                .process("publish-" + signer + "-as-" + sender)
                .javaMain(
                        List.of("-Xmx128m"),
                        testClasspath(),
                        SignedPublisher.class.getName(),
                        List.of(clientSettings(on), keys.toString(), signer, sender, outboxOwner))
                .run(COMMAND);
        Matcher id = Pattern.compile(Pattern.quote(SignedPublisher.PUBLISHED) + "(\\S+)")
                .matcher(output);
        assertThat(id.find()).as(output).isTrue();
        return id.group(1);
    }

    /** An agency's inbox as bytes ({@link InboxBytes}), read on its host with its node's login: one line per record. */
    private static List<String> inboxBytes(Node node) {
        String output = node.host()
                .process("inbox-bytes")
                .javaMain(
                        List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"),
                        testClasspath(),
                        InboxBytes.class.getName(),
                        List.of(clientSettings(node), node.agency()))
                .run(COMMAND);
        assertThat(output).as(output).contains(InboxBytes.READ);
        return output.lines().filter(l -> l.startsWith(InboxBytes.RECORD)).toList();
    }

    private static String clientSettings(Node node) {
        return node.home().resolve("client.properties").toString();
    }

    /** The classpath of this test, for a small program of its own on a host. */
    private static String testClasspath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** What the agency learns of refused events, from its own service, once all of {@code eventIds} are there. */
    private static Map<String, JsonNode> rejections(ServiceClient agency, Set<String> eventIds) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        Awaitility.await("refusals of " + eventIds)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    agency.get("/api/rejections").body().valueStream().forEach(r -> {
                        String id = r.get("rejectedEventId").asString();
                        if (eventIds.contains(id)) {
                            found.put(id, r);
                        }
                    });
                    return found.keySet().containsAll(eventIds);
                });
        return found;
    }

    /** {@code nctc.1a2b3c4d.key} speaks as {@code nctc/1a2b3c4d}. */
    private static String keyId(Path keyFile) {
        String name = keyFile.getFileName().toString();
        String base = name.substring(0, name.length() - ".key".length());
        int dot = base.lastIndexOf('.');
        return base.substring(0, dot) + "/" + base.substring(dot + 1);
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static Map<String, Object> borderReturn() {
        return Map.of("county", "Mandera", "returnedFrom", "SO");
    }
}
