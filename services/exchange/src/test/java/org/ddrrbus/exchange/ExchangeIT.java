package org.ddrrbus.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.quarantine.QuarantinedRecord;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The exchange application on a real, locked-down broker, logged in as its own principal. */
class ExchangeIT {

    private static final TestBus bus = TestBus.shared();
    private static final EventCodec codec = new EventCodec();
    private static ConfigurableApplicationContext exchange;

    /** The exchange's state, its subject keys beside it and Tomcat's scratch, removed after the class. */
    @TempDir
    static Path state;

    @BeforeAll
    static void start() throws Exception {
        exchange = ExchangeApplication.application().run(RunningExchange.arguments(bus, state));
    }

    @AfterAll
    static void stop() {
        exchange.close();
    }

    private static void publish(String agency, SpecificRecord... events) {
        bus.publish(agency, events);
    }

    private static SpecificRecord event(ConsumerRecord<String, byte[]> record) {
        return ((Opened.Valid) codec.open(record)).envelope().event();
    }

    @Test
    void consentedReferralIsDeliveredToTheRecipientsInbox() throws Exception {
        String subject = "KE-EXIT-0001";
        ReferralIssued referral = new ReferralIssued(
                subject,
                "REF-IT-1",
                "cicc",
                "Lamu",
                List.of(ServiceKind.MENTORSHIP, ServiceKind.FAMILY_MENTORSHIP),
                Priority.WITHIN_2_WEEKS,
                "mentorship",
                "C-IT-1");

        publish("nctc", new ConsentRecorded(subject, "C-IT-1", List.of("mentorship"), LocalDate.now(), null), referral);

        List<ConsumerRecord<String, byte[]>> delivered =
                bus.awaitRecords("cicc", Topics.inbox("cicc"), r -> subject.equals(r.key()), 1);
        assertThat(delivered).extracting(ExchangeIT::event).containsExactly(referral);
        SignatureVerifier verifier = bus.verifier();
        assertThat(verifier.checkSenderOfDelivery(
                        delivered.get(0).headers(), delivered.get(0).timestamp()))
                .isInstanceOfSatisfying(
                        SignatureCheck.Valid.class,
                        valid -> assertThat(valid.signer()).isEqualTo("nctc"));
        assertThat(verifier.checkDelivery(
                        delivered.get(0).headers(),
                        delivered.get(0).value(),
                        Topics.inbox("cicc"),
                        delivered.get(0).timestamp()))
                .isInstanceOfSatisfying(
                        SignatureCheck.Valid.class,
                        valid -> assertThat(valid.signer()).isEqualTo("exchange"));
        assertThat(new String(
                        delivered.get(0).headers().lastHeader("ddrr_purpose").value(), StandardCharsets.UTF_8))
                .isEqualTo("mentorship");
        assertThat(delivered.get(0).headers().lastHeader("ddrr_exchange_input"))
                .as("the producer removes the mark of the input before it signs")
                .isNull();
    }

    @Test
    void eventTypeTheSenderMayNotSendIsQuarantinedAndTheSenderTold() {
        String subject = "KE-EXIT-0002";

        bus.publish("cicc", new ConsentRecorded(subject, "C-IT-2", List.of("mentorship"), LocalDate.now(), null));

        List<ConsumerRecord<String, byte[]>> told =
                bus.awaitRecords("cicc", Topics.inbox("cicc"), r -> subject.equals(r.key()), 1);
        assertThat(event(told.get(0))).isInstanceOfSatisfying(DeliveryRejected.class, rejected -> {
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.SENDER_NOT_PERMITTED);
            assertThat(rejected.getDetail()).isEqualTo("the sharing agreement does not let cicc send ConsentRecorded");
        });
        List<ConsumerRecord<String, byte[]>> quarantined =
                bus.awaitRecords("auditor", Topics.QUARANTINE, r -> subject.equals(r.key()), 1);
        assertThat(QuarantinedRecord.from(quarantined.get(0)).reason()).isEqualTo("SENDER_NOT_PERMITTED");
    }

    @Test
    void garbageOnTheLedgerIsQuarantinedWithItsOrigin() throws Exception {
        try (KafkaProducer<String, byte[]> producer = bus.producer("county")) {
            producer.send(new ProducerRecord<>(
                            Topics.outbox("county"), "KE-EXIT-GARBAGE", "hello".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }

        List<ConsumerRecord<String, byte[]>> quarantined =
                bus.awaitRecords("auditor", Topics.QUARANTINE, r -> "KE-EXIT-GARBAGE".equals(r.key()), 1);
        QuarantinedRecord record = QuarantinedRecord.from(quarantined.get(0));
        assertThat(record.reason()).isEqualTo("MISSING_HEADER");
        assertThat(record.sourceTopic()).isEqualTo("ddrr.outbox.county");
        assertThat(record.sourceOffset()).isGreaterThanOrEqualTo(0);
        assertThat(record.quarantinedBy()).isEqualTo("exchange");
    }

    private static HttpSubjectKeys keysOf(String agency) {
        URI base = URI.create("http://127.0.0.1:" + exchange.getEnvironment().getProperty("local.server.port"));
        return new HttpSubjectKeys(
                base,
                () -> bus.signingKey(agency),
                HttpClient.newHttpClient(),
                Clock.systemUTC(),
                Duration.ofMinutes(5));
    }

    @Test
    void anEventSealedUnderAKeyFromTheExchangeIsDeliveredSealedAndOpensWithTheRecipientsGrant() throws Exception {
        String subject = "KE-EXIT-0003";
        EventCodec nctc = codec.sealingWith(SubjectCipher.of(keysOf("nctc"), bus.agreement()));
        EventCodec cicc = codec.sealingWith(SubjectCipher.of(keysOf("cicc"), bus.agreement()));
        ReferralIssued referral = new ReferralIssued(
                subject,
                "REF-IT-SEALED-3",
                "cicc",
                "Lamu",
                List.of(ServiceKind.MENTORSHIP),
                Priority.WITHIN_2_WEEKS,
                "mentorship",
                "C-IT-3");
        List<ProducerRecord<String, byte[]>> records = List.of(
                nctc.seal(
                        Topics.outbox("nctc"),
                        nctc.envelope(
                                "nctc",
                                new ConsentRecorded(subject, "C-IT-3", List.of("mentorship"), LocalDate.now(), null))),
                nctc.seal(Topics.outbox("nctc"), nctc.envelope("nctc", referral)));
        RecordSigner.sender(bus.signingKey("nctc"))
                .signEvents(
                        records.stream().map(ProducerRecord::headers).toList(),
                        records.stream().map(ProducerRecord::value).toList());
        try (KafkaProducer<String, byte[]> producer = bus.producer("nctc")) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record).get();
            }
        }

        ConsumerRecord<String, byte[]> delivered = bus.awaitRecords(
                        "cicc", Topics.inbox("cicc"), r -> subject.equals(r.key()), 1)
                .get(0);

        assertThat(SubjectCipher.isSealed(delivered.value())).isTrue();
        assertThat(new String(delivered.value(), StandardCharsets.ISO_8859_1))
                .doesNotContain("REF-IT-SEALED-3", "Lamu");
        assertThat(bus.verifier()
                        .checkDelivery(
                                delivered.headers(), delivered.value(), Topics.inbox("cicc"), delivered.timestamp()))
                .isInstanceOf(SignatureCheck.Valid.class);
        assertThat(cicc.open(delivered))
                .isInstanceOfSatisfying(
                        Opened.Valid.class,
                        valid -> assertThat(valid.envelope().event()).isEqualTo(referral));
        assertThat(codec.open(delivered)).isInstanceOf(Opened.Refused.class);
    }
}
