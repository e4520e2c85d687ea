package org.ddrrbus.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.ddrrbus.client.keys.SigningKeys;
import org.slf4j.LoggerFactory;

/**
 * The console of a command whose output is what its user asked for ({@code ./ddrr audit}, {@code ./ddrr demo}):
 * news that a running service logs for its operator, such as which key it signs with from now on, is not part of it.
 * For these commands, and while they run, those loggers say only warnings; every other command logs at the levels of
 * {@code logback.xml}, where a node's "Signing as" line is how its operator sees a rotation take effect.
 */
final class ConsoleLogs {

    /** The commands whose console is their output. */
    static final Set<String> OWN_OUTPUT = Set.of("audit", "demo");

    /** Loggers whose INFO lines are a running service's news. */
    private static final List<String> SERVICE_NEWS = List.of(SigningKeys.class.getName());

    private ConsoleLogs() {}

    /** Runs the command named {@code command} (the first word after {@code ddrr}) with its console as it should be. */
    static <T> T during(String command, Supplier<T> run) {
        if (!OWN_OUTPUT.contains(command)) {
            return run.get();
        }
        Map<Logger, Level> before = new LinkedHashMap<>();
        for (String name : SERVICE_NEWS) {
            if (LoggerFactory.getLogger(name) instanceof Logger logger) {
                before.put(logger, logger.getLevel());
                logger.setLevel(Level.WARN);
            }
        }
        try {
            return run.get();
        } finally {
            // Put back as it was (null: inherit from logback.xml), for the next command run in this JVM.
            before.forEach(Logger::setLevel);
        }
    }
}
