package org.ddrrbus.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell commands README.md shows: every command of its {@code bash} code blocks (continued lines joined, comments
 * dropped, each with the reply a following {@code # -> } line promises), and every inline {@code curl} with the
 * answer the sentence gives it ({@code `curl URL` answers `BODY`}).
 */
final class ReadmeCommands {

    /** A command as shown, and the reply shown under it ({@code # -> 201 {...}}), if any. */
    record Command(String text, Optional<String> reply) {}

    /** An inline curl and the body the README says it answers. */
    record Inline(String command, String answer) {}

    private static final Pattern INLINE_CURL = Pattern.compile("`(curl [^`]+)` answers `([^`]+)`");

    private ReadmeCommands() {}

    static List<Command> fenced(Path readme) throws IOException {
        List<Command> commands = new ArrayList<>();
        boolean inBash = false;
        boolean inOther = false;
        StringBuilder pending = null;
        for (String line : Files.readAllLines(readme)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```")) {
                if (inBash || inOther) {
                    inBash = false;
                    inOther = false;
                } else if (trimmed.equals("```bash")) {
                    inBash = true;
                } else {
                    inOther = true;
                }
                continue;
            }
            if (!inBash) {
                continue;
            }
            if (pending != null) {
                pending.append('\n').append(line);
            } else if (trimmed.startsWith("# -> ") && !commands.isEmpty()) {
                Command last = commands.remove(commands.size() - 1);
                commands.add(new Command(last.text(), Optional.of(trimmed.substring("# -> ".length()))));
                continue;
            } else if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            } else {
                pending = new StringBuilder(line);
            }
            String text = pending.toString();
            // A command goes on while its line ends in a backslash or a single quote is still open.
            if (text.endsWith("\\") || text.chars().filter(c -> c == '\'').count() % 2 == 1) {
                continue;
            }
            commands.add(new Command(withoutComment(text), Optional.empty()));
            pending = null;
        }
        return commands;
    }

    static List<Inline> inlineCurls(Path readme) throws IOException {
        String text = Files.readString(readme).replaceAll("\\s*\\n\\s*", " ");
        List<Inline> found = new ArrayList<>();
        Matcher m = INLINE_CURL.matcher(text);
        while (m.find()) {
            found.add(new Inline(m.group(1), m.group(2)));
        }
        return found;
    }

    /** The command without a trailing {@code # comment} outside quotes. */
    private static String withoutComment(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == '#' && !quoted && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                return text.substring(0, i).stripTrailing();
            }
        }
        return text.stripTrailing();
    }
}
