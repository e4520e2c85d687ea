package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.ddrrbus.broker.FreePorts;
import org.ddrrbus.broker.tls.BrokerTls;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.node.NodeStart;
import org.ddrrbus.launcher.partner.Enrolment;
import org.ddrrbus.launcher.system.BusAddress;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.Connection;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.launcher.system.Workspace;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partner joins the bus by hand, in one JVM, as the operator and the partner would type it: the operator enrols iom
 * ({@code ./ddrr partner enrol}), iom makes its node home in a folder of its own ({@code ./ddrr node init}), the
 * operator approves iom's key ({@code ./ddrr keys approve}), iom starts its node, and an event iom's caseworker
 * records reaches the exchange and is accepted. The exchange requires sealed values and is the key holder over HTTPS
 * with a certificate of the bus CA, as under {@code ./ddrr up}: the enrolment names that address, so iom's node asks
 * it for the person's key and publishes sealed; a client trusting another CA is refused by the handshake. Every way a node must not start is refused in one line; so is an
 * enrolment for another agency or for an agency the agreement does not name. The bus is a broker of this class's own
 * (it changes iom's password), with the real exchange.
 */
class NodeStoryIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private static TestBus bus;
    private static BusSystem exchange;
    private static Path data;
    private static int keyHolderPort;
    private static String keyHolder;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        // Over TLS, as ./ddrr up runs it: the enrolment carries the bus CA's certificate to the node.
        bus = TestBus.startWithTls(AgreementLoader.loadDefault());
        data = bus.dataDir();
        // The operator's side as ./ddrr up leaves it: the admin password and the bus's address.
        Workspace workspace = new Workspace(data);
        Properties admin = new Properties();
        admin.setProperty("admin", bus.broker().settings().adminPassword());
        try (Writer out = Files.newBufferedWriter(workspace.operatorDir().resolve("credentials.properties"))) {
            admin.store(out, null);
        }
        // The key holder over HTTPS, its certificate issued by the bus CA as ./ddrr up issues it.
        keyHolderPort = FreePorts.next();
        keyHolder = "https://127.0.0.1:" + keyHolderPort;
        Path keyHolderPem = BrokerTls.prepareKeyHolder(
                data, "127.0.0.1", data.resolve("exchange-tls").resolve(BrokerTls.KEY_HOLDER_FILE), Clock.systemUTC());
        new BusAddress(bus.bootstrapServers(), bus.securityProtocol(), Optional.of(keyHolder))
                .write(workspace.busFile());
        // iom has never been enrolled on this bus: the test bus made a user for every principal.
        try (Admin client = bus.admin()) {
            client.alterUserScramCredentials(
                            List.of(new UserScramCredentialDeletion("iom", ScramMechanism.SCRAM_SHA_512)))
                    .all()
                    .get();
        }
        Connection connection = new Connection(
                bus.bootstrapServers(),
                bus.securityProtocol(),
                bus.credentials(),
                Optional.empty(),
                bus.keysDir(),
                bus.caCertificate());
        Path state = Files.createTempDirectory(scratch, "node-story-exchange");
        exchange = BusSystem.start(
                new BusSystem.Settings() {
                    @Override
                    public List<String> connection(String component) {
                        List<String> args = new ArrayList<>(connection.arguments(component));
                        args.add("--ddrr.exchange.require-sealed=true");
                        args.add("--ddrr.exchange.key-holder.certificate=" + keyHolderPem);
                        args.add("--ddrr.exchange.key-holder.port=" + keyHolderPort);
                        return args;
                    }

                    @Override
                    public List<StaffAccounts.Account> staff(String component) {
                        return List.of();
                    }

                    @Override
                    public Path stateDir(String component) {
                        return state;
                    }
                },
                Ports.free(),
                List.of("exchange"));
    }

    @AfterAll
    static void stop() {
        if (exchange != null) {
            exchange.close();
        }
        bus.close();
    }

    private record Result(int exit, String out, String err) {

        /** The one line a refusal is. */
        String refusal() {
            assertThat(exit).as("exit code of a refusal (out: " + out + ")").isEqualTo(1);
            assertThat(err.lines().toList()).as("exactly one line").hasSize(1);
            assertThat(err).startsWith("ddrr: ").doesNotContain("\tat ").doesNotContain("Exception");
            return err.strip();
        }
    }

    private static Result ddrr(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Ddrr.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void iomJoinsByHandAndItsEventIsAccepted() throws Exception {
        Path enrolmentFile = work.resolve("iom.enrolment");
        Result enrolled = ddrr("partner", "enrol", "iom", "--data", data.toString(), "--out", enrolmentFile.toString());
        assertThat(enrolled.exit()).as(enrolled.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(enrolmentFile)))
                .isEqualTo("rw-------");
        String password = Enrolment.read(enrolmentFile).password();
        assertThat(Enrolment.read(enrolmentFile).keyHolder()).contains(keyHolder);
        assertThat(filesHolding(data.resolve("operator"), password))
                .as("the operator keeps no copy of iom's password")
                .isEmpty();
        assertThat(ddrr(
                                "partner",
                                "enrol",
                                "iom",
                                "--data",
                                data.toString(),
                                "--out",
                                work.resolve("again").toString())
                        .refusal())
                .isEqualTo("ddrr: iom is enrolled already: ./ddrr partner rotate-password iom gives it a new password");

        // On iom's own machine: a folder of its own.
        Path home = work.resolve("iom-machine").resolve("node");
        Path request = work.resolve("iom.request");
        Result init = ddrr(
                "node",
                "init",
                "iom",
                "--enrolment",
                enrolmentFile.toString(),
                "--home",
                home.toString(),
                "--request",
                request.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("./ddrr keys approve").contains("./ddrr node start iom");
        assertThat(ddrr("node", "start", "iom", "--home", home.toString(), "--wait", "15")
                        .refusal())
                .matches("ddrr: no signing key of iom speaks for it now: iom/[0-9a-f]{8} is not in the key directory"
                        + " \\(the operator has not approved its request\\)");

        Result approved = ddrr("keys", "approve", request.toString(), "--data", data.toString());
        assertThat(approved.exit()).as(approved.err()).isZero();

        NodeHome node = new NodeHome(home);
        // Port 0: the node takes any free port, and says which.
        StringWriter shown = new StringWriter();
        try (BusSystem iom = NodeStart.start(node, "iom", 0, Duration.ofSeconds(30), new PrintWriter(shown, true))) {
            Matcher at = Pattern.compile("iom runs from .* at (http://localhost:(\\d+))")
                    .matcher(shown.toString());
            assertThat(at.find()).as(shown.toString()).isTrue();
            assertThat(Integer.parseInt(at.group(2)))
                    .as("the port the node says")
                    .isPositive();
            assertThat(iom.arguments("iom")).contains("--ddrr.bus.subject-keys.url=" + keyHolder);
            assertThat(iom.arguments("iom"))
                    .as("iom runs from its own home only")
                    .allSatisfy(arg -> {
                        if (arg.contains("/") && !arg.contains("://")) {
                            assertThat(arg.substring(arg.indexOf('=') + 1)).startsWith(home.toString());
                        }
                    });
            StaffAccounts.Account caseworker = node.staff("iom", "iom").get("iom-caseworker");
            ServiceClient client = new ServiceClient(at.group(1), caseworker.name(), caseworker.password());
            ServiceClient.Response recorded = client.post("/api/border-returns", Map.of("county", "Mandera"));
            assertThat(recorded.status()).as(recorded.body().toString()).isIn(201, 202);
            String eventId = recorded.text("eventId");
            Awaitility.await("the exchange accepts iom's event")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> "accepted"
                            .equals(client.get("/api/events/" + eventId).text("state")));
            // Accepted by an exchange that refuses plain values: iom sealed it, with a key it got over HTTPS.
            ConsumerRecord<String, byte[]> sent = bus.readAll(Components.EXCHANGE, Topics.outbox("iom")).stream()
                    .filter(r -> eventId.equals(header(r, CloudEventHeaders.ID)))
                    .findFirst()
                    .orElseThrow();
            assertThat(SubjectCipher.isSealed(sent.value()))
                    .as("iom's event is sealed")
                    .isTrue();
        }

        // The operator gives iom a new password; iom's node takes it from the new enrolment.
        Path rotated = work.resolve("iom-rotated.enrolment");
        Result rotation =
                ddrr("partner", "rotate-password", "iom", "--data", data.toString(), "--out", rotated.toString());
        assertThat(rotation.exit()).as(rotation.err()).isZero();
        assertThat(ddrr("node", "start", "iom", "--home", home.toString(), "--wait", "15")
                        .refusal())
                .startsWith("ddrr: the bus at " + bus.bootstrapServers() + " refused iom's password");
        assertThat(ddrr("node", "password", "--home", home.toString(), "--enrolment", rotated.toString())
                        .exit())
                .isZero();
        assertThat(node.password()).isEqualTo(Enrolment.read(rotated).password());
        try (Admin asIom = Admin.create(node.kafkaClientProperties())) {
            assertThat(asIom.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isNotBlank();
        }

        refusalsOfABrokenHome(node);
    }

    /** The one-line refusals of a node home that cannot start, each checked before anything else runs. */
    private void refusalsOfABrokenHome(NodeHome node) throws Exception {
        String home = node.dir().toString();
        assertThat(ddrr("node", "start", "nctc", "--home", home).refusal())
                .isEqualTo("ddrr: " + home + " is the node home of iom, not nctc");

        Path keyFile;
        try (Stream<Path> keys = Files.list(node.keysDir().resolve("private"))) {
            keyFile = keys.filter(f -> f.getFileName().toString().startsWith("iom."))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] key = Files.readAllBytes(keyFile);

        Path nctcKey = node.keysDir()
                .resolve("private")
                .resolve(bus.signingKey("nctc").keyId().replace('/', '.') + ".key");
        bus.signingKey("nctc").write(nctcKey);
        assertThat(ddrr("node", "start", "iom", "--home", home).refusal())
                .isEqualTo("ddrr: " + nctcKey
                        + " is not a key of iom: a node holds only its own agency's keys; remove it");
        Files.delete(nctcKey);

        Files.writeString(keyFile, "not a key\n", StandardCharsets.US_ASCII);
        assertThat(ddrr("node", "start", "iom", "--home", home).refusal())
                .startsWith("ddrr: cannot read the signing key " + keyFile);

        Files.delete(keyFile);
        assertThat(ddrr("node", "start", "iom", "--home", home).refusal())
                .startsWith("ddrr: no signing key of iom in " + node.keysDir().resolve("private"));
        Files.write(keyFile, key);

        // A bus that does not answer: the home points to a port nobody listens on.
        int silent = FreePorts.next();
        for (String file : List.of(NodeHome.NODE_PROPERTIES, NodeHome.CLIENT_PROPERTIES)) {
            Path path = node.dir().resolve(file);
            Files.writeString(path, Files.readString(path).replace(bus.bootstrapServers(), "127.0.0.1:" + silent));
        }
        long started = System.nanoTime();
        assertThat(ddrr("node", "start", "iom", "--home", home, "--wait", "3").refusal())
                .isEqualTo("ddrr: the bus at 127.0.0.1:" + silent
                        + " did not answer within 3 s: is it running, and reachable from here?");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        for (String file : List.of(NodeHome.NODE_PROPERTIES, NodeHome.CLIENT_PROPERTIES)) {
            Path path = node.dir().resolve(file);
            Files.writeString(path, Files.readString(path).replace("127.0.0.1:" + silent, bus.bootstrapServers()));
        }

        // A key the directory says has ended: its successor took over at once, and only the old key is left here.
        Path successor = work.resolve("iom-successor.request");
        assertThat(ddrr(
                                "keys",
                                "request",
                                "iom",
                                "--keys-dir",
                                work.resolve("elsewhere").toString(),
                                "--out",
                                successor.toString())
                        .exit())
                .isZero();
        assertThat(ddrr("keys", "approve", successor.toString(), "--overlap", "0s", "--data", data.toString())
                        .exit())
                .isZero();
        assertThat(ddrr("node", "start", "iom", "--home", home, "--wait", "15").refusal())
                .matches("ddrr: no signing key of iom speaks for it now: iom/[0-9a-f]{8} spoke only until .*");
    }

    @Test
    void theKeyHolderProvesItselfWithTheBusCaAndServesNothingElseOverHttps() throws Exception {
        URI base = URI.create(keyHolder);
        HttpSubjectKeys elsewhere = new HttpSubjectKeys(
                base,
                () -> bus.signingKey("nctc"),
                HttpClient.newBuilder()
                        .sslContext(CaTrust.httpsContext(
                                BrokerTls.prepare(work.resolve("elsewhere"), "127.0.0.1", Clock.systemUTC())
                                        .caCertificate()))
                        .build(),
                Clock.systemUTC(),
                Duration.ofMinutes(1));
        SubjectKeyId id = new SubjectKeyId("KE-7Q2M-4XJD", Period.ofYears(10), YearMonth.now(ZoneOffset.UTC));
        assertThatThrownBy(() -> elsewhere.keyFor(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the key holder at " + keyHolder + " did not prove itself with a certificate"
                        + " of the bus CA");

        HttpClient trusting = HttpClient.newBuilder()
                .sslContext(CaTrust.httpsContext(bus.caCertificate().orElseThrow()))
                .build();
        HttpResponse<String> probes = trusting.send(
                HttpRequest.newBuilder(base.resolve("/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(probes.statusCode())
                .as("the HTTPS port answers key requests only")
                .isEqualTo(404);
    }

    @Test
    void enrolmentForAnotherAgencyOrAnAgencyOutsideTheAgreementIsRefused() throws Exception {
        assertThat(ddrr(
                                "partner",
                                "enrol",
                                "interpol",
                                "--data",
                                data.toString(),
                                "--out",
                                work.resolve("x").toString())
                        .refusal())
                .isEqualTo("ddrr: 'interpol' is not an agency of the sharing agreement: add it to"
                        + " config/sharing-agreement.yaml and provision (./ddrr provision apply) first");
        assertThat(work.resolve("x")).doesNotExist();

        Path cicc = work.resolve("cicc.enrolment");
        assertThat(ddrr("partner", "rotate-password", "cicc", "--data", data.toString(), "--out", cicc.toString())
                        .exit())
                .isZero();
        assertThat(ddrr(
                                "node",
                                "init",
                                "county",
                                "--enrolment",
                                cicc.toString(),
                                "--home",
                                work.resolve("county").toString())
                        .refusal())
                .isEqualTo("ddrr: the enrolment " + cicc + " is for cicc, not county");
        assertThat(work.resolve("county")).doesNotExist();

        Path forged = work.resolve("forged.enrolment");
        Files.writeString(forged, Files.readString(cicc).replace("agency=cicc", "agency=county"));
        Path countyHome = work.resolve("county-home");
        assertThat(ddrr("node", "init", "county", "--enrolment", forged.toString(), "--home", countyHome.toString())
                        .exit())
                .as("an enrolment edited to name another agency makes a home whose password the bus refuses")
                .isZero();
        assertThat(ddrr("node", "start", "county", "--home", countyHome.toString(), "--wait", "15")
                        .refusal())
                .startsWith("ddrr: the bus at " + bus.bootstrapServers() + " refused county's password");
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        org.apache.kafka.common.header.Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Every file under {@code dir} whose content holds {@code secret}. */
    static List<Path> filesHolding(Path dir, String secret) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> {
                        try {
                            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(secret);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .toList();
        }
    }
}
