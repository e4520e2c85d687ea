package org.ddrrbus.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ddrrbus.client.agreement.AgreementException;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.launcher.Ddrr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed variants of the shipped sharing agreement: lines deleted, keys misspelt, values of the wrong type, agencies,
 * events, fields and purposes nobody knows, broken YAML, documents nested too deep or too big, and nothing at all. The
 * loader either accepts a variant (it may still be valid) or refuses it with {@link AgreementException} alone, every
 * problem on one line with its line number; {@code ddrr agreement check} says the same, one line per problem.
 */
class AgreementFuzzTest {

    private static final String EDGE = "agreement";
    private static final Path SHIPPED = Path.of("../config/sharing-agreement.yaml");
    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][A-Za-z-]*):");
    private static final Pattern ID_IN_LIST = Pattern.compile("\\[([a-z][a-zA-Z0-9-]*)");

    /** A variant of the file and what was done to it. */
    record Variant(String mutation, String yaml) {}

    private static String shipped() throws IOException {
        return Files.readString(SHIPPED);
    }

    @Test
    void everyMalformedAgreementIsRefusedWithLineNumberedOneLineProblems() throws IOException {
        long started = System.nanoTime();
        String test = "everyMalformedAgreementIsRefusedWithLineNumberedOneLineProblems";
        Random random = Fuzz.random(test);
        List<Variant> variants = variants(shipped(), random, 2400);
        AgreementLoader loader = new AgreementLoader(EventCatalogue.get());
        TreeMap<String, int[]> outcomes = new TreeMap<>();
        int tried = 0;
        for (Variant variant : variants) {
            tried++;
            String what = Fuzz.replay(test) + ", variant " + tried + " (" + variant.mutation() + ")";
            boolean accepted = check(loader, variant, what);
            outcomes.computeIfAbsent(variant.mutation().replaceAll("[ +].*", ""), k -> new int[2])[accepted ? 0 : 1]++;
        }
        System.out.println("FUZZ " + EDGE + " [accepted, refused] by mutation: "
                + outcomes.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()[0] + "/" + e.getValue()[1])
                        .toList());
        Fuzz.report(EDGE, test, tried, variants.size(), started);
        assertThat(outcomes.values().stream().mapToInt(o -> o[1]).sum())
                .as("variants refused")
                .isGreaterThan(variants.size() / 2);
    }

    /** Loads one variant; true when it was accepted, and fails unless a refusal is exactly what it should be. */
    private static boolean check(AgreementLoader loader, Variant variant, String what) {
        int lines = (int) variant.yaml().lines().count();
        try {
            SharingAgreement agreement = loader.parse(variant.yaml(), "fuzz.yaml");
            assertThat(agreement.events())
                    .as(what + ": an accepted agreement covers every event type")
                    .hasSize(EventCatalogue.get().types().size());
            return true;
        } catch (AgreementException refused) {
            assertThat(refused.problems()).as(what + ": at least one problem").isNotEmpty();
            for (AgreementException.Problem problem : refused.problems()) {
                assertThat(problem.source()).as(what).isEqualTo("fuzz.yaml");
                assertThat(problem.line()).as(what + ": line of " + problem).isBetween(0, lines + 1);
                Fuzz.assertReadableLine(problem.message(), what + ": " + Fuzz.shown(problem.message()));
            }
            return false;
        } catch (Throwable other) {
            throw new AssertionError(what + ": the loader threw " + other + " instead of an AgreementException", other);
        }
    }

    @Test
    void agreementCheckSaysEachProblemOnItsOwnLine(@TempDir Path dir) throws IOException {
        long started = System.nanoTime();
        String test = "agreementCheckSaysEachProblemOnItsOwnLine";
        Random random = Fuzz.random(test);
        List<Variant> variants = variants(shipped(), random, 150);
        AgreementLoader loader = new AgreementLoader(EventCatalogue.get());
        int tried = 0;
        for (Variant variant : variants) {
            tried++;
            String what = Fuzz.replay(test) + ", variant " + tried + " (" + variant.mutation() + ")";
            // As the file will read: a lone surrogate of the generated text cannot be written, and becomes '?'.
            byte[] bytes = variant.yaml().getBytes(StandardCharsets.UTF_8);
            Path file = Files.write(dir.resolve("agreement-" + tried + ".yaml"), bytes);
            int expectedProblems;
            try {
                loader.parse(
                        new String(bytes, StandardCharsets.UTF_8),
                        file.getFileName().toString());
                expectedProblems = 0;
            } catch (AgreementException refused) {
                expectedProblems = refused.problems().size();
            }
            Cli run = ddrr("agreement", "check", "--file", file.toString());
            if (expectedProblems == 0) {
                assertThat(run.exit()).as(what + ": " + run).isZero();
                assertThat(run.out()).as(what).contains("is valid");
            } else {
                assertThat(run.exit()).as(what + ": " + run).isNotZero();
                assertThat(run.err().lines().toList())
                        .as(what + ": one line per problem, " + run)
                        .hasSize(expectedProblems)
                        .allSatisfy(line -> assertThat(line).startsWith("ddrr: " + file.getFileName() + ":"))
                        .allSatisfy(line -> Fuzz.assertReadableLine(line, what));
            }
        }
        Fuzz.report(EDGE, test, tried, variants.size(), started);
    }

    /**
     * Known bug, not fixed here (it is the agreement loader's, outside the envelope package): a file that is not UTF-8
     * makes {@code AgreementLoader.load} throw {@code UncheckedIOException} ("cannot read ..."), not an
     * {@link AgreementException} with a line. {@code ddrr agreement check} still prints one line and exits 1.
     */
    @Test
    void aFileThatIsNotUtf8IsRefusedAsAnAgreementProblem(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("binary.yaml"), new byte[] {'v', 'e', 'r', (byte) 0xC3, (byte) 0x28, '\n'});

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgreementLoader.load(file))
                .isInstanceOf(AgreementException.class);
    }

    /**
     * Known bug, not fixed here (the agreement loader's, outside the envelope package): a problem quotes the value at
     * fault as it is, so a value holding a line break — a quoted value with an escaped one, a block scalar, or a plain
     * value running on after a blank line — makes a message of two lines, and {@code ddrr agreement check} prints it
     * as two. The mutations above reach this now and then: with {@code -Dfuzz.seed=7}, variant 643 does.
     */
    @Test
    void aValueHoldingALineBreakIsQuotedOnOneLine() throws IOException {
        String shipped = shipped();
        AgreementLoader loader = new AgreementLoader(EventCatalogue.get());
        for (String yaml : List.of(
                shipped.replace("senders: [cicc]", "senders: [cicc, \"mosque\\ncouncil\"]"),
                shipped.replace("  oversight:", "  \"over\\r\\nsight\":"),
                shipped.replace("retention: P5Y", "retention: |\n      five\n      years"),
                shipped.replace("version: 1\n", "version: 1\n\n  and more\n"))) {
            check(loader, new Variant("a line break in a value", yaml), "a line break in a value");
        }
    }

    @Test
    void aFileThatIsNotUtf8IsOneLineFromTheCommand(@TempDir Path dir) throws IOException {
        long started = System.nanoTime();
        Random random = Fuzz.random("not-utf8");
        int tried = 0;
        for (int i = 0; i < 20; i++) {
            byte[] bytes = WireGarbage.concat(
                    shipped().substring(0, Fuzz.between(random, 0, 500)).getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xFF, (byte) 0xC3, (byte) 0x28});
            Path file = Files.write(
                    dir.resolve("binary-" + i + ".yaml"), WireGarbage.concat(bytes, Fuzz.bytes(random, 50)));
            Cli run = ddrr("agreement", "check", "--file", file.toString());
            tried++;
            assertThat(run.exit()).as(run.toString()).isNotZero();
            assertThat(run.err().lines().toList())
                    .as(run.toString())
                    .singleElement()
                    .satisfies(line -> assertThat(line).startsWith("ddrr: "))
                    .satisfies(line -> Fuzz.assertReadableLine(line, "agreement check of a file that is not UTF-8"));
        }
        Fuzz.report(EDGE, "aFileThatIsNotUtf8IsOneLineFromTheCommand", tried, 20, started);
    }

    /** The shipped file, mutated {@code count} times by mutations chosen at random. */
    static List<Variant> variants(String shipped, Random random, int count) {
        List<Variant> variants = new ArrayList<>();
        // The fixed ones first: nothing at all, and documents that are not an agreement.
        for (String fixed : List.of(
                "",
                " ",
                "\n\n",
                "# only a comment\n",
                "null",
                "~",
                "[]",
                "42",
                "---\n---\n",
                "version: 1",
                "{",
                "version: 1\npurposes: {}\nagencies: {}\nevents: {}\n",
                "\t",
                "\u0000",
                "\uFEFF",
                "key: &a [*a]")) {
            variants.add(new Variant("fixed " + Fuzz.shown(fixed), fixed));
        }
        while (variants.size() < count) {
            String yaml = shipped;
            StringBuilder done = new StringBuilder();
            // One to three mutations on top of each other.
            for (int n = Fuzz.between(random, 1, 3); n > 0; n--) {
                int kind = random.nextInt(14);
                yaml = mutate(yaml, kind, random);
                done.append(done.isEmpty() ? "" : "+").append(MUTATIONS[kind]);
            }
            variants.add(new Variant(done.toString(), yaml));
        }
        return variants;
    }

    private static final String[] MUTATIONS = {
        "delete-lines",
        "key-typo",
        "wrong-type",
        "unknown-id",
        "yaml-syntax",
        "deep-nesting",
        "huge",
        "duplicate-key",
        "swap-lines",
        "indentation",
        "random-text",
        "aliases",
        "value-garbage",
        "truncate"
    };

    private static String mutate(String yaml, int kind, Random random) {
        List<String> lines = new ArrayList<>(yaml.lines().toList());
        if (lines.isEmpty()) {
            lines.add("");
        }
        int at = random.nextInt(lines.size());
        switch (kind) {
            case 0 -> {
                for (int i = Fuzz.between(random, 1, 5); i > 0 && !lines.isEmpty(); i--) {
                    lines.remove(random.nextInt(lines.size()));
                }
            }
            case 1 -> {
                Matcher key = find(lines, KEY, random);
                if (key != null) {
                    String name = key.group(2);
                    String typo = switch (random.nextInt(4)) {
                        case 0 -> name.toLowerCase().equals(name) ? name.toUpperCase() : name.toLowerCase();
                        case 1 -> name + Fuzz.alphanumeric(random, 1);
                        case 2 -> name.length() > 1 ? name.substring(1) : name + "x";
                        default -> new StringBuilder(name).reverse().toString();
                    };
                    replaceFirst(lines, key, name + ":", typo + ":");
                }
            }
            case 2 -> {
                Matcher key = find(lines, KEY, random);
                if (key != null) {
                    int line = lineOf(lines, key);
                    String indent = key.group(1);
                    lines.set(
                            line,
                            indent + key.group(2) + ": "
                                    + Fuzz.pick(
                                            random,
                                            "[a, b]",
                                            "{x: 1}",
                                            "42",
                                            "true",
                                            "~",
                                            "2026-01-01",
                                            "\"\"",
                                            "[]",
                                            "{}",
                                            "[[1]]",
                                            "-1",
                                            "1.5",
                                            "P10Y",
                                            "!!binary aGVsbG8="));
                }
            }
            case 3 -> {
                Matcher id = find(lines, ID_IN_LIST, random);
                String unknown = Fuzz.pick(
                        random,
                        "mosque-council",
                        "embassy-fr",
                        "Gossip",
                        "nationality",
                        "curiosity",
                        "x",
                        "a".repeat(40),
                        "IOM",
                        "ReferralIssued2",
                        "\"" + Fuzz.printable(random, 12).replace("\"", "").replace("\\", "") + "\"");
                if (id != null) {
                    replaceFirst(lines, id, id.group(1), unknown);
                } else {
                    lines.add(at, "  " + unknown + ":");
                }
            }
            case 4 ->
                lines.add(
                        at,
                        Fuzz.pick(
                                random,
                                "  foo: [unclosed",
                                "\"unclosed",
                                "  - : :",
                                "\tsenders: [nctc]",
                                "}",
                                "]: x",
                                "  ? complex key",
                                "  &anchor",
                                "  *undefined",
                                "%YAML 9.9",
                                "  !!python/object:os.system x",
                                "key: 'it''s",
                                "@reserved",
                                "`backtick",
                                "  key: value: other",
                                "- item at the top"));
            case 5 -> lines.add(at, "  nested: " + "[".repeat(Fuzz.between(random, 60, 20_000)));
            case 6 -> {
                StringBuilder huge = new StringBuilder();
                int size = Fuzz.pick(random, 50_000, 400_000, 1_100_000);
                while (huge.length() < size) {
                    huge.append("  k")
                            .append(huge.length())
                            .append(": ")
                            .append(Fuzz.alphanumeric(random, 40))
                            .append('\n');
                }
                lines.add(at, huge.toString());
            }
            case 7 -> {
                Matcher key = find(lines, KEY, random);
                if (key != null) {
                    int line = lineOf(lines, key);
                    lines.add(line, lines.get(line));
                }
            }
            case 8 -> {
                int other = random.nextInt(lines.size());
                String swap = lines.get(at);
                lines.set(at, lines.get(other));
                lines.set(other, swap);
            }
            case 9 ->
                lines.set(
                        at,
                        (random.nextBoolean() ? " " : "")
                                + lines.get(at).replaceFirst("^ ", random.nextBoolean() ? "" : "   "));
            case 10 -> lines.add(at, Fuzz.anyText(random, Fuzz.between(random, 1, 80)));
            case 11 ->
                lines.add(
                        at,
                        "laughs: &a [x, x, x, x, x, x, x, x, x]\nmore: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                + "most: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nall: [*c, *c, *c, *c, *c, *c, *c, *c, *c]");
            case 12 -> {
                Matcher key = find(lines, KEY, random);
                if (key != null) {
                    int line = lineOf(lines, key);
                    lines.set(
                            line,
                            key.group(1) + key.group(2) + ": "
                                    + Fuzz.printable(random, Fuzz.between(random, 1, 30))
                                            .replace("#", "")
                                            .replace("\"", "")
                                            .replace("'", ""));
                }
            }
            default -> {
                String text = String.join("\n", lines);
                return text.substring(0, random.nextInt(Math.max(1, text.length())));
            }
        }
        return String.join("\n", lines) + "\n";
    }

    private static Matcher find(List<String> lines, Pattern pattern, Random random) {
        List<Matcher> found = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                found.add(matcher);
            }
        }
        return found.isEmpty() ? null : Fuzz.pick(random, found);
    }

    private static int lineOf(List<String> lines, Matcher matcher) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = matcher.pattern().matcher(lines.get(i));
            if (m.find()
                    && m.group().equals(matcher.group())
                    && lines.get(i).startsWith(matcher.group().substring(0, 0))) {
                return i;
            }
        }
        return 0;
    }

    private static void replaceFirst(List<String> lines, Matcher matcher, String from, String to) {
        int line = lineOf(lines, matcher);
        lines.set(line, lines.get(line).replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
    }

    /** A run of the ddrr command line: its exit code and what it printed. */
    record Cli(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + ", stdout " + Fuzz.shown(out) + ", stderr " + Fuzz.shown(err);
        }
    }

    /** Runs {@code ddrr} in this JVM with its standard streams captured. */
    static synchronized Cli ddrr(String... args) {
        // Logging starts up before the streams are captured: its own start-up notes are not the command's output.
        org.slf4j.LoggerFactory.getILoggerFactory();
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int exit = Ddrr.run(args);
            System.out.flush();
            System.err.flush();
            return new Cli(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
