package org.ddrrbus.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.WireLimits;
import org.ddrrbus.client.quarantine.QuarantinedRecord;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.MentorshipSessionHeld;
import org.ddrrbus.events.Participant;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.SessionFormat;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding 1 of the security review, through the real exchange on a real broker: with only its Kafka password, an
 * agency writes records meant to stop the exchange. Each is set aside with its source offset, the sender is told, the
 * exchange's lag returns to zero and the next good event is delivered.
 */
class PoisonRecordIT {

    private static final TestBus bus = TestBus.shared();
    private static final EventCodec codec = new EventCodec();
    private static RunningExchange exchange;

    @BeforeAll
    static void start() {
        exchange = RunningExchange.start(bus);
    }

    @AfterAll
    static void stop() {
        exchange.close();
    }

    private static ProducerRecord<String, byte[]> sealed(String agency, String subject) {
        BorderReturnRecorded event = new BorderReturnRecorded(subject, "Kwale", null, null, LocalDate.now());
        return codec.seal(Topics.outbox(agency), codec.envelope(agency, event));
    }

    private static ProducerRecord<String, byte[]> signed(String agency, ProducerRecord<String, byte[]> record) {
        RecordSigner.sender(bus.signingKey(agency)).signEvents(List.of(record.headers()), List.of(record.value()));
        return record;
    }

    /** Writes as the agency, with a producer that lets a record as large as the broker takes through. */
    private static RecordMetadata write(String agency, ProducerRecord<String, byte[]> record) throws Exception {
        Map<String, Object> props = new HashMap<>(bus.clientProperties(agency));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20);
        try (KafkaProducer<String, byte[]> producer = TestBus.producer(props)) {
            return producer.send(record).get();
        }
    }

    private static QuarantinedRecord quarantinedFrom(RecordMetadata at) {
        List<ConsumerRecord<String, byte[]>> found = bus.awaitRecords(
                "auditor",
                Topics.QUARANTINE,
                r -> {
                    QuarantinedRecord q = QuarantinedRecord.from(r);
                    return q.sourceTopic().equals(at.topic())
                            && q.sourcePartition() == at.partition()
                            && q.sourceOffset() == at.offset();
                },
                1);
        assertThat(found).hasSize(1);
        ConsumerRecord<String, byte[]> record = found.get(0);
        assertThat(record.serializedKeySize() + Math.max(0, record.serializedValueSize()))
                .isLessThanOrEqualTo(WireLimits.MAX_WRITTEN_RECORD_BYTES);
        return QuarantinedRecord.from(record);
    }

    private static DeliveryRejected noticeFor(String agency, RecordMetadata at) {
        List<ConsumerRecord<String, byte[]>> found = bus.awaitRecords(
                "auditor",
                Topics.inbox(agency),
                r -> codec.open(r) instanceof Opened.Valid v
                        && v.envelope().event() instanceof DeliveryRejected d
                        && d.getSourceTopic().equals(at.topic())
                        && d.getSourcePartition() == at.partition()
                        && d.getSourceOffset() == at.offset(),
                1);
        return (DeliveryRejected)
                ((Opened.Valid) codec.open(found.get(0))).envelope().event();
    }

    /** The next good event from the agency reaches its recipients, and nothing is left behind in any outbox. */
    private static void stillFlowing(String agency, String subject) {
        bus.publish(agency, new BorderReturnRecorded(subject, "Lamu", null, null, LocalDate.now()));
        bus.awaitRecords("auditor", Topics.inbox("nctc"), r -> subject.equals(r.key()), 1);
        exchange.awaitLagZero();
    }

    @Test
    void aRecordAtTheBrokersSizeLimitIsSetAsideAsAPointerToItsSource() throws Exception {
        ProducerRecord<String, byte[]> base = signed("iom", sealed("iom", "KE-PSN1-0001"));
        RecordMetadata at = null;
        // The largest value the broker takes in this record, to within 256 bytes.
        for (int size = 1 << 20; at == null; size -= 256) {
            byte[] value = new byte[size];
            System.arraycopy(base.value(), 0, value, 0, base.value().length);
            try {
                at = write("iom", new ProducerRecord<>(base.topic(), null, base.key(), value, base.headers()));
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(RecordTooLargeException.class);
            }
        }

        QuarantinedRecord quarantined = quarantinedFrom(at);
        assertThat(quarantined.reason()).isEqualTo("OVERSIZED");
        assertThat(quarantined.value())
                .as("too large to copy: the source offset stands for it")
                .isNull();
        assertThat(noticeFor("iom", at).getReason()).isEqualTo(RejectionReason.OVERSIZED);
        stillFlowing("iom", "KE-PSN1-0002");
    }

    @Test
    void aCeIdOf450KilobytesIsSetAsideAndNeverEchoedWhole() throws Exception {
        ProducerRecord<String, byte[]> record = sealed("nctc", "KE-PSN2-0001");
        record.headers().remove(CloudEventHeaders.ID);
        record.headers().add(CloudEventHeaders.ID, "i".repeat(450 * 1024).getBytes(StandardCharsets.UTF_8));
        RecordMetadata at = write("nctc", signed("nctc", record));

        assertThat(quarantinedFrom(at).reason()).isEqualTo("MALFORMED_HEADER");
        DeliveryRejected notice = noticeFor("nctc", at);
        assertThat(notice.getRejectedEventId().length()).isLessThanOrEqualTo(WireLimits.MAX_ECHOED_TEXT + 3);
        stillFlowing("iom", "KE-PSN2-0002");
    }

    @Test
    void tenThousandHeadersAreSetAsideWithoutCopyingThem() throws Exception {
        ProducerRecord<String, byte[]> record = signed("iom", sealed("iom", "KE-PSN3-0001"));
        for (int i = 0; i < 10_000; i++) {
            record.headers().add("x-" + i, "y".repeat(90).getBytes(StandardCharsets.UTF_8));
        }
        RecordMetadata at = write("iom", record);

        QuarantinedRecord quarantined = quarantinedFrom(at);
        assertThat(quarantined.reason()).isEqualTo("HEADER_NOT_ALLOWED");
        assertThat(noticeFor("iom", at).getReason()).isEqualTo(RejectionReason.HEADER_NOT_ALLOWED);
        stillFlowing("iom", "KE-PSN3-0002");
    }

    @Test
    void aKeyOf450KilobytesIsSetAside() throws Exception {
        ProducerRecord<String, byte[]> record = signed("iom", sealed("iom", "KE-PSN4-0001"));
        RecordMetadata at = write(
                "iom",
                new ProducerRecord<>(record.topic(), null, "K".repeat(450 * 1024), record.value(), record.headers()));

        assertThat(quarantinedFrom(at).reason()).isIn("MALFORMED_HEADER");
        stillFlowing("iom", "KE-PSN4-0002");
    }

    /**
     * The second line: a delivery the exchange measured as fine but the broker refuses (here an inbox set to take
     * less than the default) aborts the transaction once; the input is then set aside instead of tried for ever.
     */
    @Test
    void aDeliveryTheBrokerRefusesIsSetAsideAndTheExchangeKeepsGoing() throws Exception {
        ConfigResource nctcInbox = new ConfigResource(ConfigResource.Type.TOPIC, Topics.inbox("nctc"));
        setMaxMessageBytes(nctcInbox, "2048");
        try {
            // Random, so that no compression brings the delivery under the inbox's limit.
            java.util.Random random = new java.util.Random(18);
            List<Participant> crowd = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                crowd.add(Participant.values()[random.nextInt(Participant.values().length)]);
            }
            List<ProducerRecord<String, byte[]>> sent = bus.publish(
                    "cicc",
                    new MentorshipSessionHeld(
                            "KE-PSN5-0001", null, "nctc", SessionFormat.GROUP, crowd, 90, LocalDate.now()));
            String eventId = new String(
                    sent.get(0).headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8);

            List<ConsumerRecord<String, byte[]>> told = bus.awaitRecords(
                    "auditor",
                    Topics.inbox("cicc"),
                    r -> codec.open(r) instanceof Opened.Valid v
                            && v.envelope().event() instanceof DeliveryRejected d
                            && d.getRejectedEventId().equals(eventId),
                    1);
            DeliveryRejected notice = (DeliveryRejected)
                    ((Opened.Valid) codec.open(told.get(0))).envelope().event();
            assertThat(notice.getReason()).isEqualTo(RejectionReason.OVERSIZED);
            assertThat(notice.getDetail()).contains("larger than the broker accepts");
            assertThat(bus.readAll("auditor", Topics.QUARANTINE).stream()
                            .map(QuarantinedRecord::from)
                            .filter(q -> q.sourceTopic().equals(Topics.outbox("cicc"))
                                    && q.sourceOffset() == notice.getSourceOffset()
                                    && q.sourcePartition() == notice.getSourcePartition())
                            .map(QuarantinedRecord::reason))
                    .containsExactly("OVERSIZED");
        } finally {
            setMaxMessageBytes(nctcInbox, null);
        }
        stillFlowing("iom", "KE-PSN5-0002");
    }

    private static void setMaxMessageBytes(ConfigResource topic, String value) throws Exception {
        try (var admin = bus.admin()) {
            AlterConfigOp op = value == null
                    ? new AlterConfigOp(new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)
                    : new AlterConfigOp(new ConfigEntry("max.message.bytes", value), AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(op))).all().get();
        }
    }
}
