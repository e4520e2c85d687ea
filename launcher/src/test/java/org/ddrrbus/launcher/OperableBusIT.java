package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.health.Probes;
import org.ddrrbus.client.login.SaslLogin;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.launcher.demo.ServiceClient;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.up.UpCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operators' probes of a bus run by the real {@code ./ddrr up} (temporary data, free ports): every component,
 * the exchange included, says UP on its readiness probe without a password once the banner is printed, and shows
 * details only to a signed-in user; the metrics need a sign-in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperableBusIT {

    private static final Path OPENAPI = Path.of("../docs/openapi");

    @TempDir
    static Path data;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final HttpClient http = HttpClient.newHttpClient();
    private Thread up;
    private BusSystem system;

    @BeforeAll
    void startTheBus() {
        up = new Thread(
                () -> Ddrr.run(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        "up",
                        "--data",
                        data.toString(),
                        "--free-ports"),
                "ddrr-up-under-test");
        up.start();
        Awaitility.await("ddrr up prints its banner")
                .atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofMillis(500))
                .failFast("ddrr up stopped: " + err, () -> !up.isAlive())
                .until(() -> out.toString().contains("ddrr-bus is up."));
        system = UpCommand.runningInProcess().orElseThrow();
    }

    @AfterAll
    void stopTheBus() throws InterruptedException {
        UpCommand.stopInProcess();
        up.join(Duration.ofMinutes(2).toMillis());
    }

    @Test
    void everyComponentIsReadyWithoutAPasswordOnceTheBannerIsPrinted() throws Exception {
        String banner = out.toString();
        assertThat(banner.indexOf("Waiting until every component is ready"))
                .isNotNegative()
                .isLessThan(banner.indexOf("ddrr-bus is up."));
        for (String component : BusSystem.COMPONENTS) {
            HttpResponse<String> readiness = get(component, Probes.READINESS, null);
            assertThat(readiness.statusCode()).as(component + " readiness").isEqualTo(200);
            assertThat(readiness.body())
                    .as(component + " shows an anonymous caller no details")
                    .isEqualTo("{\"status\":\"UP\"}");
            assertThat(get(component, Probes.LIVENESS, null).statusCode())
                    .as(component + " liveness")
                    .isEqualTo(200);
        }
    }

    @Test
    void aSignedInUserSeesWhyAndAnAnonymousOneDoesNot() throws Exception {
        assertThat(get("nctc", Probes.HEALTH, null).body()).doesNotContain("components");
        HttpResponse<String> detailed = get("nctc", Probes.READINESS, staffOf("nctc"));
        assertThat(detailed.statusCode()).isEqualTo(200);
        assertThat(detailed.body()).contains("\"kafka\"").contains("\"readinessState\"");
    }

    @Test
    void theMetricsNeedASignIn() throws Exception {
        assertThat(get("nctc", Probes.PROMETHEUS, null).statusCode()).isEqualTo(401);
        assertThat(get("nctc", Probes.PROMETHEUS, staffOf("nctc")).statusCode()).isEqualTo(200);
    }

    /**
     * {@code ./ddrr up} gives each partner service a monitoring account, kept in its home for its owner only, that
     * reads the metrics and nothing else, and gives the dashboard the same accounts: its operations panel shows what
     * only the services count (published, inbox lag) beside the exchange's meters.
     */
    @Test
    void theOperationsPanelReadsThePartnerServicesWithTheirMonitoringAccounts() throws Exception {
        Path kept = data.resolve("nodes").resolve("nctc").resolve("monitoring.properties");
        String monitor = "monitor:" + properties(kept).getProperty("monitor");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)))
                .isEqualTo("rw-------");
        assertThat(get("nctc", Probes.PROMETHEUS, monitor).statusCode()).isEqualTo(200);
        assertThat(get("nctc", "/api/referrals", monitor).statusCode()).isEqualTo(403);

        HttpResponse<String> registered = http.send(
                HttpRequest.newBuilder(URI.create(system.url("nctc") + "/api/returnees"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", basic("nctc-caseworker:" + passwordOf("nctc", "nctc-caseworker")))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"county\":\"Kwale\",\"areaOfReturn\":"
                                + "\"Msambweni\",\"ageBand\":\"AGE_18_24\",\"gender\":\"FEMALE\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isIn(201, 202);

        String manager = "manager:" + dashboardPassword("manager");
        Awaitility.await("the operations panel shows nctc's published event and every service's inbox lag")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    HttpResponse<String> panel = get("dashboard", "/api/operations", manager);
                    assertThat(panel.statusCode()).as(panel.body()).isEqualTo(200);
                    JsonNode meters = JSON.readTree(panel.body()).get("meters");
                    assertThat(meters.get("unread").size())
                            .as(meters.toString())
                            .isZero();
                    assertThat(meters.get("published").path("nctc").asLong())
                            .as(meters.toString())
                            .isPositive();
                    assertThat(meters.get("inboxLag").properties().stream().map(Map.Entry::getKey))
                            .as(meters.toString())
                            .containsExactlyInAnyOrder("nctc", "iom", "cicc", "county");
                });
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** The password of a dashboard account, as ./ddrr up started the dashboard with it. */
    private String dashboardPassword(String account) {
        List<String> args = system.arguments("dashboard");
        for (int i = 0; ; i++) {
            String name = "--ddrr.dashboard.users[" + i + "].name=";
            if (value(args, name).equals(account)) {
                return value(args, "--ddrr.dashboard.users[" + i + "].password=");
            }
        }
    }

    /**
     * Every partner service's OpenAPI document is the one checked in under docs/openapi/. After changing an API, run
     * this test with {@code -Dddrr.openapi.write=true} to write the new documents, and review their diff.
     */
    @Test
    void theCheckedInOpenApiDocumentsMatchTheServices() throws Exception {
        boolean write = Boolean.getBoolean("ddrr.openapi.write");
        JsonMapper json = JsonMapper.builder().build();
        List<String> drifted = new ArrayList<>();
        for (String component : List.of("nctc", "iom", "cicc", "county", "embassy")) {
            String credentials = component.equals("embassy") ? embassyStaff() : staffOf(component);
            HttpResponse<String> served = get(component, "/v3/api-docs", credentials);
            assertThat(served.statusCode())
                    .as(component + " serves its OpenAPI document")
                    .isEqualTo(200);
            assertThat(get(component, "/swagger-ui/index.html", credentials).statusCode())
                    .as(component + " serves the Swagger UI")
                    .isEqualTo(200);
            JsonNode live = json.readTree(served.body());
            assertThat(live.toString()).as(component).contains("application/problem+json");
            Path file = OPENAPI.resolve(component + ".json");
            if (write) {
                Files.createDirectories(OPENAPI);
                Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(live) + "\n");
            } else if (!Files.exists(file)
                    || !json.readTree(Files.readString(file)).equals(live)) {
                drifted.add(component);
            }
        }
        assertThat(drifted)
                .as("services whose API differs from docs/openapi/<service>.json (rerun with"
                        + " -Dddrr.openapi.write=true, then review the diff)")
                .isEmpty();
    }

    /**
     * A partner that needs no Java: the JavaScript reader under clients/node-reader, given only nctc's node home and
     * the .avsc files, reads nctc's inbox over TLS, decodes every record and verifies both signatures of each, and
     * rejects a record whose value was altered after the exchange countersigned it. It implements
     * docs/architecture.md's signature scheme independently of bus-client.
     */
    @Test
    void anIndependentJavaScriptReaderVerifiesTheInboxAndRejectsATamperedRecord() throws Exception {
        Optional<String> missing = NodeReader.missing();
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElseThrow());
        NodeReader.install();
        ServiceClient nctc =
                new ServiceClient(system.url("nctc"), "nctc-caseworker", passwordOf("nctc", "nctc-caseworker"));
        ServiceClient.Response registered = nctc.post(
                "/api/returnees",
                Map.of("county", "Kwale", "areaOfReturn", "Msambweni", "ageBand", "AGE_18_24", "gender", "FEMALE"));
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        String subject = registered.text("subjectRef");
        ServiceClient.Response consent =
                nctc.post("/api/consents", Map.of("subjectRef", subject, "purposes", List.of("reintegration-support")));
        assertThat(consent.status()).as(consent.body().toString()).isEqualTo(201);

        List<ConsumerRecord<String, byte[]>> inbox = readCommitted(Topics.inbox("nctc"));
        ConsumerRecord<String, byte[]> original = inbox.stream()
                .filter(r -> subject.equals(r.key()) && header(r, "ce_type").endsWith(".ReturneeRegistered"))
                .findFirst()
                .orElseThrow();
        // Its signatures travel in one seal (version 2), which the reader must parse to verify it.
        assertThat(original.headers().lastHeader(SignatureHeaders.SEAL)).isNotNull();
        assertThat(original.headers().lastHeader(SignatureHeaders.KEY)).isNull();
        // Sealed under the person's key, as everything about a person on this bus: no field value shows in it.
        assertThat(SubjectCipher.isSealed(original.value())).isTrue();
        assertThat(new String(original.value(), StandardCharsets.ISO_8859_1)).doesNotContain("Msambweni");
        // The same delivery, its headers and signatures untouched, but one byte of the sealed value altered.
        byte[] altered = original.value().clone();
        altered[altered.length - 1] ^= 1;
        long tamperedOffset;
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(adminSettings(), new StringSerializer(), new ByteArraySerializer())) {
            tamperedOffset = producer.send(new ProducerRecord<>(
                            original.topic(), original.partition(), original.key(), altered, original.headers()))
                    .get()
                    .offset();
        }

        NodeReader.Run read =
                NodeReader.read("--home", data.resolve("nodes").resolve("nctc").toString());

        System.out.println(read.output());
        assertThat(read.exit()).as(read.output()).isEqualTo(2);
        assertThat(read.output())
                .contains("read " + (inbox.size() + 1) + " records of ddrr.inbox.nctc: " + inbox.size()
                        + " verified, 1 rejected")
                .containsPattern("VERIFIED ddrr\\.inbox\\.nctc-\\d+@\\d+ ReturneeRegistered sealed \\S+ about "
                        + subject + " from nctc, signed by sender nctc/[0-9a-f]{8}, exchange exchange/[0-9a-f]{8}")
                .contains("sealed under the key " + subject + "/P10Y/")
                .doesNotContain("Msambweni");
        assertThat(read.output().lines().filter(line -> line.startsWith("REJECTED")))
                .singleElement()
                .asString()
                .startsWith("REJECTED ddrr.inbox.nctc-" + original.partition() + "@" + tamperedOffset
                        + " ReturneeRegistered sealed ")
                .containsPattern("exchange: the signature of exchange/[0-9a-f]{8} does not match the content$");
    }

    /** README commands this test does not run, by how they begin, each with where they run instead or why not here. */
    private static final Map<String, String> README_RUN_ELSEWHERE = Map.ofEntries(
            Map.entry("./mvnw ", "the build itself"),
            Map.entry("./ddrr up --without ", "NodeStoryIT runs a partner's node story"),
            Map.entry("./ddrr partner enrol ", "NodeStoryIT runs a partner's node story"),
            Map.entry("./ddrr node init ", "NodeStoryIT runs a partner's node story"),
            Map.entry("./ddrr keys approve ", "NodeStoryIT runs a partner's node story"),
            Map.entry("./ddrr node start ", "NodeStoryIT runs a partner's node story"),
            Map.entry("KAFKA_BOOTSTRAP=", "needs a Kafka cluster of one's own"),
            Map.entry("./ddrr up --country ", "a second country's bus (FederationIT runs two)"),
            Map.entry("./ddrr federate ", "two buses linked (FederationIT links two; FederateCommandTest its options)"),
            Map.entry("./ddrr demo --federation", "the cross-border story (FederationIT plays CrossBorderStory)"),
            Map.entry("./ddrr audit trace SO-", "the trace across both buses (FederationIT checks it)"));

    private static final String SAMPLE_CASE = "KE-7Q2M-4XJD";
    private static final String SAMPLE_CONSENT = "CONSENT-...";

    /**
     * Every command of README.md's shell blocks runs here against this bus as it is shown (with this bus's ports and
     * passwords), and answers as the README says; a command this test neither runs nor lists as run elsewhere fails it.
     */
    @Test
    void everyCommandTheReadmeShowsWorksAsShown() throws Exception {
        Path readme = Path.of("../README.md");
        JsonMapper json = JsonMapper.builder().build();
        List<String> setup = new ArrayList<>();
        Map<String, String> found = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        int ran = 0;
        for (ReadmeCommands.Command command : ReadmeCommands.fenced(readme)) {
            String text = command.text();
            if (text.equals("./ddrr up")
                    || README_RUN_ELSEWHERE.keySet().stream().anyMatch(text::startsWith)) {
                continue;
            }
            if (text.matches("[A-Z_]+=\\S+(; [A-Z_]+=\\S+)*")) {
                setup.add(live(text, found));
                continue;
            }
            if (!text.startsWith("curl ")) {
                unknown.add(text);
                continue;
            }
            String[] reply = curl(String.join("; ", setup), live(text, found));
            int status = Integer.parseInt(reply[1]);
            JsonNode body = reply[0].isBlank() ? json.createObjectNode() : json.readTree(reply[0]);
            ran++;
            if (command.reply().isPresent()) {
                String shown = command.reply().get();
                int space = shown.indexOf(' ');
                assertThat(status).as(text + "\n" + reply[0]).isEqualTo(Integer.parseInt(shown.substring(0, space)));
                JsonNode promised = json.readTree(shown.substring(space + 1));
                for (var field : promised.properties()) {
                    String value = field.getValue().asString();
                    assertThat(body.has(field.getKey()))
                            .as(text + " answers " + field.getKey())
                            .isTrue();
                    if (value.equals(SAMPLE_CASE)) {
                        assertThat(body.get(field.getKey()).asString()).matches("KE-[0-9A-Z]{4}-[0-9A-Z]{4}");
                    } else if (!value.contains("...")) {
                        assertThat(body.get(field.getKey()).asString()).as(text).isEqualTo(value);
                    }
                }
            } else {
                assertThat(status).as(text + "\n" + reply[0]).isBetween(200, 299);
            }
            if (body.has("subjectRef") && !found.containsKey(SAMPLE_CASE)) {
                found.put(SAMPLE_CASE, body.get("subjectRef").asString());
            }
            if (body.has("reference") && body.get("reference").asString().startsWith("CONSENT-")) {
                found.put(SAMPLE_CONSENT, body.get("reference").asString());
            }
        }
        for (ReadmeCommands.Inline inline : ReadmeCommands.inlineCurls(readme)) {
            String[] reply = curl("", live(inline.command(), found));
            assertThat(reply[0]).as(inline.command()).isEqualTo(inline.answer());
            ran++;
        }
        assertThat(unknown)
                .as("README commands neither run by this test nor listed in README_RUN_ELSEWHERE")
                .isEmpty();
        assertThat(ran).as("README commands run").isGreaterThanOrEqualTo(5);
    }

    /** A README command with this bus's addresses, passwords and the case and consent it made so far. */
    private String live(String text, Map<String, String> found) {
        Matcher port = Pattern.compile("(http://)?localhost:(808[0-5])").matcher(text);
        StringBuilder out = new StringBuilder();
        while (port.find()) {
            String service = List.of("dashboard", "nctc", "iom", "cicc", "county", "embassy")
                    .get(Integer.parseInt(port.group(2)) - 8080);
            port.appendReplacement(out, Matcher.quoteReplacement(system.url(service)));
        }
        port.appendTail(out);
        String result = out.toString();
        Matcher account = Pattern.compile("(([a-z]+)-[a-z]+):<password>").matcher(result);
        if (account.find()) {
            result = result.replace(
                    account.group(), account.group(1) + ":" + passwordOf(account.group(2), account.group(1)));
        }
        for (var sample : found.entrySet()) {
            result = result.replace(sample.getKey(), sample.getValue());
        }
        return result;
    }

    /** Runs a curl command line in bash: its body, and its HTTP status. */
    private static String[] curl(String setup, String command) throws Exception {
        String line = (setup.isEmpty() ? "" : setup + "; ") + command + " -s -S -w '\\n%{http_code}'";
        Process process =
                new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(line + "\n" + output).isZero();
        int cut = output.lastIndexOf('\n');
        return new String[] {output.substring(0, cut), output.substring(cut + 1).strip()};
    }

    /** Every committed record of a topic, read as the operator's admin. */
    private List<ConsumerRecord<String, byte[]>> readCommitted(String topic) {
        Map<String, Object> settings = adminSettings();
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Awaitility.await("read " + topic + " to its end")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                        return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
                    });
        }
        return records;
    }

    /** Kafka client settings of the operator's admin, over TLS as every client of ./ddrr up. */
    private Map<String, Object> adminSettings() {
        Properties client = properties(data.resolve("nodes").resolve("nctc").resolve("client.properties"));
        Properties operator = properties(data.resolve("operator").resolve("credentials.properties"));
        Map<String, Object> settings = new HashMap<>();
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, client.getProperty("bootstrap.servers"));
        settings.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, client.getProperty("security.protocol"));
        settings.putAll(SaslLogin.settings(SaslLogin.SCRAM, "admin", operator.getProperty("admin")));
        settings.putAll(CaTrust.settings(data.resolve("operator").resolve("ca").resolve("ca.crt")));
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        return settings;
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return properties;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The password of a service's staff account, as ./ddrr up started the service with it. */
    private String passwordOf(String component, String account) {
        List<String> args = system.arguments(component);
        for (int i = 0; ; i++) {
            String name = "--ddrr.service.users[" + i + "].name=";
            if (args.stream().noneMatch(a -> a.startsWith(name))) {
                throw new AssertionError("no account " + account + " of " + component);
            }
            if (value(args, name).equals(account)) {
                return value(args, "--ddrr.service.users[" + i + "].password=");
            }
        }
    }

    private String embassyStaff() {
        List<String> args = system.arguments("embassy");
        return value(args, "--ddrr.embassy.users[0].name=") + ":" + value(args, "--ddrr.embassy.users[0].password=");
    }

    /** {@code name:password} of the first staff account a service was started with. */
    String staffOf(String component) {
        List<String> args = system.arguments(component);
        String name = value(args, "--ddrr.service.users[0].name=");
        String password = value(args, "--ddrr.service.users[0].password=");
        return name + ":" + password;
    }

    private static String value(List<String> args, String prefix) {
        return args.stream()
                .filter(a -> a.startsWith(prefix))
                .findFirst()
                .orElseThrow()
                .substring(prefix.length());
    }

    HttpResponse<String> get(String component, String path, String credentials) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(system.url(component) + path)).timeout(Duration.ofSeconds(30));
        if (credentials != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
