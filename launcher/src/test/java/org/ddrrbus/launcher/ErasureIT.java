package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ddrrbus.launcher.story.StorySteps.eventually;
import static org.ddrrbus.launcher.story.StorySteps.reference;
import static org.ddrrbus.launcher.story.StorySteps.referral;
import static org.ddrrbus.launcher.story.StorySteps.returnee;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.awaitility.Awaitility;
import org.ddrrbus.auditor.AuditMain;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.client.topic.Components;
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
    private static Ports ports;
    private static Path data;

    /**
     * The components that seal what they publish and open what they read with keys asked of the exchange, as under
     * ./ddrr up: the dashboard opens the types it counts.
     */
    private static final List<String> SEALING = List.of("dashboard", "nctc", "iom", "cicc", "county");

    @BeforeAll
    static void start() throws Exception {
        staff = StaffAccounts.inMemory();
        data = Files.createTempDirectory("ddrr-erasure");
        Connection connection = new Connection(
                bus.bootstrapServers(), "SASL_PLAINTEXT", bus.credentials(), Optional.empty(), bus.keysDir());
        settings = new BusSystem.Settings() {
            @Override
            public List<String> connection(String component) {
                List<String> args = new ArrayList<>(connection.arguments(BusSystem.principalOf(component)));
                if (SEALING.contains(component)) {
                    args.add("--ddrr.bus.subject-keys.url=http://127.0.0.1:" + ports.exchange());
                }
                if (SEALING.contains(component) && !component.equals("dashboard")) {
                    // A person's first event waits for a key, and a cold exchange on a loaded machine can take more
                    // than the default 5 s to deliver it: the test asserts 201, not the timing.
                    args.add("--ddrr.service.delivery-wait=30s");
                }
                if (component.equals("exchange")) {
                    // Every partner seals: the exchange refuses a plain value of a type that must be sealed.
                    args.add("--ddrr.exchange.require-sealed=true");
                }
                return args;
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
        ports = Ports.free();
        system = BusSystem.start(settings, ports, BusSystem.COMPONENTS);
    }

    @AfterAll
    static void stop() {
        if (restarted != null) {
            restarted.close();
        }
        system.close();
        // The components' state folders: no temp folder is left behind.
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ServiceClient as(String account) {
        StaffAccounts.Account a = staff.get(account);
        return new ServiceClient(system.url(a.service()), a.name(), a.password());
    }

    @Test
    void anErasedPersonIsDroppedEverywhereWithAReceiptAndTheLedgerStillVerifies() throws IOException {
        ReferralStory story = ReferralStory.play((agency, role) -> as(agency + "-" + role));
        eventually(as("county-caseworker"), "/api/cases/" + story.subject(), c -> true);
        String subject = story.subject();
        ServiceClient supervisor = as("nctc-supervisor");
        // Another person, referred to cicc too, who is not erased.
        ServiceClient nctc = as("nctc-caseworker");
        String kept = reference(nctc.post("/api/returnees", returnee("Kwale", "Msambweni", "AGE_25_34", "MALE")));
        String keptConsent =
                reference(nctc.post("/api/consents", Map.of("subjectRef", kept, "purposes", List.of("mentorship"))));
        String keptReferral =
                reference(nctc.post("/api/referrals", referral(kept, "cicc", "mentorship", keptConsent, "MENTORSHIP")));
        eventually(as("cicc-caseworker"), "/api/referrals/" + keptReferral, r -> true);
        List<byte[]> plaintext = plaintextOf(subject, story);

        Response erased = supervisor.post("/api/subjects/" + subject + "/erasure", Map.of("reason", "PERSON_REQUEST"));

        assertThat(erased.status()).as(erased.body().toString()).isEqualTo(201);
        JsonNode done = eventually(
                supervisor,
                "/api/subjects/" + subject + "/erasure",
                e -> !e.get("receiptId").isNull());
        List<String> confirmed = new ArrayList<>();
        done.get("confirmations").forEach(c -> confirmed.add(c.get("component").asString()));
        assertThat(confirmed).containsExactly("cicc", "county", "dashboard", "exchange", "iom", "nctc");
        assertThat(done.get("awaiting")).isEmpty();

        for (String account : List.of("nctc-caseworker", "iom-caseworker", "cicc-caseworker", "county-caseworker")) {
            Response read = as(account).get("/api/cases/" + subject);
            assertThat(read.status()).as(account).isEqualTo(404);
            assertThat(read.text("reason"))
                    .as(account)
                    .isEqualTo(subject + " was erased by its case owner: nothing more is recorded about the person");
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
                .containsExactly("cicc", "county", "dashboard", "exchange", "iom", "nctc");

        Result trace = audit("trace", subject, "--purpose", "oversight", "--format", "table");
        assertThat(trace.exit()).as(trace.err()).isZero();
        assertThat(trace.out()).contains("ErasureReceipt", "SubjectErased", "ErasureConfirmed");
        assertThat(trace.out())
                .contains("ERASURE RECEIPT of " + subject + " by nctc (verified): reason PERSON_REQUEST")
                .containsPattern("exchange +confirmed at 20")
                .containsPattern("county +confirmed at 20")
                .containsPattern("dashboard +confirmed at 20");
        Result verify = audit("verify", "--all", "--purpose", "oversight");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("of the verified sealed under a person's key");

        // None of the person's plaintext is anywhere: not in any topic's records, not in the broker's files. The
        // case code itself stays in the clear (record keys, headers, the receipt), which shows the scan reads both.
        List<byte[]> everyTopic = everyTopicsBytes();
        assertThat(find(everyTopic, plaintext))
                .as("the person's plaintext in a topic")
                .isEmpty();
        assertThat(find(everyTopic, List.of(utf8(subject)))).isNotEmpty();
        // The Streams changelogs were among them: the exchange's person file and the dashboard's subject file were
        // written under the case code (the erased mark, the tombstone), and the ids they held were not found.
        for (String changelog : List.of(
                Components.EXCHANGE_APPLICATION_ID + "-consents-changelog",
                Components.DASHBOARD_APPLICATION_ID + "-subjects-changelog")) {
            assertThat(find(topicsBytes(changelog::equals), List.of(utf8(subject))))
                    .as(changelog)
                    .isNotEmpty();
        }
        List<byte[]> brokerFiles = brokerFilesBytes();
        assertThat(find(brokerFiles, plaintext))
                .as("the person's plaintext in the broker's files")
                .isEmpty();
        assertThat(find(brokerFiles, List.of(utf8(subject)))).isNotEmpty();
        // The compressed inboxes were read record by record: the person's case code is found decoded in cicc's.
        List<byte[]> ciccInbox = new ArrayList<>();
        try (Stream<Path> files = Files.walk(bus.broker().settings().dataDir())) {
            for (Path segment : files.filter(
                            f -> f.getParent().getFileName().toString().startsWith(Topics.inbox("cicc") + "-")
                                    && f.getFileName().toString().endsWith(".log"))
                    .toList()) {
                ciccInbox.addAll(decodedRecords(segment));
            }
        }
        assertThat(find(ciccInbox, List.of(utf8(subject)))).isNotEmpty();

        // The person's records no longer open for their recipient, with its own grant; the other person's still do.
        EventCodec cicc = new EventCodec()
                .sealingWith(SubjectCipher.of(
                        new HttpSubjectKeys(
                                URI.create("http://127.0.0.1:" + ports.exchange()),
                                () -> bus.signingKey("cicc"),
                                HttpClient.newHttpClient(),
                                Clock.systemUTC(),
                                Duration.ofMinutes(1)),
                        bus.agreement()));
        List<ConsumerRecord<String, byte[]>> inbox = bus.readAll("cicc", Topics.inbox("cicc"));
        List<ConsumerRecord<String, byte[]>> erasedRecords = inbox.stream()
                .filter(r -> subject.equals(r.key()) && SubjectCipher.isSealed(r.value()))
                .toList();
        assertThat(erasedRecords).isNotEmpty();
        assertThat(erasedRecords)
                .allSatisfy(r -> assertThat(cicc.open(r))
                        .isInstanceOfSatisfying(
                                Opened.Refused.class,
                                refused ->
                                        assertThat(refused.rejection()).isInstanceOf(Rejection.KeyUnavailable.class)));
        List<ConsumerRecord<String, byte[]>> keptRecords =
                inbox.stream().filter(r -> kept.equals(r.key())).toList();
        assertThat(keptRecords)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(SubjectCipher.isSealed(r.value())).isTrue());
        assertThat(keptRecords).allSatisfy(r -> assertThat(cicc.open(r)).isInstanceOf(Opened.Valid.class));
        assertThat(as("cicc-caseworker").get("/api/referrals/" + keptReferral).status())
                .isEqualTo(200);
    }

    /**
     * The person's field values as any plain copy of their events would hold them: the Avro encoding of the case code
     * followed by the fields after it (a registration's county and area; a referral's id), which no other person's
     * events contain.
     */
    private static List<byte[]> plaintextOf(String subject, ReferralStory story) {
        return List.of(
                concat(avroString(subject), avroString("Kwale"), avroString("Msambweni")),
                concat(avroString(subject), avroString(story.livelihood())),
                concat(avroString(subject), avroString(story.mentorship())),
                concat(avroString(subject), avroString("Kwale"), new byte[] {0x00}),
                // The ids alone, in any encoding that keeps a string's bytes (Avro, JSON): the exchange's person file
                // and the dashboard's subject file hold the consent ref and the referral ids apart from the case code,
                // and write them to their Streams changelogs.
                utf8(story.consent()),
                utf8(story.livelihood()),
                utf8(story.mentorship()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] avroString(String text) {
        byte[] bytes = utf8(text);
        // Avro's zig-zag varint of the length, one byte for the short strings here.
        return concat(new byte[] {(byte) (bytes.length << 1)}, bytes);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Each record's key, value and header values of every topic on the broker, read as its super user. */
    private static List<byte[]> everyTopicsBytes() {
        return topicsBytes(topic -> true);
    }

    /** Each record's key, value and header values of the topics {@code which} names, read as the super user. */
    private static List<byte[]> topicsBytes(java.util.function.Predicate<String> which) {
        List<byte[]> all = new ArrayList<>();
        Map<String, Object> props = new java.util.HashMap<>(bus.broker().adminClientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (Admin admin = bus.admin();
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                        props,
                        new org.apache.kafka.common.serialization.StringDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            for (String topic : admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get().stream()
                    .filter(which)
                    .toList()) {
                for (ConsumerRecord<String, byte[]> r : TestBus.readAll(consumer, topic)) {
                    if (r.key() != null) {
                        all.add(utf8(r.key()));
                    }
                    if (r.value() != null) {
                        all.add(r.value());
                    }
                    r.headers().forEach(h -> all.add(h.value() == null ? new byte[0] : h.value()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return all;
    }

    /** Every file under the broker's data directory, byte for byte. */
    private static List<byte[]> brokerFilesBytes() throws IOException {
        List<byte[]> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(bus.broker().settings().dataDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try {
                    all.add(Files.readAllBytes(file));
                    if (file.getFileName().toString().endsWith(".log")) {
                        all.addAll(decodedRecords(file));
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // A segment deleted or an index rewritten while we walked: what replaced it is read instead.
                }
            }
        }
        return all;
    }

    /**
     * Every key, value and header of a log segment as the broker would serve it: the inboxes are LZ4-compressed, so a
     * byte scan of the file alone could miss plaintext inside a compressed batch. Reading the segment with Kafka's own
     * record format decompresses each batch, aborted transactions and control batches included.
     */
    private static List<byte[]> decodedRecords(Path segment) throws IOException {
        List<byte[]> all = new ArrayList<>();
        try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
            for (RecordBatch batch : records.batches()) {
                for (Record record : batch) {
                    if (record.hasKey()) {
                        all.add(bytes(record.key()));
                    }
                    if (record.hasValue()) {
                        all.add(bytes(record.value()));
                    }
                    for (Header header : record.headers()) {
                        all.add(header.value() == null ? new byte[0] : header.value());
                    }
                }
            }
        } catch (CorruptRecordException torn) {
            // The active segment's tail may be mid-append while we read; its raw bytes were scanned above.
        }
        return all;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** The patterns found anywhere in the chunks. */
    private static List<String> find(List<byte[]> chunks, List<byte[]> patterns) {
        List<String> found = new ArrayList<>();
        for (byte[] pattern : patterns) {
            for (byte[] chunk : chunks) {
                if (indexOf(chunk, pattern) >= 0) {
                    found.add(new String(pattern, StandardCharsets.ISO_8859_1));
                    break;
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void badErasureRequestsAreAnsweredInOneLine() {
        String subject = reference(
                as("nctc-caseworker").post("/api/returnees", returnee("Kwale", "Msambweni", "AGE_25_34", "MALE")));
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
        String subject = reference(
                as("nctc-caseworker").post("/api/returnees", returnee("Kilifi", "Malindi", "AGE_25_34", "MALE")));
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
