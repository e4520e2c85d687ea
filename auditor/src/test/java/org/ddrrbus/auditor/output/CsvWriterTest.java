package org.ddrrbus.auditor.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.Optional;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void cellsWithSeparatorsQuotesOrLineBreaksAreQuoted() {
        assertThat(CsvWriter.cell("plain")).isEqualTo("plain");
        assertThat(CsvWriter.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvWriter.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvWriter.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreDefused() {
        assertThat(CsvWriter.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(CsvWriter.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvWriter.cell("-42")).isEqualTo("-42");
    }

    @Test
    void oneHeaderRowAndOneRowPerRecord() throws Exception {
        Wire wire = new Wire();
        var agreement = AgreementLoader.loadDefault();
        StringWriter out = new StringWriter();

        try (CsvWriter csv =
                new CsvWriter(out, Redaction.forPurpose(agreement, EventCatalogue.get(), Optional.empty()))) {
            csv.write(new Inspector(agreement, Wire.CODEC, wire.verifier())
                    .inspect(wire.ledger("nctc", Wire.registered("KE-C"), 3)));
        }

        String[] rows = out.toString().split("\r\n");
        assertThat(rows).hasSize(2);
        assertThat(rows[0]).isEqualTo(String.join(",", CsvWriter.COLUMNS));
        assertThat(rows[1])
                .startsWith("ddrr.outbox.nctc,0,3,2026-01-01T00:00:00.003Z,KE-C,verified,,")
                .contains(",returnRoute,\"{\"\"subjectRef\"\":\"\"KE-C\"\"")
                .contains("\"\"returnRoute\"\":\"\"[redacted]\"\"");
    }
}
