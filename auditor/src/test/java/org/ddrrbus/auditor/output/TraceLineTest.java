package org.ddrrbus.auditor.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.client.agreement.AgreementLoader;
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
