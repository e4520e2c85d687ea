package org.ddrrbus.auditor.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.ddrrbus.auditor.AuditMain;
import org.junit.jupiter.api.Test;

/** Bad input refused before the bus is touched: one line on stderr, nothing on stdout, a non-zero exit. */
class CommandLineTest {

    record Run(int exit, String out, String err) {}

    static Run audit(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AuditMain.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertOneLine(Run run, int exit, String line) {
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(line);
        assertThat(run.exit()).isEqualTo(exit);
    }

    @Test
    void replayWithoutAPurposeIsRefused() {
        assertOneLine(
                audit("replay", "--topic", "ddrr.outbox.nctc", "--password", "x"),
                2,
                "audit: Missing required option: '--purpose=PURPOSE' (see audit replay --help)");
    }

    @Test
    void aPurposeTheAgreementDoesNotNameIsRefused() {
        assertOneLine(
                audit("replay", "--topic", "ddrr.outbox.nctc", "--purpose", "curiosity", "--password", "x"),
                2,
                "audit: unknown purpose 'curiosity': the agreement's purposes are border-management, case-management, "
                        + "community-services, mentorship, oversight, programme-monitoring, reintegration-support");
    }

    @Test
    void aMalformedTimestampIsRefused() {
        assertOneLine(
                audit(
                        "export",
                        "--topic",
                        "ddrr.outbox.nctc",
                        "--purpose",
                        "oversight",
                        "--format",
                        "csv",
                        "--output",
                        "x.csv",
                        "--from-time",
                        "2026-13-45"),
                2,
                "audit: Invalid value for option '--from-time': '2026-13-45' is not a time: use ISO-8601, e.g. "
                        + "2026-05-01T08:00:00Z or 2026-05-01 (see audit export --help)");
    }

    @Test
    void aTopicTheAuditorDoesNotJudgeIsRefused() {
        assertOneLine(
                audit("verify", "--topic", "ddrr.stats", "--password", "x"),
                2,
                "audit: the auditor reads outboxes (ddrr.outbox.<agency>), inboxes (ddrr.inbox.<agency>), "
                        + "the quarantines (ddrr.quarantine, ddrr.quarantine.<agency>) and the key grants "
                        + "(ddrr.key-grants); 'ddrr.stats' is none of them");
    }

    @Test
    void anUnknownEventTypeFilterIsRefused() {
        Run run = audit(
                "replay",
                "--topic",
                "ddrr.outbox.nctc",
                "--purpose",
                "oversight",
                "--type",
                "Gossip",
                "--password",
                "x");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .startsWith("audit: unknown event type 'Gossip' (known: ");
    }

    @Test
    void aTraceOfSomethingThatIsNotACaseCodeIsRefused() {
        assertOneLine(
                audit("trace", "Jane Doe", "--purpose", "oversight", "--password", "x"),
                2,
                "audit: 'Jane Doe' is not a case code (1 to 128 printable characters, no spaces)");
    }

    @Test
    void withoutAnyPasswordTheAuditorSaysWhereToPutOne() {
        Run run = audit("verify", "--all", "--data-dir", "no-such-dir");

        // KAFKA_PASSWORD in the environment would be a password; only check the message when there is none.
        if (System.getenv("KAFKA_PASSWORD") == null && System.getenv("KAFKA_CREDENTIALS_FILE") == null) {
            assertOneLine(
                    run,
                    2,
                    "audit: no password for auditor: give --password, set KAFKA_PASSWORD, or run where "
                            + "no-such-dir/nodes/auditor is its node home (./ddrr up makes it)");
        }
    }

    @Test
    void anUnreachableBrokerIsOneLineAndNoStackTrace() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        assertOneLine(
                audit("verify", "--all", "--password", "x", "--bootstrap", "127.0.0.1:" + port, "--timeout", "1"),
                3,
                "audit: cannot reach Kafka at 127.0.0.1:" + port + " within 1 s (is the bus running? see --bootstrap "
                        + "or KAFKA_BOOTSTRAP)");
    }

    @Test
    void verifyNeedsATopicOrAll() {
        Run run = audit("verify", "--password", "x");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .startsWith("audit: Error: Missing required argument (specify one of these): (--topic=TOPIC | --all)");
    }
}
