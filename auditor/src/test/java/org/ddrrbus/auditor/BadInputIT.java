package org.ddrrbus.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input against a real bus: one readable line on stderr, nothing on stdout, a non-zero exit. */
class BadInputIT {

    private static final TestBus bus = TestBus.shared();

    private static void assertOneLine(Audit.Result run, int exit, String start) {
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).singleElement().asString().startsWith(start);
        assertThat(run.exit()).isEqualTo(exit);
    }

    @Test
    void aTopicThatDoesNotExistIsNamed() {
        assertOneLine(
                Audit.run(bus, "replay", "--topic", "ddrr.outbox.nobody", "--purpose", "oversight"),
                2,
                "audit: topic ddrr.outbox.nobody does not exist");
    }

    @Test
    void anOffsetPastTheEndIsRefusedWithWhereTheTopicEnds() {
        assertOneLine(
                Audit.run(
                        bus,
                        "replay",
                        "--topic",
                        Topics.outbox("county"),
                        "--purpose",
                        "oversight",
                        "--from-offset",
                        "1000000"),
                2,
                "audit: --from-offset 1000000 is past the end of ddrr.outbox.county (");
    }

    @Test
    void aPartitionThatDoesNotExistIsRefused() {
        assertOneLine(
                Audit.run(
                        bus,
                        "replay",
                        "--topic",
                        Topics.outbox("county"),
                        "--purpose",
                        "oversight",
                        "--partition",
                        "9"),
                2,
                "audit: topic ddrr.outbox.county has partitions 0 to 2; there is no partition 9");
    }

    @Test
    void aWrongPasswordIsRefusedAsALogin() {
        Audit.Result run = Audit.raw(
                "verify",
                "--all",
                "--bootstrap",
                bus.bootstrapServers(),
                "--password",
                "wrong",
                "--keys-dir",
                bus.keysDir().toString(),
                "--timeout",
                "10");

        assertOneLine(
                run,
                3,
                "audit: cannot log in to Kafka at " + bus.bootstrapServers()
                        + " as auditor: wrong password or unknown user");
    }

    @Test
    void aTraceOfAPersonNoInboxKnowsFindsNothingAndSaysSo() {
        assertOneLine(
                Audit.run(bus, "trace", "KE-NOBODY-404", "--purpose", "oversight"),
                1,
                "audit: no inbox holds a record about KE-NOBODY-404");
    }

    @Test
    void anExportNeverOverwritesEvidenceUnlessAskedTo(@TempDir Path dir) throws Exception {
        Path existing = Files.writeString(dir.resolve("evidence.csv"), "earlier export");

        assertOneLine(
                Audit.run(
                        bus,
                        "export",
                        "--topic",
                        Topics.outbox("county"),
                        "--purpose",
                        "oversight",
                        "--format",
                        "csv",
                        "--output",
                        existing.toString()),
                2,
                "audit: " + existing + " exists; give --overwrite");
        assertThat(Files.readString(existing)).isEqualTo("earlier export");
    }
}
