package org.ddrrbus.federation.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.ddrrbus.broker.FreePorts;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralOutcome;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.agreement.FederationLoader;
import org.ddrrbus.federation.mirror.MirrorLink;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two national buses, Kenya (ke) and Somalia (so), each a real locked-down broker provisioned from its agreement,
 * linked by Kafka's own MirrorMaker 2 running the federation's two one-way flows; on each bus the exchange's
 * federation outlet and inlet. Plays the cross-border story and every fault of issue 16.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final EventCodec CODEC = new EventCodec();

    private static TestBus ke;
    private static TestBus so;
    private static FederationAgreement agreement;
    private static Map<String, String> mirrorSettings;
    private static MirrorLink mirror;
    private static final List<AutoCloseable> sides = new ArrayList<>();

    @BeforeAll
    static void twoBusesLinked() throws Exception {
        SharingAgreement national = AgreementLoader.loadDefault();
        ke = TestBus.start(national);
        so = TestBus.start(national);
        // Each operator lists the keys the other side must trust: its exchange's and its senders'.
        String text = Files.readString(Path.of("../config/federation-agreement.yaml"))
                .replaceFirst("keys: \\{}", keysOf(ke))
                .replaceFirst("keys: \\{}", keysOf(so));
        agreement = new FederationLoader(
                        org.ddrrbus.events.EventCatalogue.get(), Map.of("ke", national, "so", national))
                .parse(text, "federation-agreement.yaml");
        for (var side : Map.of("ke", ke, "so", so).entrySet()) {
            TestBus bus = side.getValue();
            String local = side.getKey();
            try (var admin = bus.admin()) {
                FederationSetup.apply(admin, local, agreement.other(local).country(), 2);
            }
            sides.add(new Outlet(
                            local,
                            agreement,
                            bus.clientProperties(Components.EXCHANGE),
                            bus.verifier(),
                            () -> bus.signingKey(Components.EXCHANGE))
                    .start());
            sides.add(new Inlet(
                            local,
                            agreement,
                            national,
                            bus.clientProperties(Components.EXCHANGE),
                            () -> bus.signingKey(Components.EXCHANGE))
                    .start());
        }
        mirrorSettings = MirrorLink.settings(
                Map.of(
                        "ke",
                        ke.broker().adminClientProperties(),
                        "so",
                        so.broker().adminClientProperties()),
                FreePorts.next());
        mirror = MirrorLink.start(mirrorSettings);
    }

    @AfterAll
    static void stop() throws Exception {
        if (mirror != null) {
            mirror.close();
        }
        for (AutoCloseable side : sides) {
            side.close();
        }
        if (ke != null) {
            ke.close();
        }
        if (so != null) {
            so.close();
        }
    }

    @Test
    @Order(1)
    void aReturnAndACrossBorderReferralAreAcceptedAndCompletedAcrossTwoCountries() {
        String person = subjectRef("SO");
        String consentRef = "CR-" + person;
        String referralId = "RF-" + UUID.randomUUID();
        // Somalia: the border returns office records the return, the person's consent, and a referral to IOM Kenya.
        String returned = idOf(so.publish(
                "iom", new BorderReturnRecorded(person, "Mandera", "Mandera Town", "Gedo", LocalDate.now())));
        so.publish("iom", new ConsentRecorded(person, consentRef, List.of("border-management"), LocalDate.now(), null));
        String referred = idOf(so.publish(
                "iom",
                new ReferralIssued(
                        person,
                        referralId,
                        "iom",
                        "Mandera",
                        List.of(ServiceKind.INFORMATION_COUNSELLING),
                        Priority.WITHIN_72_HOURS,
                        "border-management",
                        consentRef)));

        // Kenya: NCTC receives the return, without the field the flow withholds; IOM Kenya receives the referral.
        ConsumerRecord<String, byte[]> atNctc = awaitOne(ke, Topics.inbox("nctc"), withId(returned));
        BorderReturnRecorded delivered = (BorderReturnRecorded) CODEC.decode(atNctc.value());
        assertThat(delivered.getReturnedFrom()).isNull();
        assertThat(delivered.getBorderPoint()).isEqualTo("Mandera Town");
        assertThat(HeaderText.of(atNctc.headers(), FederationTopics.FROM_BUS_HEADER))
                .hasValue("so");
        awaitOne(ke, Topics.inbox("iom"), withId(referred));

        // Kenya's IOM accepts and completes it; Somalia's IOM hears both.
        String accepted = idOf(ke.publish("iom", new ReferralAccepted(person, referralId, "iom", null)));
        String completed = idOf(ke.publish(
                "iom", new ReferralCompleted(person, referralId, "iom", ReferralOutcome.SERVICES_DELIVERED)));
        awaitOne(so, Topics.inbox("iom"), withId(accepted));
        awaitOne(so, Topics.inbox("iom"), withId(completed));
    }

    @Test
    @Order(2)
    void anEventTypeTheFederationDoesNotListNeverLeavesItsBus() {
        String person = subjectRef("KE");
        // ReferralIssued may cross from so to ke only; from ke it stays home. Then a listed event from the same agency.
        String unlisted = idOf(ke.publish(
                "iom",
                new ReferralIssued(
                        person,
                        "RF-" + UUID.randomUUID(),
                        "iom",
                        "Garissa",
                        List.of(ServiceKind.LIVELIHOOD),
                        Priority.WITHIN_2_WEEKS,
                        "border-management",
                        "CR-X")));
        String listed = idOf(ke.publish("iom", new ReferralAccepted(person, "RF-1", "iom", null)));
        awaitOne(so, Topics.inbox("iom"), withId(listed));

        // On the wire: the outgoing topic on ke and its copy on so hold only listed types, and never that event.
        Set<String> mayLeaveKe = Set.of(
                ReferralAccepted.class.getName().replace("org.ddrrbus.events.", ""),
                "ReferralCompleted",
                "DeliveryRejected");
        for (TestBus bus : List.of(ke, so)) {
            List<ConsumerRecord<String, byte[]>> wire = raw(bus, FederationTopics.flow("ke", "so"));
            assertThat(wire).isNotEmpty();
            assertThat(wire).noneMatch(withId(unlisted));
            assertThat(wire)
                    .extracting(r -> CODEC.open(r) instanceof org.ddrrbus.client.envelope.Opened.Valid v
                            ? v.envelope().typeName()
                            : "unreadable")
                    .allMatch(mayLeaveKe::contains);
        }
        assertThat(raw(so, Topics.inbox("iom"))).noneMatch(withId(unlisted));
    }

    @Test
    @Order(3)
    void forgedUnsignedAndUntrustedForeignEventsAreQuarantinedAndTheSenderIsTold() throws Exception {
        String incoming = FederationTopics.flow("so", "ke");
        // Written straight into ke's copy of so's outgoing topic, as a compromised link could.
        ProducerRecord<String, byte[]> unsigned =
                sealed(new BorderReturnRecorded(subjectRef("SO"), "Mandera", null, null, LocalDate.now()), incoming);
        ProducerRecord<String, byte[]> untrusted =
                sealed(new BorderReturnRecorded(subjectRef("SO"), "Mandera", null, null, LocalDate.now()), incoming);
        SigningKey stranger = SigningKey.generate("iom");
        RecordSigner.sender(stranger).signEvents(List.of(untrusted.headers()), List.of(untrusted.value()));
        byte[] leaf = SignedContent.eventLeaf(untrusted.headers(), untrusted.value());
        untrusted.headers().add(SignatureHeaders.LEAF, leaf);
        RecordSigner.exchange(SigningKey.generate(Components.EXCHANGE))
                .sign(List.of(new RecordSigner.Signable(
                        untrusted.headers(),
                        SignedContent.deliveryLeaf(leaf, incoming, untrusted.headers(), untrusted.value()))));
        // A genuine crossing of so, its value then altered.
        String person = subjectRef("SO");
        String genuine =
                idOf(so.publish("iom", new BorderReturnRecorded(person, "Mandera", "El Wak", null, LocalDate.now())));
        ConsumerRecord<String, byte[]> original = awaitOne(ke, incoming, withId(genuine));
        ProducerRecord<String, byte[]> forged = new ProducerRecord<>(
                incoming,
                null,
                person,
                CODEC.encode(new BorderReturnRecorded(person, "Mandera", "Kiunga", null, LocalDate.now())),
                original.headers());
        forged.headers().remove(CloudEventHeaders.ID);
        String forgedId = UUID.randomUUID().toString();
        forged.headers().add(CloudEventHeaders.ID, forgedId.getBytes());

        try (KafkaProducer<String, byte[]> producer =
                TestBus.producer(ke.broker().adminClientProperties())) {
            producer.send(unsigned).get();
            producer.send(untrusted).get();
            producer.send(forged).get();
        }

        Map<String, RejectionReason> expected = Map.of(
                idOf(List.of(unsigned)),
                RejectionReason.UNSIGNED,
                idOf(List.of(untrusted)),
                RejectionReason.BAD_SIGNATURE,
                forgedId,
                RejectionReason.BAD_SIGNATURE);
        for (var refused : expected.entrySet()) {
            ConsumerRecord<String, byte[]> quarantined = awaitOne(ke, Topics.QUARANTINE, withId(refused.getKey()));
            assertThat(HeaderText.of(quarantined.headers(), Quarantine.REASON))
                    .hasValue(refused.getValue().name());
            assertThat(raw(ke, Topics.inbox("nctc"))).noneMatch(withId(refused.getKey()));
            // Somalia's IOM hears of it in its inbox, from its own exchange, relaying ke's signed notice.
            ConsumerRecord<String, byte[]> told = awaitOne(
                    so,
                    Topics.inbox("iom"),
                    r -> CODEC.decode(r.value()) instanceof DeliveryRejected notice
                            && notice.getRejectedEventId().equals(refused.getKey()));
            assertThat(((DeliveryRejected) CODEC.decode(told.value())).getReason())
                    .isEqualTo(refused.getValue());
        }
    }

    @Test
    @Order(4)
    void mirrorMakerStoppedAndRestartedMidStreamLosesAndDuplicatesNothing() throws Exception {
        List<String> sent = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            sent.add(idOf(so.publish("iom", returnOf(subjectRef("SO"), n))));
        }
        mirror.close();
        for (int i = 0; i < 20; i++) {
            sent.add(idOf(so.publish("iom", returnOf(subjectRef("SO"), n))));
        }
        mirror = MirrorLink.start(mirrorSettings);
        for (int i = 0; i < 20; i++) {
            sent.add(idOf(so.publish("iom", returnOf(subjectRef("SO"), n))));
        }

        List<String> delivered = awaitIds(ke, Topics.inbox("nctc"), sent);
        assertThat(delivered).as("lost").containsAll(sent);
        assertThat(delivered).as("duplicated").doesNotHaveDuplicates();
        System.out.printf(
                "MirrorMaker restart: sent %d, delivered %d, lost %d, duplicated %d%n",
                sent.size(),
                delivered.size(),
                sent.stream().filter(id -> !delivered.contains(id)).count(),
                delivered.size() - Set.copyOf(delivered).size());
    }

    @Test
    @Order(5)
    void oneBusDownTheOtherKeepsWorkingAndCatchesUpAfter() throws Exception {
        // Twenty seconds stand in for the minute: long enough for every client and MirrorMaker to fail over.
        ke.broker().close();
        List<String> sent = new ArrayList<>();
        AtomicInteger n = new AtomicInteger();
        long downUntil = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < downUntil) {
            sent.add(idOf(so.publish("iom", returnOf(subjectRef("SO"), n))));
        }
        // Somalia kept working: everything is on its outgoing topic.
        assertThat(raw(so, FederationTopics.flow("so", "ke")).stream()
                        .map(FederationIT::id)
                        .toList())
                .containsAll(sent);
        ke.broker().start();

        List<String> delivered = awaitIds(ke, Topics.inbox("nctc"), sent);
        assertThat(delivered).containsAll(sent).doesNotHaveDuplicates();
        System.out.printf("Bus ke down 20 s: %d sent meanwhile, all delivered once after%n", sent.size());
    }

    private static BorderReturnRecorded returnOf(String person, AtomicInteger n) {
        n.incrementAndGet();
        return new BorderReturnRecorded(person, "Mandera", "Mandera Town", null, LocalDate.now());
    }

    private static List<String> awaitIds(TestBus bus, String topic, List<String> ids) {
        Set<String> wanted = Set.copyOf(ids);
        List<String> found = new ArrayList<>();
        Awaitility.await(topic + " to hold " + ids.size() + " events")
                .atMost(WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    found.clear();
                    raw(bus, topic).stream()
                            .map(FederationIT::id)
                            .filter(wanted::contains)
                            .forEach(found::add);
                    return Set.copyOf(found).containsAll(wanted);
                });
        return List.copyOf(found);
    }

    private static ConsumerRecord<String, byte[]> awaitOne(
            TestBus bus, String topic, Predicate<ConsumerRecord<String, byte[]>> matching) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        Awaitility.await("a record on " + topic)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    found.clear();
                    raw(bus, topic).stream().filter(matching).forEach(found::add);
                    return !found.isEmpty();
                });
        assertThat(found).as("copies on " + topic).hasSize(1);
        return found.get(0);
    }

    private static List<ConsumerRecord<String, byte[]>> raw(TestBus bus, String topic) {
        try (KafkaConsumer<String, byte[]> consumer =
                TestBus.consumer(bus.broker().adminClientProperties())) {
            return TestBus.readAll(consumer, topic);
        }
    }

    private static ProducerRecord<String, byte[]> sealed(BorderReturnRecorded event, String topic) {
        return CODEC.seal(topic, CODEC.envelope("iom", event));
    }

    private static Predicate<ConsumerRecord<String, byte[]>> withId(String id) {
        return r -> id.equals(id(r));
    }

    private static String id(ConsumerRecord<String, byte[]> record) {
        return HeaderText.of(record.headers(), CloudEventHeaders.ID).orElse("");
    }

    private static String idOf(List<ProducerRecord<String, byte[]>> published) {
        return HeaderText.of(published.get(0).headers(), CloudEventHeaders.ID).orElseThrow();
    }

    private static String subjectRef(String country) {
        String code =
                UUID.randomUUID().toString().replace("-", "").toUpperCase().replaceAll("[^A-Z0-9]", "");
        return country + "-" + code.substring(0, 4) + "-" + code.substring(4, 8);
    }

    private static String keysOf(TestBus bus) {
        Map<String, String> keys = new HashMap<>();
        for (String principal : List.of(Components.EXCHANGE, "iom")) {
            SigningKey key = bus.signingKey(principal);
            keys.put(key.keyId(), Base64.getEncoder().encodeToString(key.publicKey()));
        }
        StringBuilder yaml = new StringBuilder("keys:");
        keys.forEach(
                (id, key) -> yaml.append("\n      \"").append(id).append("\": ").append(key));
        return java.util.regex.Matcher.quoteReplacement(yaml.toString());
    }
}
