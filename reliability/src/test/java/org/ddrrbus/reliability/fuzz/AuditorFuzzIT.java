package org.ddrrbus.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ddrrbus.auditor.AuditMain;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad arguments only a broker can judge — topics that do not exist, offsets past the end, partitions that are not
 * there, a wrong password or principal — against a real locked-down broker: exit 2 for bad input, 3 when the auditor
 * cannot log in, and one readable line on stderr, before anything is read or recorded.
 */
class AuditorFuzzIT {

    private static final String EDGE = "auditor";
    private static final TestBus bus = TestBus.shared();

    /** An argument vector, the exit it must give, and how the stderr line must start. */
    record Case(List<String> args, int exit, String start) {}

    @Test
    void argumentsTheBrokerRefutesAreOneLine(@TempDir Path folder) throws Exception {
        long started = System.nanoTime();
        String test = "argumentsTheBrokerRefutesAreOneLine";
        Random random = Fuzz.random(test);
        Path noKeys = Files.createDirectory(folder.resolve("no-keys"));
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String topic = Fuzz.pick(random, Topics.OUTBOX_PREFIX, Topics.INBOX_PREFIX)
                    + Fuzz.pick(
                            random,
                            "mosque-council",
                            "embassy-fr",
                            "nobody",
                            Fuzz.alphanumeric(random, 8).toLowerCase().replaceAll("^[0-9]", "x"));
            cases.add(new Case(
                    connected(List.of("replay", "--topic", topic, "--purpose", "oversight")),
                    2,
                    "audit: topic " + topic));
        }
        for (int i = 0; i < 8; i++) {
            String offset = Fuzz.pick(
                    random, "1000000", "9223372036854775807", Long.toString(1_000_000L + random.nextInt(1 << 30)));
            cases.add(new Case(
                    connected(List.of(
                            "replay",
                            "--topic",
                            Topics.outbox(Fuzz.pick(random, "nctc", "iom", "cicc", "county")),
                            "--purpose",
                            "oversight",
                            "--from-offset",
                            offset)),
                    2,
                    "audit: --from-offset " + offset + " is past the end of"));
        }
        for (int i = 0; i < 8; i++) {
            String partition = Fuzz.pick(
                    random, "3", "7", "1000", "2147483647", Integer.toString(Fuzz.between(random, 3, 100_000)));
            cases.add(new Case(
                    connected(List.of(
                            Fuzz.pick(random, "replay", "export"),
                            "--topic",
                            Topics.QUARANTINE,
                            "--purpose",
                            "oversight",
                            "--partition",
                            partition,
                            "--format",
                            "jsonl",
                            "--output",
                            Files.createTempDirectory(folder, "output")
                                    .resolve("x.jsonl")
                                    .toString())),
                    2,
                    "audit: topic ddrr.quarantine has partitions 0 to"));
        }
        for (int i = 0; i < 8; i++) {
            // (Not an empty password: see anEmptyPasswordIsRefusedAsSuch.)
            String password = Fuzz.pick(
                    random,
                    "wrong",
                    bus.passwordOf("auditor") + "x",
                    Fuzz.printable(random, 20).replace("\"", ""));
            cases.add(new Case(
                    List.of(
                            "verify",
                            "--all",
                            "--bootstrap",
                            bus.bootstrapServers(),
                            "--password",
                            password,
                            "--keys-dir",
                            bus.keysDir().toString(),
                            "--timeout",
                            "10"),
                    3,
                    "audit: cannot log in to Kafka at"));
        }
        for (String principal : List.of("nctc", "exchange", "nobody", "admin")) {
            cases.add(new Case(
                    List.of(
                            "verify",
                            "--all",
                            "--bootstrap",
                            bus.bootstrapServers(),
                            "--principal",
                            principal,
                            "--password",
                            bus.passwordOf("auditor"),
                            "--keys-dir",
                            bus.keysDir().toString(),
                            "--timeout",
                            "10"),
                    3,
                    "audit: cannot log in to Kafka at"));
        }
        cases.add(new Case(
                List.of(
                        "verify",
                        "--topic",
                        Topics.outbox("nctc"),
                        "--bootstrap",
                        bus.bootstrapServers(),
                        "--password",
                        bus.passwordOf("auditor"),
                        "--keys-dir",
                        noKeys.toString(),
                        "--timeout",
                        "10"),
                2,
                "audit: no directory key at "));
        // Export's extra options are not replay's: drop them where they do not belong.
        List<Case> runnable = cases.stream()
                .map(c -> c.args().get(0).equals("replay") && c.args().contains("--format")
                        ? new Case(withoutExportOptions(c.args()), c.exit(), c.start())
                        : c)
                .toList();

        int tried = 0;
        for (Case c : runnable) {
            tried++;
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = AuditMain.run(
                    new PrintWriter(out), new PrintWriter(err), c.args().toArray(String[]::new));
            String what = Fuzz.replay(test) + ", case " + tried + " " + c.args() + " -> exit " + exit + ", stderr "
                    + Fuzz.shown(err.toString());
            assertThat(exit).as(what).isEqualTo(c.exit());
            assertThat(out.toString()).as(what + ": nothing on stdout").isEmpty();
            assertThat(err.toString().lines().toList())
                    .as(what)
                    .singleElement()
                    .satisfies(line -> assertThat(line).startsWith(c.start()))
                    .satisfies(line -> Fuzz.assertReadableLine(line, what));
        }
        Fuzz.report(EDGE, test, tried, 39, started);
    }

    /**
     * Known bug, not fixed here (it is the auditor's): with {@code --password ""} the auditor waits out its timeout and
     * then says it "cannot reach Kafka ... is the bus running?", although the bus is up and only the password is
     * missing. One line and exit 3 all the same, but the wrong advice.
     */
    @Test
    void anEmptyPasswordIsRefusedAsSuch() {
        StringWriter err = new StringWriter();
        int exit = AuditMain.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "verify",
                "--all",
                "--bootstrap",
                bus.bootstrapServers(),
                "--password",
                "",
                "--keys-dir",
                bus.keysDir().toString(),
                "--timeout",
                "5");

        assertThat(exit).isNotZero();
        assertThat(err.toString()).doesNotContain("cannot reach Kafka").doesNotContain("is the bus running");
    }

    /** The auditor logged in to the test bus. */
    private static List<String> connected(List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(
                "--bootstrap",
                bus.bootstrapServers(),
                "--password",
                bus.passwordOf("auditor"),
                "--keys-dir",
                bus.keysDir().toString(),
                "--as",
                "fuzz-auditor",
                "--timeout",
                "10"));
        return all;
    }

    private static List<String> withoutExportOptions(List<String> args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--format") || args.get(i).equals("--output")) {
                i++;
            } else {
                kept.add(args.get(i));
            }
        }
        return kept;
    }
}
