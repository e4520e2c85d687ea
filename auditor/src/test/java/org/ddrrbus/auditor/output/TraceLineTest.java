package org.ddrrbus.auditor.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.SubjectKeyAnswered;
import org.ddrrbus.events.SubjectKeyUse;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.Test;

class TraceLineTest {

    private final Wire wire = new Wire();
    private final Inspector inspector = new Inspector(AgreementLoader.loadDefault(), Wire.CODEC, wire.verifier());

    @Test
    void aDeliveryNamesRecipientSenderPurposeAndWithheldFields() {
        var ledger = wire.ledger("nctc", Wire.registered("KE-T"), 2);

        TraceLine line = TraceLine.of(inspector.inspect(wire.delivery(
                ledger,
                "county",
                "community-services",
                "Statutory mandate of the national DDRR programme",
                Set.of("returnRoute"))));

        assertThat(line.agency()).isEqualTo("county");
        assertThat(line.kind()).isEqualTo("delivery");
        assertThat(line.sender()).isEqualTo("nctc");
        assertThat(line.eventType()).isEqualTo("ReturneeRegistered");
        assertThat(line.purpose()).contains("community-services");
        assertThat(line.withheld()).containsExactly("returnRoute");
        assertThat(line.verdict().status()).isEqualTo("verified");
    }

    @Test
    void theSendersOwnCopyIsNotADelivery() {
        var ledger = wire.ledger("nctc", Wire.registered("KE-T"), 2);

        assertThat(TraceLine.of(inspector.inspect(wire.ownCopy(ledger, "nctc"))).kind())
                .isEqualTo("own-copy");
    }

    private ConsumerRecord<String, byte[]> keyAnswer(String claimedSender, String signer, boolean granted) {
        SubjectKeyAnswered answer = SubjectKeyAnswered.newBuilder()
                .setSubjectRef("KE-T")
                .setAgency("cicc")
                .setSigningKeyId(wire.key("cicc").keyId())
                .setUse(SubjectKeyUse.OPEN)
                .setKeyId("KE-T/P10Y/2026-01")
                .setStatus(granted ? 200 : 403)
                .setGranted(granted)
                .setRequestedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setAnsweredAt(Instant.parse("2026-01-01T00:00:00.001Z"))
                .build();
        ProducerRecord<String, byte[]> sealed =
                Wire.CODEC.seal(Topics.KEY_GRANTS, Wire.CODEC.envelope(claimedSender, answer));
        RecordSigner.sender(wire.key(signer)).signEvents(List.of(sealed.headers()), List.of(sealed.value()));
        return Wire.record(Topics.KEY_GRANTS, 0, sealed.key(), sealed.value(), sealed.headers());
    }

    @Test
    void aKeyGrantNamesTheAgencyTheUseAndTheKeyAndVerifiesAsTheExchanges() {
        TraceLine granted = TraceLine.of(inspector.inspect(keyAnswer("exchange", "exchange", true)));
        TraceLine refused = TraceLine.of(inspector.inspect(keyAnswer("exchange", "exchange", false)));

        assertThat(granted.agency()).isEqualTo("cicc");
        assertThat(granted.kind()).isEqualTo("key-granted");
        assertThat(granted.sender()).isEqualTo("exchange");
        assertThat(granted.verdict().status()).isEqualTo("verified");
        assertThat(granted.json())
                .extractingByKey("subjectKey")
                .asString()
                .contains("use=open", "keyId=KE-T/P10Y/2026-01", "status=200");
        assertThat(refused.kind()).isEqualTo("key-refused");
        assertThat(TraceLine.table(List.of(granted)).lines().toList().get(1))
                .contains("cicc", "key-granted", "SubjectKeyAnswered (open KE-T/P10Y/2026-01: 200)");
    }

    @Test
    void aKeyGrantWrittenByAnyoneButTheExchangeFailsVerification() {
        assertThat(inspector.inspect(keyAnswer("nctc", "nctc", true)).verdict().reason())
                .contains("ce_source names nctc but only the exchange writes ddrr.key-grants");
        assertThat(inspector
                        .inspect(keyAnswer("exchange", "nctc", true))
                        .verdict()
                        .reason())
                .contains("signed by nctc but only the exchange writes ddrr.key-grants");
    }

    @Test
    void theTableAlignsItsColumns() {
        var ledger = wire.ledger("nctc", Wire.registered("KE-T"), 2);
        TraceLine line = TraceLine.of(inspector.inspect(wire.ownCopy(ledger, "nctc")));

        List<String> rows = TraceLine.table(List.of(line)).lines().toList();

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("DELIVERED AT              AGENCY  KIND      EVENT");
        assertThat(rows.get(1)).startsWith("2026-01-01T00:00:00.002Z  nctc    own-copy  ReturneeRegistered");
    }
}
