package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.ddrrbus.auditor.AuditMain;
import org.ddrrbus.casework.inbox.InboxConsumer;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.client.keys.KeyRegistrar;
import org.ddrrbus.client.keys.KeyRequest;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.Seal;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.CommunityRiskFactor;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.RiskLevel;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SupportDelivered;
import org.ddrrbus.exchange.ExchangeApplication;
import org.ddrrbus.launcher.system.Connection;
import org.ddrrbus.nctc.NctcApplication;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The key directory on a real broker, with the real exchange, a real partner service and the real auditor, driven
 * through the commands a partner and the operator run: registration by request and approval, rotation mid-stream,
 * revocation from an instant, a forged statement, and every refusal the commands owe.
 *
 * <p>The bus is this class's own: what it registers and revokes must not reach other tests.
 */
class KeyDirectoryIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private static final EventCodec codec = new EventCodec();
    private static TestBus bus;
    private static Path operator;
    private static ConfigurableApplicationContext exchange;
    private static ConfigurableApplicationContext nctcService;

    record Result(int exit, String out, String err) {}

    /** What the exchange answered about one event, as its sender learns it from its inbox. */
    record Outcome(String reason, String detail) {
        static final Outcome ACCEPTED = new Outcome("ACCEPTED", "");
    }

    @BeforeAll
    static void start() throws Exception {
        // Over TLS, as ./ddrr up runs it: the operator's commands trust the bus CA.
        bus = TestBus.startWithTls(AgreementLoader.loadDefault());
        // The operator's folder, as ./ddrr up keeps it: the admin password and the directory key.
        operator = Files.createTempDirectory(scratch, "key-directory-operator");
        Files.createDirectories(operator.resolve("operator"));
        Files.writeString(
                operator.resolve("operator").resolve("credentials.properties"),
                "admin=" + bus.broker().settings().adminPassword() + "\n");
        exchange = ExchangeApplication.application()
                .run(
                        "--ddrr.bus.bootstrap-servers=" + bus.bootstrapServers(),
                        "--ddrr.bus.password=" + bus.passwordOf("exchange"),
                        "--ddrr.bus.keys-dir=" + bus.keysDir(),
                        "--ddrr.bus.ca-certificate=" + bus.caCertificate().orElseThrow(),
                        "--ddrr.exchange.state-dir=" + scratch.resolve("key-directory-exchange"),
                        "--server.tomcat.basedir="
                                + scratch.resolve("key-directory-exchange").resolve("tomcat"),
                        "--ddrr.exchange.instance-id=key-directory-it",
                        "--spring.main.log-startup-info=false");
        List<String> args = new ArrayList<>(new Connection(
                        bus.bootstrapServers(),
                        bus.securityProtocol(),
                        bus.credentials(),
                        Optional.empty(),
                        bus.keysDir(),
                        bus.caCertificate())
                .arguments("nctc"));
        args.add("--server.port=0");
        args.add("--server.tomcat.basedir=" + scratch.resolve("nctc-tomcat"));
        args.add("--spring.main.log-startup-info=false");
        // A service starts only with its own staff accounts; this test drives it through its inbox, not its REST API.
        args.add("--ddrr.service.users[0].name=nctc-key-directory-it");
        args.add("--ddrr.service.users[0].password=" + UUID.randomUUID());
        nctcService = NctcApplication.application().run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (nctcService != null) {
            nctcService.close();
        }
        if (exchange != null) {
            exchange.close();
        }
        if (bus != null) {
            bus.close();
        }
    }

    /** {@code ./ddrr ...} in this JVM. */
    private static Result ddrr(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Ddrr.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** {@code ./ddrr keys <action> ...} on the operator's side of this bus. */
    private static Result operator(String... args) {
        List<String> all = new ArrayList<>(List.of("keys"));
        all.addAll(List.of(args));
        all.addAll(List.of(
                "--bootstrap",
                bus.bootstrapServers(),
                "--data",
                operator.toString(),
                "--directory-key",
                bus.dataDir().resolve("operator").resolve("directory.key").toString(),
                "--ca",
                bus.caCertificate().orElseThrow().toString()));
        return ddrr(all.toArray(String[]::new));
    }

    /** On a partner's node: a new key in {@code keysDir} and a request for it; returns the request file. */
    private static Path request(String agency, Path keysDir) throws Exception {
        Path file = Files.createTempDirectory(scratch, "key-request").resolve(agency + ".request");
        Result made = ddrr("keys", "request", agency, "--keys-dir", keysDir.toString(), "--out", file.toString());
        assertThat(made.exit()).as(made.err()).isZero();
        return file;
    }

    private static Result approve(Path requestFile) {
        return operator("approve", requestFile.toString());
    }

    /** Publishes as {@code agency}, signed with whatever key {@code signer} gives; returns the event id. */
    private static String publish(String agency, RecordSigner signer, SpecificRecord event) {
        ProducerRecord<String, byte[]> record = codec.seal(Topics.outbox(agency), codec.envelope(agency, event));
        signer.signEvents(List.of(record.headers()), List.of(record.value()));
        try (KafkaProducer<String, byte[]> producer = bus.producer(agency)) {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return header(record.headers().lastHeader(CloudEventHeaders.ID));
    }

    /** The key id of the exchange's countersignature, in the delivery's seal (version 2, as the exchange writes). */
    private static String countersignedBy(org.apache.kafka.common.header.Headers headers) {
        Seal seal = Seal.of(headers);
        return seal == null || !seal.countersigned() ? null : new String(seal.exchangeKeyId(), StandardCharsets.UTF_8);
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static CommunityRiskAssessed assessment(String area) {
        return new CommunityRiskAssessed(
                "Kwale", area, RiskLevel.MEDIUM, List.of(CommunityRiskFactor.SERVICE_GAPS), LocalDate.now());
    }

    private static BorderReturnRecorded borderReturn(String subject) {
        return new BorderReturnRecorded(subject, "Kwale", null, null, LocalDate.now());
    }

    /** What the sender hears back for each event id: its accepted copy or a refusal. */
    private static Map<String, Outcome> outcomes(String agency, Set<String> eventIds) {
        Map<String, Outcome> found = new ConcurrentHashMap<>();
        Awaitility.await("the exchange's answer to " + eventIds.size() + " event(s) of " + agency)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    for (ConsumerRecord<String, byte[]> record : bus.readAll(agency, Topics.inbox(agency))) {
                        if (!(codec.open(record) instanceof Opened.Valid valid)) {
                            continue;
                        }
                        if (valid.envelope().event() instanceof DeliveryRejected rejected
                                && eventIds.contains(rejected.getRejectedEventId())) {
                            found.put(
                                    rejected.getRejectedEventId(),
                                    new Outcome(rejected.getReason().name(), rejected.getDetail()));
                        } else if (eventIds.contains(valid.envelope().id())) {
                            found.putIfAbsent(valid.envelope().id(), Outcome.ACCEPTED);
                        }
                    }
                    return found.keySet().containsAll(eventIds);
                });
        return found;
    }

    private static Outcome outcome(String agency, String eventId) {
        return outcomes(agency, Set.of(eventId)).get(eventId);
    }

    /** Every record of {@code inbox} carrying one of these event ids, once all of them are there. */
    private static List<ConsumerRecord<String, byte[]>> delivered(String inbox, Set<String> eventIds) {
        return bus.awaitRecords(
                "auditor",
                inbox,
                r -> eventIds.contains(header(r.headers().lastHeader(CloudEventHeaders.ID))),
                eventIds.size());
    }

    @Test
    void aKeyRegisteredThroughRequestAndApprovalSignsEventsThatVerify() throws Exception {
        Path node = Files.createTempDirectory(scratch, "county-node").resolve("keys");

        Path requestFile = request("county", node);
        String keyId = KeyRequest.read(requestFile).keyId();
        Result approved = approve(requestFile);

        assertThat(approved.exit()).as(approved.err()).isZero();
        assertThat(approved.out()).startsWith("Approved: " + keyId + " speaks for county from ");
        assertThat(Files.readString(requestFile))
                .doesNotContain(Files.readString(node.resolve("private").resolve(keyId.replace('/', '.') + ".key"))
                        .trim());
        SigningKey key =
                PrivateKeys.at(node.resolve("private"), "county").keys().get(0);
        String id = publish("county", RecordSigner.sender(key), assessment("Msambweni"));

        assertThat(outcome("county", id)).isEqualTo(Outcome.ACCEPTED);
        ConsumerRecord<String, byte[]> delivery =
                delivered(Topics.inbox("nctc"), Set.of(id)).get(0);
        assertThat(bus.verifier().checkSenderOfDelivery(delivery.headers(), delivery.timestamp()))
                .isEqualTo(new SignatureCheck.Valid(keyId, "county"));
    }

    @Test
    void anEventSignedByAnUnregisteredKeyIsRefusedAndTheSenderTold() throws Exception {
        Path node = Files.createTempDirectory(scratch, "county-node-unapproved").resolve("keys");
        request("county", node);
        SigningKey unapproved =
                PrivateKeys.at(node.resolve("private"), "county").keys().get(0);

        String id = publish("county", RecordSigner.sender(unapproved), assessment("Kinango"));

        assertThat(outcome("county", id))
                .isEqualTo(new Outcome(
                        "BAD_SIGNATURE", "signature does not verify: unknown signing key " + unapproved.keyId()));
    }

    @Test
    void rotationMidStreamLosesAndRefusesNothingAndOldEventsStillVerify() throws Exception {
        InboxConsumer nctcInbox = nctcService.getBean(InboxConsumer.class);
        long setAsideBefore = nctcInbox.quarantined();
        // iom's node signs every event with the key the directory says speaks for it now, as its service does.
        SigningKeys iomKeys = bus.signingKeys("iom");
        String oldIom = iomKeys.current().keyId();
        String oldExchange = bus.signingKey("exchange").keyId();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        Map<String, String> signedWith = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        String newIom;
        String newExchange;
        Thread publisher = new Thread(() -> {
            RecordSigner signer = RecordSigner.sender(iomKeys);
            for (int i = 0; running.get(); i++) {
                String id =
                        publish("iom", signer, borderReturn(String.format("KE-ROT%01d-%04d", i / 10_000, i % 10_000)));
                ids.add(id);
                signedWith.put(id, signer.keyId());
            }
        });
        publisher.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ids.size() >= 20);

            // New keys for iom and for the exchange, each made where it is used and approved by the operator.
            Path iomRequest = request("iom", bus.keysDir());
            Path exchangeRequest = request("exchange", bus.keysDir());
            assertThat(approve(iomRequest).exit()).isZero();
            assertThat(approve(exchangeRequest).exit()).isZero();
            newIom = KeyRequest.read(iomRequest).keyId();
            newExchange = KeyRequest.read(exchangeRequest).keyId();
            String iomNow = newIom;
            String exchangeNow = newExchange;

            Awaitility.await("iom and the exchange to sign with their new keys")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() ->
                            signedWith.values().stream().filter(iomNow::equals).count() >= 20
                                    && bus.readAll("auditor", Topics.inbox("nctc")).stream()
                                            .anyMatch(r -> exchangeNow.equals(countersignedBy(r.headers()))));
        } finally {
            running.set(false);
            publisher.join();
        }
        Set<String> all = Set.copyOf(ids);

        Map<String, Outcome> outcomes = outcomes("iom", all);
        List<ConsumerRecord<String, byte[]>> deliveries = delivered(Topics.inbox("nctc"), all);

        assertThat(outcomes.values()).as("every event accepted").containsOnly(Outcome.ACCEPTED);
        assertThat(deliveries)
                .extracting(r -> header(r.headers().lastHeader(CloudEventHeaders.ID)))
                .as("every event delivered once")
                .containsExactlyInAnyOrderElementsOf(all);
        assertThat(Set.copyOf(signedWith.values())).containsExactlyInAnyOrder(oldIom, newIom);
        assertThat(deliveries.stream().map(r -> countersignedBy(r.headers())).collect(Collectors.toSet()))
                .contains(oldExchange, newExchange);
        SignatureVerifier verifier = bus.verifier();
        assertThat(deliveries).allSatisfy(r -> {
            assertThat(verifier.checkSenderOfDelivery(r.headers(), r.timestamp()))
                    .isInstanceOf(SignatureCheck.Valid.class);
            assertThat(verifier.checkDelivery(r.headers(), r.value(), r.topic(), r.timestamp()))
                    .isInstanceOf(SignatureCheck.Valid.class);
        });
        // The receiving service verified every delivery, old keys and new, and set none aside.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> nctcInbox.applied() >= all.size());
        assertThat(nctcInbox.quarantined()).isEqualTo(setAsideBefore);
        // And the auditor finds nothing wrong with what either key signed, in the other recipient's inbox.
        delivered(Topics.inbox("county"), all);
        Result audit = audit("verify", "--topic", Topics.inbox("county"));
        assertThat(audit.exit()).as(audit.out() + audit.err()).isZero();
    }

    @Test
    void revocationRefusesLaterEventsWithKeyRevokedTellsTheSenderAndTheAuditorFlagsEarlierOnes() throws Exception {
        SigningKey revoked = bus.signingKey("nctc");
        RecordSigner byRevoked = RecordSigner.sender(revoked);
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            before.add(publish("nctc", byRevoked, assessment("Matuga")));
        }
        assertThat(outcomes("nctc", before).values()).containsOnly(Outcome.ACCEPTED);
        // The key was stolen: nctc's successor first, then the old key is revoked from now.
        assertThat(approve(request("nctc", Files.createTempDirectory(scratch, "nctc-node")))
                        .exit())
                .isZero();
        Instant from = Instant.now();

        Result revocation = operator("revoke", revoked.keyId(), "--from", from.toString());

        assertThat(revocation.exit()).as(revocation.err()).isZero();
        assertThat(revocation.out()).startsWith("Revoked: " + revoked.keyId() + " speaks for nctc from ");
        // The thief signs with the revoked key and dates its event an hour before the revocation, in ce_time and in
        // the Kafka timestamp it asks for; the broker stamps the record with its own time of arrival all the same.
        long anHourBefore = from.minusSeconds(3600).toEpochMilli();
        ProducerRecord<String, byte[]> sealed =
                codec.seal(Topics.outbox("nctc"), codec.envelope("nctc", assessment("Lunga Lunga")));
        sealed.headers().remove(CloudEventHeaders.TIME);
        sealed.headers()
                .add(
                        CloudEventHeaders.TIME,
                        Instant.ofEpochMilli(anHourBefore).toString().getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, byte[]> backdated = new ProducerRecord<>(
                sealed.topic(), null, anHourBefore, sealed.key(), sealed.value(), sealed.headers());
        byRevoked.signEvents(List.of(backdated.headers()), List.of(backdated.value()));
        long stamped;
        try (KafkaProducer<String, byte[]> producer = bus.producer("nctc")) {
            stamped = producer.send(backdated).get().timestamp();
        }
        assertThat(stamped)
                .as("the broker's time of arrival, not the sender's")
                .isGreaterThanOrEqualTo(from.toEpochMilli());
        String after = publish("nctc", byRevoked, assessment("Msambweni"));
        String backdatedId = header(backdated.headers().lastHeader(CloudEventHeaders.ID));

        Map<String, Outcome> refused = outcomes("nctc", Set.of(after, backdatedId));
        assertThat(refused.values()).extracting(Outcome::reason).containsOnly("KEY_REVOKED");
        assertThat(refused.get(backdatedId).detail())
                .startsWith(
                        "signed by " + revoked.keyId() + ", a key revoked from " + from.truncatedTo(ChronoUnit.MILLIS));
        assertThat(bus.readAll("auditor", Topics.inbox("county")))
                .extracting(r -> header(r.headers().lastHeader(CloudEventHeaders.ID)))
                .contains(before.iterator().next())
                .doesNotContain(after, backdatedId);

        Result inbox = audit("verify", "--topic", Topics.inbox("nctc"));
        assertThat(inbox.exit()).as(inbox.out() + inbox.err()).isZero();
        assertThat(inbox.out().lines().filter(l -> l.startsWith("  warning at ")))
                .hasSize(before.size())
                .allSatisfy(line -> assertThat(line)
                        .endsWith("signed by " + revoked.keyId() + ", a key that was later revoked (from "
                                + from.truncatedTo(ChronoUnit.MILLIS) + ")"));
        Result outbox = audit("verify", "--topic", Topics.outbox("nctc"));
        assertThat(outbox.exit()).isEqualTo(1);
        assertThat(outbox.out().lines().filter(l -> l.startsWith("  key-revoked at ")))
                .hasSize(2);
        assertThat(outbox.out().lines().filter(l -> l.startsWith("  warning at ")))
                .hasSize(before.size());

        // Should a delivery signed with the revoked key reach nctc's inbox all the same (here written with the
        // exchange's own account and countersignature), nctc's service refuses it too and sets it aside.
        ProducerRecord<String, byte[]> event =
                codec.seal(Topics.inbox("nctc"), codec.envelope("nctc", assessment("Kinango")));
        byRevoked.signEvents(List.of(event.headers()), List.of(event.value()));
        event.headers().add(SignatureHeaders.LEAF, SignedContent.eventLeaf(event.headers(), event.value()));
        event.headers()
                .add(SignatureHeaders.LEDGER_TIME, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        RecordSigner.exchange(bus.signingKeys("exchange"))
                .sign(List.of(new RecordSigner.Signable(
                        event.headers(),
                        SignedContent.deliveryLeaf(
                                SignedContent.senderLeafOf(event.headers()).orElseThrow(),
                                Topics.inbox("nctc"),
                                event.headers(),
                                event.value()))));
        try (KafkaProducer<String, byte[]> asExchange = bus.producer("exchange")) {
            asExchange.send(event).get();
        }
        String injected = header(event.headers().lastHeader(CloudEventHeaders.ID));
        ConsumerRecord<String, byte[]> setAside = bus.awaitRecords(
                        "auditor",
                        Topics.quarantineOf("nctc"),
                        r -> injected.equals(header(r.headers().lastHeader(CloudEventHeaders.ID))),
                        1)
                .get(0);
        assertThat(header(setAside.headers().lastHeader(Quarantine.REASON))).isEqualTo("KEY_REVOKED");
    }

    @Test
    void aDirectoryStatementNotSignedByTheOperatorIsIgnored() throws Exception {
        // Someone with write access to ddrr.keys but not the operator's directory key registers their own key for cicc.
        DirectoryKey impostor = DirectoryKey.generate();
        SigningKey planted = SigningKey.generate("cicc");
        try (KeyRegistrar forger = KeyRegistrar.connect(
                bus.broker().adminClientProperties(),
                impostor,
                Set.of("cicc"),
                Clock.systemUTC(),
                Duration.ofSeconds(30))) {
            forger.approve(KeyRequest.of(planted, Instant.now()), Duration.ZERO);
        }
        String id = publish(
                "cicc",
                RecordSigner.sender(planted),
                new SupportDelivered("KE-FORG-0001", null, "nctc", ServiceKind.PSYCHOSOCIAL, LocalDate.now()));

        assertThat(outcome("cicc", id))
                .isEqualTo(new Outcome(
                        "BAD_SIGNATURE", "signature does not verify: unknown signing key " + planted.keyId()));
        assertThat(bus.keyDirectory().find(planted.keyId())).isEmpty();
        Result listed = operator("list");
        assertThat(listed.out())
                .doesNotContain(planted.keyId())
                .contains(bus.signingKey("cicc").keyId());
    }

    @Test
    void theCommandsRefuseBadInputInOneLine() throws Exception {
        Path node = Files.createTempDirectory(scratch, "bad-input-node");
        // An agency the agreement does not name.
        Path stranger = request("ngo-x", node);
        Result notInAgreement = approve(stranger);
        // A request whose key was swapped on its way: the proof is of another key.
        Path honest = request("county", node);
        SigningKey other = SigningKey.generate("county");
        String swapped = Files.readString(honest)
                .replaceAll("keyId=.*", "keyId=" + other.keyId())
                .replaceAll("publicKey=.*", "publicKey=" + Base64.getEncoder().encodeToString(other.publicKey()));
        Path forged = node.resolve("forged.request");
        Files.writeString(forged, swapped);
        Path malformed = node.resolve("malformed.request");
        Files.writeString(malformed, "format=ddrr-key-request-v1\nagency=county\n");
        // cicc has one key only.
        String onlyKey = bus.signingKey("cicc").keyId();

        List<Result> refusals = List.of(
                notInAgreement,
                approve(forged),
                approve(malformed),
                approve(node.resolve("missing.request")),
                operator("revoke", onlyKey),
                operator("revoke", "cicc/00000000"),
                operator("revoke", onlyKey, "--from", "yesterday"));

        assertThat(refusals).allSatisfy(r -> {
            assertThat(r.exit()).as(r.err()).isNotZero();
            assertThat(r.out()).isEmpty();
            assertThat(r.err().lines())
                    .singleElement()
                    .asString()
                    .startsWith("ddrr: ")
                    .doesNotContain("Exception");
        });
        assertThat(refusals.stream().map(r -> r.err().strip()).toList())
                .containsExactly(
                        "ddrr: 'ngo-x' is neither an agency of the sharing agreement nor a component of the bus, so"
                                + " it cannot have a signing key (these can: auditor, cicc, county, dashboard,"
                                + " embassy-de, embassy-dk, embassy-nl, embassy-us, exchange, iom, nctc)",
                        "ddrr: the request for " + other.keyId() + " is forged or altered: its proof of possession is"
                                + " not the signature of the key it asks to register",
                        "ddrr: " + malformed + " is not a valid key request: the field keyId is missing",
                        "ddrr: no key request at " + node.resolve("missing.request"),
                        "ddrr: " + onlyKey + " is the only key that speaks for cicc: register its successor first"
                                + " (./ddrr keys request cicc on its node, then ./ddrr keys approve), then revoke"
                                + " this one",
                        "ddrr: no key cicc/00000000 in the key directory (./ddrr keys list shows them)",
                        "ddrr: --from must be an instant such as 2026-12-03T10:00:00Z, or now; not 'yesterday'");
        // Approving the same request twice registers nothing new.
        Path once = request("county", node);
        assertThat(approve(once).exit()).isZero();
        Result twice = approve(once);
        assertThat(twice.exit()).isEqualTo(1);
        assertThat(twice.err()).contains("is already registered");
    }

    private static Result audit(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--bootstrap",
                bus.bootstrapServers(),
                "--password",
                bus.passwordOf("auditor"),
                "--keys-dir",
                bus.keysDir().toString(),
                "--ca",
                bus.caCertificate().orElseThrow().toString(),
                "--as",
                "key-directory-it",
                "--purpose",
                "oversight"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AuditMain.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }
}
