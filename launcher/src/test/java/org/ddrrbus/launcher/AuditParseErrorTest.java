package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code ./ddrr audit} with bad arguments answers as the auditor does everywhere (docs/auditing.md): {@code audit:}. */
class AuditParseErrorTest {

    @Test
    void aBadAuditCommandLineIsOneLineStartingWithAudit() {
        StringWriter err = new StringWriter();

        int exit = Ddrr.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "audit", "verify", "--bogus");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("audit: ").doesNotContain("\n");
    }

    @Test
    void anyOtherCommandStillSaysDdrr() {
        StringWriter err = new StringWriter();

        int exit = Ddrr.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "up", "--bogus");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("ddrr: ");
    }
}
