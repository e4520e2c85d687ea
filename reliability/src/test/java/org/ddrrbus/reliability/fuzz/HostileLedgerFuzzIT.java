package org.ddrrbus.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.awaitility.Awaitility;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.WireLimits;
import org.ddrrbus.client.quarantine.QuarantinedRecord;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.events.DeclineReason;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.MentorshipSessionHeld;
import org.ddrrbus.events.Participant;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralOutcome;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SessionFormat;
import org.ddrrbus.events.SupportDelivered;
import org.ddrrbus.events.WithdrawalReason;
import org.ddrrbus.exchange.ExchangeApplication;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Hostile agencies on the ledger, through the real exchange on a real broker (findings 1 to 3 of the security
 * review): records built to be too large to echo, and sequences of consent and referral events in which agencies act
 * on what is not theirs. After each case the exchange's lag returns to zero, every hostile record is quarantined once
 * with its expected reason, and what the agencies were entitled to still arrives.
 */
class HostileLedgerFuzzIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private static final String EDGE = "ledger";
    private static final int OVERSIZED_CASES = 16;
    private static final int SEQUENCES = 12;

    private static final TestBus bus = TestBus.shared();
    private static final EventCodec codec = new EventCodec();
    private static ConfigurableApplicationContext exchange;

    @BeforeAll
    static void startExchange() throws Exception {
        exchange = ExchangeApplication.application()
                .run(
                        "--ddrr.bus.bootstrap-servers=" + bus.bootstrapServers(),
                        "--ddrr.bus.password=" + bus.passwordOf(Components.EXCHANGE),
                        "--ddrr.bus.keys-dir=" + bus.keysDir(),
                        "--ddrr.exchange.state-dir=" + scratch.resolve("hostile-ledger-exchange"),
                        "--server.tomcat.basedir="
                                + scratch.resolve("hostile-ledger-exchange").resolve("tomcat"));
    }

    @AfterAll
    static void stopExchange() {
        if (exchange != null) {
            exchange.close();
        }
    }

    /** A record written, and the reason the exchange must refuse it with, or none when it must deliver it. */
    private record Written(String what, String agency, RecordMetadata at, RejectionReason expected, String eventId) {}

    @Test
    void oversizedKeysAndHeadersAreSetAsideAndTheExchangeKeepsUp() throws Exception {
        long started = System.nanoTime();
        String test = "oversizedKeysAndHeadersAreSetAsideAndTheExchangeKeepsUp";
        Random random = Fuzz.random(test);
        String run = Fuzz.alphanumeric(random, 4).toUpperCase();
        List<Written> written = new ArrayList<>();
        for (int i = 0; i < OVERSIZED_CASES; i++) {
            ProducerRecord<String, byte[]> record = signed("iom", sealed("iom", subject(run, "H", i)));
            int kind = i % 6;
            String what;
            RejectionReason expected;
            switch (kind) {
                case 0 -> {
                    what = "key of " + (Fuzz.between(random, 100, 900)) + " KB";
                    record = new ProducerRecord<>(
                            record.topic(),
                            null,
                            Fuzz.alphanumeric(random, Fuzz.between(random, 100, 900) * 1024),
                            record.value(),
                            record.headers());
                    expected = RejectionReason.MALFORMED_HEADER;
                }
                case 1 -> {
                    int kb = Fuzz.between(random, 200, 900);
                    what = "ce_id of " + kb + " KB";
                    record.headers().remove(CloudEventHeaders.ID);
                    record.headers()
                            .add(
                                    CloudEventHeaders.ID,
                                    Fuzz.alphanumeric(random, kb * 1024).getBytes(StandardCharsets.UTF_8));
                    signed("iom", record);
                    expected = RejectionReason.MALFORMED_HEADER;
                }
                case 2 -> {
                    int count = Fuzz.between(random, 1_000, 10_000);
                    what = count + " extra headers";
                    for (int h = 0; h < count; h++) {
                        record.headers().add("x-" + h, Fuzz.bytes(random, Fuzz.between(random, 0, 60)));
                    }
                    expected = RejectionReason.HEADER_NOT_ALLOWED;
                }
                case 3 -> {
                    int kb = Fuzz.between(random, 100, 900);
                    what = "a header name of " + kb + " KB";
                    record.headers().add(Fuzz.alphanumeric(random, kb * 1024), new byte[] {1});
                    expected = RejectionReason.HEADER_NOT_ALLOWED;
                }
                case 4 -> {
                    int kb = Fuzz.between(random, 100, 900);
                    what = "a signature proof of " + kb + " KB";
                    record.headers().remove(SignatureHeaders.PROOF);
                    record.headers().add(SignatureHeaders.PROOF, Fuzz.bytes(random, kb * 1024));
                    expected = RejectionReason.BAD_SIGNATURE;
                }
                default -> {
                    int size = (1 << 20) - Fuzz.between(random, 2_000, 40_000);
                    what = "a value of " + size + " bytes";
                    byte[] value = Fuzz.bytes(random, size);
                    System.arraycopy(record.value(), 0, value, 0, record.value().length);
                    record = new ProducerRecord<>(
                            record.topic(),
                            null,
                            record.key(),
                            value,
                            new RecordHeaders(record.headers().toArray()));
                    expected = RejectionReason.OVERSIZED;
                }
            }
            written.add(new Written(what, "iom", write("iom", record), expected, ""));
            // After each case: the exchange is not stuck, and the next good event still flows.
            ProducerRecord<String, byte[]> good = signed("iom", sealed("iom", subject(run, "G", i)));
            written.add(new Written("good after " + what, "iom", write("iom", good), null, idOf(good)));
            awaitLagZero();
        }

        assertEveryHostileRecordIsQuarantinedOnce(test, written);
        assertEveryGoodRecordReached(test, written, "nctc");
        Fuzz.report(EDGE, test, written.size(), 2 * OVERSIZED_CASES, started);
    }

    @Test
    void hostileConsentAndReferralSequencesNeverUndoAWithdrawalNorLetAThirdPartyAct() throws Exception {
        long started = System.nanoTime();
        String test = "hostileConsentAndReferralSequencesNeverUndoAWithdrawalNorLetAThirdPartyAct";
        Random random = Fuzz.random(test);
        String run = Fuzz.alphanumeric(random, 4).toUpperCase();
        List<Written> written = new ArrayList<>();
        Map<String, Boolean> mentorshipWithdrawn = new HashMap<>();
        Map<String, String> finalPhaseChange = new HashMap<>();
        int planned = 0;
        for (int c = 0; c < SEQUENCES; c++) {
            String subject = subject(run, "S", c);
            String mentor = "C-" + run + "-M" + c;
            String support = "C-" + run + "-R" + c;
            String referral = "REF-" + run + "-" + c;
            written.add(step(subject, "nctc", consent(subject, mentor, "mentorship"), null));
            written.add(step(subject, "nctc", consent(subject, support, "reintegration-support"), null));
            written.add(step(subject, "nctc", issued(subject, referral, "iom", support), null));
            planned += 3;
            boolean withdrawn = false;
            int steps = Fuzz.between(random, 6, 14);
            for (int s = 0; s < steps; s++) {
                int kind = random.nextInt(10);
                Written step = switch (kind) {
                    case 0 ->
                        step(
                                subject,
                                Fuzz.pick(random, "nctc", "iom"),
                                consent(subject, mentor, "mentorship"),
                                RejectionReason.CONSENT_REF_REUSED);
                    case 1 ->
                        step(
                                subject,
                                "iom",
                                new ConsentWithdrawn(subject, mentor, List.of(), LocalDate.now()),
                                RejectionReason.CONSENT_NOT_OWNED);
                    case 2 ->
                        step(
                                subject,
                                Fuzz.pick(random, "cicc", "county"),
                                Fuzz.pick(
                                        random,
                                        new ReferralAccepted(subject, referral, "nctc", null),
                                        new ReferralDeclined(subject, referral, "nctc", DeclineReason.OUT_OF_CAPACITY),
                                        new ReferralCompleted(
                                                subject, referral, "nctc", ReferralOutcome.SERVICES_DELIVERED)),
                                RejectionReason.NOT_REFERRAL_PARTY);
                    case 3 ->
                        step(
                                subject,
                                "iom",
                                new ReferralAccepted(subject, referral + "-X", "nctc", null),
                                RejectionReason.UNKNOWN_REFERRAL);
                    case 4 ->
                        step(
                                subject,
                                Fuzz.pick(random, "iom", "county"),
                                new ReferralWithdrawn(subject, referral, "iom", WithdrawalReason.ISSUED_IN_ERROR),
                                RejectionReason.NOT_REFERRAL_PARTY);
                    case 5 ->
                        step(
                                subject,
                                "cicc",
                                new MentorshipSessionHeld(
                                        subject,
                                        referral,
                                        "nctc",
                                        SessionFormat.ONE_TO_ONE,
                                        List.of(Participant.SUBJECT),
                                        45,
                                        LocalDate.now()),
                                RejectionReason.NOT_REFERRAL_PARTY);
                    case 6 ->
                        step(
                                subject,
                                "county",
                                new SupportDelivered(subject, referral, "nctc", ServiceKind.EDUCATION, LocalDate.now()),
                                RejectionReason.NOT_REFERRAL_PARTY);
                    case 7 ->
                        step(
                                subject,
                                "nctc",
                                issued(subject, "REF-" + run + "-" + c + "-" + s, "iom", "C-" + run + "-NEVER"),
                                RejectionReason.NO_CONSENT);
                    case 8 ->
                        step(
                                subject,
                                "iom",
                                new SupportDelivered(
                                        subject, referral, "nctc", ServiceKind.LIVELIHOOD, LocalDate.now()),
                                null);
                    default -> {
                        if (withdrawn) {
                            yield step(
                                    subject,
                                    "nctc",
                                    new ConsentWithdrawn(subject, "C-" + run + "-GONE", List.of(), LocalDate.now()),
                                    RejectionReason.NO_CONSENT);
                        }
                        withdrawn = true;
                        yield step(
                                subject,
                                "nctc",
                                new ConsentWithdrawn(subject, mentor, List.of(), LocalDate.now()),
                                null);
                    }
                };
                written.add(step);
                planned++;
            }
            Written last = step(
                    subject,
                    "nctc",
                    new PhaseChanged(
                            subject, "Kwale", Phase.DISENGAGEMENT, Phase.REHABILITATION, null, LocalDate.now()),
                    null);
            written.add(last);
            planned++;
            mentorshipWithdrawn.put(subject, withdrawn);
            finalPhaseChange.put(subject, last.eventId());
        }

        assertEveryHostileRecordIsQuarantinedOnce(test, written);
        Set<String> atCicc = bus.readAll("auditor", Topics.inbox("cicc")).stream()
                .map(r -> header(r, CloudEventHeaders.ID))
                .collect(Collectors.toSet());
        for (var entry : mentorshipWithdrawn.entrySet()) {
            String what = Fuzz.replay(test) + ": " + entry.getKey() + "'s last phase change at cicc";
            assertThat(atCicc.contains(finalPhaseChange.get(entry.getKey())))
                    .as(what + (entry.getValue() ? " after the withdrawal" : " under consent"))
                    .isEqualTo(!entry.getValue());
        }
        // No answer, withdrawal or report from a third agency reached anyone.
        Set<String> hostileIds = written.stream()
                .filter(w -> w.expected() != null)
                .map(Written::eventId)
                .collect(Collectors.toSet());
        for (String agency : List.of("nctc", "iom")) {
            assertThat(bus.readAll("auditor", Topics.inbox(agency)).stream()
                            .filter(r -> !Components.EXCHANGE.equals(sender(r)))
                            .map(r -> header(r, CloudEventHeaders.ID))
                            .filter(hostileIds::contains)
                            .filter(id -> written.stream()
                                    .noneMatch(w ->
                                            w.eventId().equals(id) && w.agency().equals(agency))))
                    .as(Fuzz.replay(test) + ": refused events delivered to " + agency)
                    .isEmpty();
        }
        Fuzz.report(EDGE, test, written.size(), planned, started);
    }

    private static ConsentRecorded consent(String subject, String ref, String purpose) {
        return new ConsentRecorded(subject, ref, List.of(purpose), LocalDate.now(), null);
    }

    private static ReferralIssued issued(String subject, String id, String to, String consentRef) {
        return new ReferralIssued(
                subject,
                id,
                to,
                "Kwale",
                List.of(ServiceKind.LIVELIHOOD),
                Priority.WITHIN_72_HOURS,
                "reintegration-support",
                consentRef);
    }

    /** One step of a sequence, written and judged before the next, since the exchange orders outboxes by time only. */
    private static Written step(String subject, String agency, SpecificRecord event, RejectionReason expected)
            throws Exception {
        ProducerRecord<String, byte[]> record =
                signed(agency, codec.seal(Topics.outbox(agency), codec.envelope(agency, event)));
        RecordMetadata at = write(agency, record);
        awaitLagZero();
        return new Written(
                event.getClass().getSimpleName() + " from " + agency + " about " + subject,
                agency,
                at,
                expected,
                idOf(record));
    }

    private static ProducerRecord<String, byte[]> sealed(String agency, String subject) {
        return codec.seal(
                Topics.outbox(agency),
                codec.envelope(agency, new BorderReturnRecorded(subject, "Kwale", null, null, LocalDate.now())));
    }

    private static ProducerRecord<String, byte[]> signed(String agency, ProducerRecord<String, byte[]> record) {
        RecordSigner.sender(bus.signingKey(agency)).signEvents(List.of(record.headers()), List.of(record.value()));
        return record;
    }

    private static RecordMetadata write(String agency, ProducerRecord<String, byte[]> record) throws Exception {
        Map<String, Object> props = new HashMap<>(bus.clientProperties(agency));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer = TestBus.producer(props)) {
            return producer.send(record).get();
        }
    }

    private static String subject(String run, String kind, int i) {
        return String.format("KE-%s-%s%03d", run, kind, i);
    }

    private static String idOf(ProducerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String sender(ConsumerRecord<String, byte[]> record) {
        return header(record, CloudEventHeaders.SOURCE).replace(CloudEventHeaders.SOURCE_PREFIX, "");
    }

    /** The exchange's committed offsets reach the end of every outbox: nothing is stuck behind a record. */
    private static void awaitLagZero() {
        try (Admin admin = bus.admin()) {
            Awaitility.await("the exchange's lag to return to zero")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> lag(admin) == 0);
        }
    }

    private static long lag(Admin admin) throws Exception {
        Set<String> outboxes = admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(Topics.OUTBOX_PREFIX))
                .collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(outboxes)
                .allTopicNames()
                .get()
                .values()
                .forEach(d -> d.partitions()
                        .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        Components.EXCHANGE_APPLICATION_ID)
                .partitionsToOffsetAndMetadata()
                .get();
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += end.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    private static void assertEveryHostileRecordIsQuarantinedOnce(String test, List<Written> written) {
        List<ConsumerRecord<String, byte[]>> quarantine = bus.readAll("auditor", Topics.QUARANTINE);
        Map<String, List<QuarantinedRecord>> bySource = quarantine.stream()
                .map(QuarantinedRecord::from)
                .collect(Collectors.groupingBy(
                        q -> q.sourceTopic() + "-" + q.sourcePartition() + "@" + q.sourceOffset()));
        for (ConsumerRecord<String, byte[]> q : quarantine) {
            assertThat(q.serializedKeySize() + Math.max(0, q.serializedValueSize()))
                    .as("a quarantined record within what the exchange writes")
                    .isLessThanOrEqualTo(WireLimits.MAX_WRITTEN_RECORD_BYTES);
        }
        Map<String, DeliveryRejected> notices = new HashMap<>();
        for (String agency : written.stream().map(Written::agency).distinct().toList()) {
            for (ConsumerRecord<String, byte[]> r : bus.readAll("auditor", Topics.inbox(agency))) {
                if (codec.open(r) instanceof Opened.Valid valid
                        && valid.envelope().event() instanceof DeliveryRejected d) {
                    notices.put(d.getSourceTopic() + "-" + d.getSourcePartition() + "@" + d.getSourceOffset(), d);
                }
            }
        }
        for (Written w : written) {
            String at = w.at().topic() + "-" + w.at().partition() + "@" + w.at().offset();
            String what = Fuzz.replay(test) + ": " + w.what() + " at " + at;
            List<QuarantinedRecord> copies = bySource.getOrDefault(at, List.of());
            if (w.expected() == null) {
                assertThat(copies).as(what + ": not quarantined").isEmpty();
                continue;
            }
            assertThat(copies).as(what + ": quarantined once").hasSize(1);
            assertThat(copies.get(0).reason())
                    .as(what + " (%s)", copies.get(0).detail())
                    .isEqualTo(w.expected().name());
            Fuzz.assertReadableLine(copies.get(0).detail(), what + ": quarantine detail");
            assertThat(notices.get(at)).as(what + ": the sender is told").isNotNull();
            assertThat(notices.get(at).getReason()).as(what).isEqualTo(w.expected());
            Fuzz.assertReadableLine(notices.get(at).getDetail(), what + ": notice detail");
        }
    }

    private static void assertEveryGoodRecordReached(String test, List<Written> written, String recipient) {
        Set<String> delivered = bus.readAll("auditor", Topics.inbox(recipient)).stream()
                .map(r -> header(r, CloudEventHeaders.ID))
                .collect(Collectors.toSet());
        for (Written w : written) {
            if (w.expected() == null) {
                assertThat(delivered)
                        .as(Fuzz.replay(test) + ": " + w.what() + " reached " + recipient)
                        .contains(w.eventId());
            }
        }
    }
}
