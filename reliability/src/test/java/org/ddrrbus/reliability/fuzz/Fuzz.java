package org.ddrrbus.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;

/**
 * What every fuzz test shares: one seed, so that any failure can be replayed ({@code -Dfuzz.seed=N}), a report of how
 * many inputs a test tried, and the test of a message meant for people: one readable line, nothing internal.
 */
final class Fuzz {

    /** The seed of every run unless {@code -Dfuzz.seed} says otherwise; docs/reliability.md quotes it. */
    static final long DEFAULT_SEED = 20190705L;

    private Fuzz() {}

    static long seed() {
        return Long.getLong("fuzz.seed", DEFAULT_SEED);
    }

    /** A generator of its own for each test, so that adding inputs to one test does not change another's. */
    static Random random(String test) {
        return new Random(seed() * 31 + test.hashCode());
    }

    /** What a failure message starts with, so the run can be repeated exactly. */
    static String replay(String test) {
        return test + " (seed " + seed() + ", replay with -Dfuzz.seed=" + seed() + ")";
    }

    /** Prints the line docs/reliability.md is made from, and checks that the test tried what it planned. */
    static void report(String edge, String test, int tried, int planned, long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        System.out.printf("FUZZ %-10s %-58s %6d inputs tried, seed %d, %d ms%n", edge, test, tried, seed(), millis);
        assertThat(tried).as("inputs tried by " + test).isEqualTo(planned);
    }

    /** One line for people: not blank, no line break, no stack trace, no class or package names. */
    static void assertReadableLine(String text, String what) {
        assertThat(text).as(what + ": a reason").isNotNull().isNotBlank();
        assertThat(text).as(what + ": one line").doesNotContain("\n").doesNotContain("\r");
        assertThat(text)
                .as(what + ": nothing internal")
                .doesNotContain("Exception")
                .doesNotContain("at org.")
                .doesNotContain("at java.")
                .doesNotContain("org.springframework")
                .doesNotContain("tools.jackson")
                .doesNotContain("com.fasterxml");
    }

    // Generators of garbage text shared by the tests.

    static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    static int between(Random random, int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    static <T> T pick(Random random, T... items) {
        return items[random.nextInt(items.length)];
    }

    static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static String alphanumeric(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return text.toString();
    }

    /** Printable ASCII, including the characters that break naive parsers: quotes, braces, backslash, '%'. */
    static String printable(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) between(random, 0x20, 0x7E));
        }
        return text.toString();
    }

    /** Any text at all: control characters, line breaks, non-Latin scripts, emoji, lone surrogates. */
    static String anyText(Random random, int length) {
        return text(random, length, true);
    }

    /** Any text that survives UTF-8 unchanged: as {@link #anyText} without lone surrogates. */
    static String unicode(Random random, int length) {
        return text(random, length, false);
    }

    private static String text(Random random, int length, boolean loneSurrogates) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(
                    switch (random.nextInt(8)) {
                        case 0 -> String.valueOf((char) random.nextInt(0x20));
                        case 1 -> pick(random, "\n", "\r\n", "\t", "\u0000", "\u2028", "\u0085");
                        case 2 ->
                            pick(
                                    random,
                                    "é",
                                    "ß",
                                    "ا",
                                    "世",
                                    "\uD83D\uDE00",
                                    loneSurrogates ? "\uD800" : "\uDBFF\uDFFF",
                                    "\uFFFD",
                                    "\u200B");
                        default -> String.valueOf((char) between(random, 0x20, 0x7E));
                    });
        }
        return text.toString();
    }

    /** Text as a failure message can show it: control characters escaped, at most 60 characters. */
    static String shown(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder shown = new StringBuilder();
        text.codePoints()
                .limit(60)
                .forEach(c -> shown.append(
                        c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)
                                ? String.format("\\u%04X", c)
                                : Character.toString(c)));
        return text.length() > 60 ? shown + "...(" + text.length() + " chars)" : shown.toString();
    }
}
