package org.ddrrbus.client.text;

/**
 * Text for a one-line reason: every refusal on the bus, at the REST edge and on the command line is one line, yet it
 * often quotes what it refuses, which may hold line breaks or other control characters (easily sent by a script).
 */
public final class OneLine {

    private OneLine() {}

    /** The text with control characters shown as '?', cut to {@code max} characters with "..." after. */
    public static String of(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder line = new StringBuilder();
        text.codePoints().limit(max).forEach(c -> line.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.codePointCount(0, text.length()) > max ? line + "..." : line.toString();
    }

    /** Only the first line of a message whose later lines are detail for developers (a parser's location, say). */
    public static String first(String text, int max) {
        return of(text == null ? "" : text.lines().findFirst().orElse(""), max);
    }
}
