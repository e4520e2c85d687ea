package org.ddrrbus.exchange.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.WireLimits;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.RejectionReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 1 without a broker: whatever a sender puts in a record, what the exchange writes back is bounded, and the
 * next good event still flows. ExchangeIT and LedgerFuzzIT prove the same against a real broker's limits.
 */
class PoisonRecordTest {

    private static final String SUBJECT = "KE-POIS-0001";
    private ExchangeHarness exchange;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        exchange = new ExchangeHarness(AgreementLoader.loadDefault(), stateDir);
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    private ProducerRecord<String, byte[]> returned() {
        BorderReturnRecorded event = new BorderReturnRecorded(SUBJECT, "Kwale", null, null, LocalDate.of(2026, 11, 1));
        return exchange.codec.seal(Topics.outbox("iom"), exchange.codec.envelope("iom", event));
    }

    /** Everything the exchange wrote is within what it may write, and the next good event reaches its recipients. */
    private void assertBoundedAndStillFlowing(List<TestRecord<String, byte[]>> quarantined) {
        List<TestRecord<String, byte[]>> notices = exchange.drain(Topics.inbox("iom"));
        for (TestRecord<String, byte[]> written : concat(quarantined, notices)) {
            assertThat(WireLimits.sizeOf(written.key(), written.value(), written.headers()))
                    .isLessThanOrEqualTo(WireLimits.MAX_WRITTEN_RECORD_BYTES);
            assertThat(written.key().getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(WireLimits.MAX_ECHOED_KEY_BYTES);
        }
        assertThat(notices).singleElement().satisfies(n -> {
            DeliveryRejected notice = (DeliveryRejected) exchange.open(Topics.inbox("iom"), n);
            assertThat(notice.getRejectedEventId().length()).isLessThanOrEqualTo(WireLimits.MAX_ECHOED_TEXT + 3);
            assertThat(notice.getDetail().length()).isLessThanOrEqualTo(WireLimits.MAX_DETAIL + 3);
        });
        ProducerRecord<String, byte[]> good = exchange.signed("iom", returned());
        exchange.send("iom", good);
        assertThat(exchange.drain(Topics.inbox("nctc"))).hasSize(1);
    }

    private static List<TestRecord<String, byte[]>> concat(
            List<TestRecord<String, byte[]>> a, List<TestRecord<String, byte[]>> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Test
    void aCeIdOf450KilobytesIsNeitherCopiedWholeNorEchoedWhole() {
        ProducerRecord<String, byte[]> record = returned();
        record.headers().remove(CloudEventHeaders.ID);
        record.headers().add(CloudEventHeaders.ID, "x".repeat(450 * 1024).getBytes(StandardCharsets.UTF_8));
        exchange.send("iom", exchange.signed("iom", record));

        List<TestRecord<String, byte[]>> quarantined = exchange.drain(Topics.QUARANTINE);
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.REASON)).isEqualTo("MALFORMED_HEADER");
            assertThat(q.headers().lastHeader(CloudEventHeaders.ID).value())
                    .hasSize(WireLimits.MAX_ECHOED_HEADER_BYTES);
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.CUT))
                    .contains("the record as sent is at ddrr.outbox.iom-0@0");
            assertThat(q.value()).as("the value, whole").isEqualTo(record.value());
        });
        assertBoundedAndStillFlowing(quarantined);
    }

    @Test
    void tenThousandHeadersAreNotCopiedIntoTheQuarantine() {
        ProducerRecord<String, byte[]> record = exchange.signed("iom", returned());
        for (int i = 0; i < 10_000; i++) {
            record.headers().add("x-" + i, ("value " + i).getBytes(StandardCharsets.UTF_8));
        }
        exchange.send("iom", record);

        List<TestRecord<String, byte[]>> quarantined = exchange.drain(Topics.QUARANTINE);
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.REASON)).isEqualTo("HEADER_NOT_ALLOWED");
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.DETAIL))
                    .isEqualTo("header 'x-0' (and 9999 more) may not be sent: only the CloudEvents attributes and the"
                            + " signature headers are allowed");
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.CUT)).startsWith("kept 64 of 10011 headers");
        });
        assertBoundedAndStillFlowing(quarantined);
    }

    @Test
    void aKeyOf450KilobytesIsCutWhereverItIsEchoed() {
        ProducerRecord<String, byte[]> record = returned();
        exchange.send(
                "iom",
                new ProducerRecord<>(
                        record.topic(), null, "K".repeat(450 * 1024), record.value(), new RecordHeaders()));

        assertBoundedAndStillFlowing(exchange.drain(Topics.QUARANTINE));
    }

    @Test
    void aRecordTooLargeToCopyIsQuarantinedAsAPointerToItsSource() {
        ProducerRecord<String, byte[]> record = returned();
        byte[] huge = new byte[WireLimits.MAX_WRITTEN_RECORD_BYTES];
        System.arraycopy(record.value(), 0, huge, 0, record.value().length);
        exchange.send("iom", new ProducerRecord<>(record.topic(), null, record.key(), huge, record.headers()));

        List<TestRecord<String, byte[]>> quarantined = exchange.drain(Topics.QUARANTINE);
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.value()).isNull();
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.REASON)).isEqualTo("OVERSIZED");
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.SOURCE_TOPIC))
                    .isEqualTo("ddrr.outbox.iom");
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.SOURCE_OFFSET))
                    .isEqualTo("0");
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.CUT))
                    .isEqualTo("the record (" + huge.length + " bytes of value, 7 headers) is too large to copy; it is"
                            + " at ddrr.outbox.iom-0@0");
        });
        assertThat(exchange.inbox("iom"))
                .singleElement()
                .isInstanceOfSatisfying(
                        DeliveryRejected.class, r -> assertThat(r.getReason()).isEqualTo(RejectionReason.OVERSIZED));
    }
}
