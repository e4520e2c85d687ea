package org.ddrrbus.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.testing.TestBus;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agency's service is compromised and writes altered copies of a signed event into its own outbox. The broker lets
 * it (it is that agency's outbox); the signatures are what give it away.
 */
class TamperingIT {

    private static final TestBus bus = TestBus.shared();
    private static final String OUTBOX = Topics.outbox("nctc");
    private static final String SUBJECT =
            "KE-TMPR-" + UUID.randomUUID().toString().substring(0, 4).toUpperCase();

    private static long original;
    private static RecordMetadata changedByte;
    private static RecordMetadata changedTime;
    private static RecordMetadata unsigned;
    private static RecordMetadata otherSource;

    private static Headers copy(Headers headers) {
        return new RecordHeaders(headers.toArray());
    }

    @BeforeAll
    static void tamper() throws Exception {
        ProducerRecord<String, byte[]> published =
                bus.publish("nctc", Wire.registered(SUBJECT)).get(0);

        try (KafkaProducer<String, byte[]> producer = TestBus.producer(bus.clientProperties("nctc"))) {
            byte[] value = published.value().clone();
            value[value.length - 1] ^= 0x02;
            changedByte = producer.send(new ProducerRecord<>(OUTBOX, null, SUBJECT, value, copy(published.headers())))
                    .get();

            Headers backdated = copy(published.headers());
            backdated.remove("ce_time");
            backdated.add("ce_time", "2020-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));
            changedTime = producer.send(new ProducerRecord<>(OUTBOX, null, SUBJECT, published.value(), backdated))
                    .get();

            Headers stripped = copy(published.headers());
            stripped.remove(SignatureHeaders.KEY);
            stripped.remove(SignatureHeaders.SIGNATURE);
            stripped.remove(SignatureHeaders.PROOF);
            unsigned = producer.send(new ProducerRecord<>(OUTBOX, null, SUBJECT, published.value(), stripped))
                    .get();

            // Validly signed by nctc, but in the name of iom: the signature holds, the attribution does not.
            EventCodec codec = new EventCodec();
            ProducerRecord<String, byte[]> impersonating =
                    codec.seal(OUTBOX, codec.envelope("iom", Wire.registered(SUBJECT)));
            RecordSigner.sender(bus.signingKey("nctc"))
                    .signEvents(List.of(impersonating.headers()), List.of(impersonating.value()));
            otherSource = producer.send(impersonating).get();
        }
        original = bus.readAll("auditor", OUTBOX).stream()
                .filter(r -> SUBJECT.equals(r.key()))
                .mapToLong(ConsumerRecord::offset)
                .min()
                .orElseThrow();
    }

    private static String at(RecordMetadata metadata) {
        return "at partition " + metadata.partition() + " offset " + metadata.offset() + ": ";
    }

    @Test
    void verifyNamesEveryAlteredRecordByItsOffsetAndFails() {
        Audit.Result run = Audit.run(bus, "verify", "--topic", OUTBOX);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.lines().get(0)).startsWith(OUTBOX + ": ").contains(" bad signature, ");
        assertThat(run.lines())
                .anySatisfy(line -> assertThat(line)
                        .startsWith("  bad-signature " + at(changedByte) + "the signature of nctc/")
                        .endsWith(" does not match the content"));
        assertThat(run.lines()).anySatisfy(line -> assertThat(line).startsWith("  bad-signature " + at(changedTime)));
        assertThat(run.lines())
                .contains(
                        "  unsigned " + at(unsigned) + "the record carries no signature",
                        "  policy-violation " + at(otherSource)
                                + "ce_source names iom but the record is in the outbox of nctc");
        assertThat(run.lines())
                .noneMatch(line -> line.contains(" offset " + original + ":")
                        && line.contains("partition " + changedByte.partition() + " "));
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .matches("audit: \\d+ of \\d+ records fail verification");
    }

    @Test
    void replayShowsEachCopyWithItsVerdict() {
        Audit.Result run = Audit.run(bus, "replay", "--topic", OUTBOX, "--subject", SUBJECT, "--purpose", "oversight");

        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> lines = run.json();
        assertThat(lines)
                .extracting(line -> line.get("offset").asLong())
                .containsExactly(
                        original, changedByte.offset(), changedTime.offset(), unsigned.offset(), otherSource.offset());
        assertThat(lines)
                .extracting(line -> line.get("verification").get("status").asText())
                .containsExactly("verified", "bad-signature", "bad-signature", "unsigned", "policy-violation");
        assertThat(lines.get(2).get("attributes").get("time").asText()).isEqualTo("2020-01-01T00:00:00Z");
    }
}
