package org.ddrrbus.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.ddrrbus.auditor.AuditMain;
import org.ddrrbus.reliability.fuzz.AgreementFuzzTest.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad arguments for the auditor and the {@code ddrr} command, refused before any broker is asked: each is a non-zero
 * exit and exactly one readable line on stderr, never a stack trace, and nothing on stdout. The auditor is pointed at a
 * port where nothing listens, so an argument that slipped through its checks would fail differently (exit 3).
 */
class CommandLineFuzzTest {

    private static final String EDGE = "cli";
    private static final String BASE_TOPIC = "ddrr.outbox.nctc";

    @TempDir
    static Path dir;

    private static String nowhere;

    @BeforeAll
    static void nowhere() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            nowhere = "127.0.0.1:" + socket.getLocalPort();
        }
    }

    /** One argument vector with one fault, and the family of faults it belongs to. */
    record Case(String family, List<String> args, int exit) {}

    @Test
    void badAuditorArgumentsAreOneLineAndExitTwo() throws IOException {
        long started = System.nanoTime();
        String test = "badAuditorArgumentsAreOneLineAndExitTwo";
        Random random = Fuzz.random(test);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 900; i++) {
            cases.add(auditorCase(random));
        }
        TreeMap<String, Integer> families = new TreeMap<>();
        int tried = 0;
        for (Case c : cases) {
            tried++;
            families.merge(c.family(), 1, Integer::sum);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit;
            try {
                exit = AuditMain.run(
                        new PrintWriter(out), new PrintWriter(err), c.args().toArray(String[]::new));
            } catch (Throwable thrown) {
                throw new AssertionError(
                        Fuzz.replay(test) + ", case " + tried + " " + shown(c.args()) + ": threw " + thrown, thrown);
            }
            String what = Fuzz.replay(test) + ", case " + tried + " (" + c.family() + ") " + shown(c.args())
                    + " -> exit " + exit + ", stderr " + Fuzz.shown(err.toString());
            assertThat(exit).as(what).isEqualTo(c.exit());
            assertThat(out.toString()).as(what + ": nothing on stdout").isEmpty();
            assertThat(err.toString().lines().toList())
                    .as(what + ": one line on stderr")
                    .singleElement()
                    .satisfies(line -> assertThat(line).startsWith("audit: "))
                    .satisfies(line -> Fuzz.assertReadableLine(line, what));
        }
        System.out.println("FUZZ " + EDGE + " auditor cases by family: " + families);
        Fuzz.report(EDGE, test, tried, cases.size(), started);
    }

    /** A valid command of the auditor with one fault put in. */
    private Case auditorCase(Random random) throws IOException {
        String command = Fuzz.pick(random, "replay", "verify", "trace", "export");
        List<String> args = new ArrayList<>(
                switch (command) {
                    case "replay" -> List.of("replay", "--topic", BASE_TOPIC, "--purpose", "oversight");
                    case "verify" ->
                        random.nextBoolean() ? List.of("verify", "--topic", BASE_TOPIC) : List.of("verify", "--all");
                    case "trace" -> List.of("trace", "KE-7Q2M-4XJD", "--purpose", "oversight");
                    default ->
                        List.of(
                                "export",
                                "--topic",
                                BASE_TOPIC,
                                "--purpose",
                                "oversight",
                                "--format",
                                "csv",
                                "--output",
                                dir.resolve("export-" + random.nextInt(1_000_000) + ".csv")
                                        .toString());
                });
        // Where the bus would be, were the arguments valid: a closed port, one second of patience.
        args.addAll(List.of("--password", "x", "--bootstrap", nowhere, "--timeout", "1", "--keys-dir", dir.toString()));
        boolean selection = command.equals("replay") || command.equals("export");
        List<String> families = new ArrayList<>(List.of(
                "unknown-option",
                "unknown-purpose",
                "missing-required",
                "bad-reference",
                "bad-login",
                "bad-timeout",
                "unknown-subcommand",
                "bad-agreement"));
        if (selection) {
            families.addAll(List.of("bad-offset", "bad-time", "bad-filter", "bad-window", "bad-subject"));
        }
        if (!command.equals("trace")) {
            families.add("unknown-topic");
        }
        if (command.equals("trace")) {
            families.addAll(List.of("bad-subject", "bad-format"));
        }
        if (command.equals("export")) {
            families.addAll(List.of("bad-format", "bad-output"));
        }
        String family = Fuzz.pick(random, families);
        int exit = 2;
        switch (family) {
            case "unknown-option" ->
                args.add(
                        random.nextInt(args.size() - 1) + 1,
                        Fuzz.pick(
                                random,
                                "--"
                                        + Fuzz.alphanumeric(random, Fuzz.between(random, 1, 12))
                                                .toLowerCase(),
                                "--topics",
                                "--from-offest",
                                "-x",
                                "--purpose-of-read",
                                "--verbose",
                                "---",
                                "--=",
                                "-" + Fuzz.pick(random, "q", "z", "k", "j", "w", "1")));
            case "unknown-purpose" -> {
                if (command.equals("verify")) {
                    args.addAll(List.of("--purpose", purposeGarbage(random)));
                } else {
                    args.set(args.indexOf("--purpose") + 1, purposeGarbage(random));
                }
            }
            case "missing-required" -> {
                List<String> required = switch (command) {
                    case "replay" -> List.of("--purpose", "--topic");
                    case "verify" -> List.of(args.contains("--all") ? "--all" : "--topic");
                    case "trace" -> List.of("--purpose", "SUBJECT");
                    default -> List.of("--purpose", "--topic", "--format", "--output");
                };
                String dropped = Fuzz.pick(random, required);
                if (dropped.equals("SUBJECT")) {
                    args.remove(1);
                } else if (dropped.equals("--all")) {
                    args.remove("--all");
                } else {
                    int at = args.indexOf(dropped);
                    args.remove(at + 1);
                    args.remove(at);
                }
            }
            case "bad-reference" ->
                args.addAll(List.of(
                        "--reference",
                        Fuzz.pick(
                                random,
                                "free text here",
                                "",
                                "R".repeat(65),
                                "ref;drop",
                                "-",
                                ".hidden",
                                "Amina Hassan",
                                "T-" + Fuzz.printable(random, 10).replace('-', ' ') + " x")));
            case "bad-login" ->
                args.addAll(List.of(
                        "--as",
                        Fuzz.pick(
                                random,
                                "Jane Doe",
                                "",
                                "a;b",
                                "x".repeat(65),
                                "-dash",
                                "é",
                                "user/" + Fuzz.alphanumeric(random, 4))));
            case "bad-timeout" ->
                args.set(
                        args.indexOf("--timeout") + 1,
                        Fuzz.pick(random, "0", "-5", "abc", "3601", "99999999999", "1.5", "", "1s"));
            case "unknown-subcommand" ->
                args.set(
                        0,
                        Fuzz.pick(
                                random,
                                "replya",
                                "verfiy",
                                "delete",
                                "shell",
                                Fuzz.alphanumeric(random, 6).toLowerCase(),
                                "REPLAY",
                                "--replay"));
            case "bad-agreement" -> {
                Path agreement = dir.resolve("agreement-" + random.nextInt(1_000_000) + ".yaml");
                int shape = random.nextInt(3);
                if (shape == 0) {
                    Files.writeString(agreement, Fuzz.pick(random, "", "version: 1", "[]", "{", "events: {}\n  x"));
                } else if (shape == 1) {
                    // Most likely not UTF-8: refused as an agreement problem, like any other (see AgreementFuzzTest).
                    Files.write(agreement, Fuzz.bytes(random, 64));
                }
                args.addAll(List.of("--agreement", agreement.toString()));
            }
            case "bad-offset" -> {
                String option = Fuzz.pick(random, "--from-offset", "--to-offset", "--partition");
                args.addAll(List.of(
                        option,
                        Fuzz.pick(
                                random,
                                "-1",
                                "-9999999999",
                                "abc",
                                "1.5",
                                "99999999999999999999",
                                "",
                                "0x10",
                                "1e3",
                                " 5",
                                "5 ",
                                "+-3",
                                "∞")));
            }
            case "bad-time" ->
                args.addAll(List.of(
                        Fuzz.pick(random, "--from-time", "--to-time"),
                        Fuzz.pick(
                                random,
                                "2026-13-45",
                                "yesterday",
                                "1700000000",
                                "2026-01-01T25:00:00Z",
                                "",
                                "2026/01/01",
                                "01.05.2026",
                                "2026-01-01T00:00:00",
                                "2026-02-30",
                                "P1D",
                                Fuzz.printable(random, 12))));
            case "bad-window" ->
                args.addAll(
                        switch (random.nextInt(4)) {
                            case 0 -> List.of("--from-offset", "10", "--to-offset", "9");
                            case 1 -> List.of("--from-time", "2026-05-02", "--to-time", "2026-05-01");
                            case 2 -> List.of("--from-offset", "1", "--from-time", "2026-05-01");
                            default -> List.of("--to-offset", "1", "--to-time", "2026-05-01");
                        });
            case "bad-filter" ->
                args.addAll(
                        switch (random.nextInt(3)) {
                            case 0 ->
                                List.of(
                                        "--type",
                                        Fuzz.pick(
                                                random, "Gossip", "referralissued", "org.ddrrbus.events.Nothing", ""));
                            case 1 -> List.of("--agency", Fuzz.pick(random, "nobody", "NCTC", "", "mosque-council"));
                            default -> List.of("--delivery-purpose", purposeGarbage(random));
                        });
            case "bad-subject" -> {
                String subject =
                        Fuzz.pick(random, "Jane Doe", "", "x".repeat(129), " ", "KE 1", "é", "KE-7Q2M-4XJD ", "名前");
                if (command.equals("trace")) {
                    args.set(1, subject);
                } else {
                    args.addAll(List.of("--subject", subject));
                }
            }
            case "bad-format" -> {
                if (command.equals("trace")) {
                    args.addAll(List.of("--format", Fuzz.pick(random, "yaml", "", "JSONL ", "csv")));
                } else {
                    args.set(args.indexOf("--format") + 1, Fuzz.pick(random, "xml", "", "parquet", "c sv", "json"));
                }
            }
            case "bad-output" -> {
                Path existing =
                        Files.writeString(dir.resolve("evidence-" + random.nextInt(1_000_000) + ".csv"), "earlier");
                args.set(
                        args.indexOf("--output") + 1,
                        random.nextBoolean()
                                ? existing.toString()
                                : dir.resolve("no-such-dir-" + random.nextInt(1000))
                                        .resolve("x.csv")
                                        .toString());
            }
            default -> {
                String topic = Fuzz.pick(
                        random,
                        "ddrr.stats",
                        "ddrr.audit-access",
                        "ddrr.outbox.",
                        "ddrr.outbox.NCTC",
                        "ddrr.inbox.x",
                        "__consumer_offsets",
                        "ddrr.outbox.nctc ",
                        "",
                        "ddrr.quarantine.nctc.x",
                        Fuzz.alphanumeric(random, 10));
                int at = args.indexOf("--topic");
                if (at < 0) {
                    args.remove("--all");
                    args.addAll(1, List.of("--topic", topic));
                } else {
                    args.set(at + 1, topic);
                }
            }
        }
        return new Case(family, List.copyOf(args), exit);
    }

    private static String purposeGarbage(Random random) {
        return Fuzz.pick(
                random,
                "curiosity",
                "Oversight",
                "oversight ",
                "",
                "over-sight",
                "gossip",
                Fuzz.alphanumeric(random, 8).toLowerCase(),
                "programme_monitoring");
    }

    @Test
    void badArgumentsOfEveryDdrrCommandAreOneLine() {
        long started = System.nanoTime();
        String test = "badArgumentsOfEveryDdrrCommandAreOneLine";
        Random random = Fuzz.random(test);
        List<List<String>> cases = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            cases.add(
                    switch (random.nextInt(9)) {
                        case 0 -> List.of("provision", Fuzz.pick(random, "foo", "PLAN", "delete", "", "applyy"));
                        case 1 ->
                            List.of(
                                    "demo",
                                    "--returnees",
                                    Fuzz.pick(random, "-5", "0", "100001", "abc", "", "1e3", "99999999999"));
                        case 2 ->
                            List.of(
                                    "demo",
                                    Fuzz.pick(random, "--threads", "--seed"),
                                    Fuzz.pick(random, "0", "33", "-1", "x", ""));
                        case 3 ->
                            List.of(Fuzz.pick(
                                    random,
                                    "frobnicate",
                                    "upp",
                                    "audits",
                                    "Demo",
                                    "",
                                    "%",
                                    Fuzz.alphanumeric(random, 7)));
                        case 4 ->
                            List.of(
                                    Fuzz.pick(random, "up", "demo", "provision", "agreement", "run", "audit"),
                                    "--"
                                            + Fuzz.alphanumeric(random, Fuzz.between(random, 1, 10))
                                                    .toLowerCase());
                        case 5 ->
                            List.of("run", Fuzz.pick(random, "nothing", "EXCHANGE", "", "nctc-service", "broker"));
                        case 6 ->
                            List.of(
                                    "agreement",
                                    Fuzz.pick(random, "check", "docs"),
                                    "--file",
                                    dir.resolve("missing-" + random.nextInt(1000) + ".yaml")
                                            .toString());
                        case 7 ->
                            List.of(
                                    "agreement",
                                    Fuzz.pick(random, "frob", "CHECK", ""),
                                    "--file",
                                    "../config/sharing-agreement.yaml");
                        default -> List.of(Fuzz.pick(random, "provision", "run", "agreement"));
                    });
        }
        int tried = 0;
        for (List<String> args : cases) {
            tried++;
            Cli run = AgreementFuzzTest.ddrr(args.toArray(String[]::new));
            String what = Fuzz.replay(test) + ", case " + tried + " " + shown(args) + ": " + run;
            assertThat(run.exit()).as(what).isNotZero();
            assertThat(run.out()).as(what + ": nothing on stdout").isEmpty();
            assertThat(run.err().lines().toList())
                    .as(what + ": one line on stderr")
                    .singleElement()
                    // ./ddrr audit names itself, as docs/auditing.md promises; every other command says ddrr.
                    .satisfies(line -> assertThat(line).startsWith(args.get(0).equals("audit") ? "audit: " : "ddrr: "))
                    .satisfies(line -> Fuzz.assertReadableLine(line, what));
        }
        Fuzz.report(EDGE, test, tried, cases.size(), started);
    }

    /**
     * Known bug, not fixed here (it is the auditor's): a refusal quotes the argument at fault as it is, so an argument
     * holding a line break (easily passed from a script) makes two lines on stderr. The generators above use no
     * control characters for that reason.
     */
    @Test
    void anArgumentHoldingALineBreakIsStillOneLine() {
        for (String[] args : List.of(
                new String[] {"trace", "Jane\nDoe", "--purpose", "oversight", "--password", "x"},
                new String[] {"replay", "--topic", "ddrr.outbox.nctc", "--purpose", "curio\nsity", "--password", "x"},
                new String[] {"verify", "--topic", "ddrr.stats\nx", "--password", "x"})) {
            StringWriter err = new StringWriter();
            AuditMain.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
            assertThat(err.toString().lines()).as(Arrays.toString(args)).hasSize(1);
        }
    }

    private static String shown(List<String> args) {
        return args.stream().map(a -> "'" + Fuzz.shown(a) + "'").toList().toString();
    }
}
