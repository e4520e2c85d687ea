package org.ddrrbus.broker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The broker's own record of who read what: the authorizer's decisions, as Kafka's {@code StandardAuthorizer} logs
 * them on {@value #AUTHORIZER_LOGGER} (allowed ones at DEBUG, denied ones at INFO), written to an owner-only file.
 *
 * <p>It keeps every topic read by the principals that may read everything, and every denial of anyone. This is what
 * makes reads with a plain Kafka client visible: the auditor's command line records its own runs in
 * {@code ddrr.audit-access}, but a console consumer logged in as the auditor records nothing there, and the broker sees
 * every fetch. Services that read their own inboxes are not kept: they are the normal traffic of the bus.
 *
 * <p>A consumer fetches a topic every few hundred milliseconds while it reads; the same decision for the same
 * principal, host and topic is written when it first happens and then at most once per {@link #REPEAT_AFTER_MS}.
 *
 * <p>The embedded broker logs through SLF4J into the process's logback, so this is a logback appender on that logger.
 * It survives a reconfiguration of logback (a Spring application starting in the same process resets it). On a real
 * cluster, the same is a log4j2 setting of each broker: see docs/auditing.md.
 */
final class ReadLog implements AutoCloseable {

    /** The logger every Kafka authorizer writes its decisions to. */
    static final String AUTHORIZER_LOGGER = "kafka.authorizer.logger";

    static final long REPEAT_AFTER_MS = 60_000;

    // Principal = User:auditor is Allowed operation = READ from host = 127.0.0.1 on resource = Topic:LITERAL:ddrr...
    private static final Pattern DECISION = Pattern.compile(
            "Principal = (?<principal>\\S+) is (?<result>Allowed|Denied) operation = (?<operation>\\S+) .*"
                    + "on resource = (?<resource>\\S+) .*");

    private final LoggerContext context;
    private final Path file;
    private final Set<String> principals;
    private final Reattach reattach = new Reattach();
    private FileAppender<ILoggingEvent> appender;

    private ReadLog(LoggerContext context, Path file, Set<String> principals) {
        this.context = context;
        this.file = file;
        this.principals = Set.copyOf(principals);
    }

    /**
     * Starts writing to {@code file}, created readable by its owner only.
     *
     * @param principals user names whose topic reads are kept, e.g. the auditor
     * @throws IllegalStateException when the process does not log through logback: reads would go unrecorded
     */
    static ReadLog start(Path file, Set<String> principals) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            throw new IllegalStateException("the broker records reads through logback, but this process logs through "
                    + factory.getClass().getName() + ": reads would go unrecorded");
        }
        createOwnerOnly(file);
        ReadLog record = new ReadLog(context, file, principals);
        record.attach();
        context.addListener(record.reattach);
        return record;
    }

    Path file() {
        return file;
    }

    private synchronized void attach() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> next = new FileAppender<>();
        next.setContext(context);
        next.setName("ddrr-broker-reads");
        next.setFile(file.toString());
        next.setAppend(true);
        next.setEncoder(encoder);
        next.addFilter(new KeptDecisions(principals));
        next.start();
        Logger logger = context.getLogger(AUTHORIZER_LOGGER);
        logger.setLevel(Level.DEBUG);
        // Only to this file: the decisions would otherwise flood the console, one per request.
        logger.setAdditive(false);
        logger.addAppender(next);
        appender = next;
    }

    @Override
    public synchronized void close() {
        context.removeListener(reattach);
        Logger logger = context.getLogger(AUTHORIZER_LOGGER);
        if (appender != null) {
            logger.detachAppender(appender);
            appender.stop();
            appender = null;
        }
        logger.setLevel(null);
        logger.setAdditive(true);
    }

    private static void createOwnerOnly(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's own protection is all there is.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's read log " + file, e);
        }
    }

    /** Keeps topic reads of the watched principals and every denial; writes a repeat at most once a minute. */
    static final class KeptDecisions extends Filter<ILoggingEvent> {

        private static final int REMEMBERED = 1_000;

        private final Set<String> principals;
        private final Map<String, Long> lastWritten = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > REMEMBERED;
            }
        };

        KeptDecisions(Set<String> principals) {
            this.principals = Set.copyOf(principals);
        }

        @Override
        public FilterReply decide(ILoggingEvent event) {
            String message = event.getFormattedMessage();
            if (message == null || !kept(message)) {
                return FilterReply.DENY;
            }
            // The request type and the rule stay in the key: a Fetch repeats, a new kind of access is written at once.
            synchronized (lastWritten) {
                Long last = lastWritten.get(message);
                if (last != null && event.getTimeStamp() - last < REPEAT_AFTER_MS) {
                    return FilterReply.DENY;
                }
                lastWritten.put(message, event.getTimeStamp());
            }
            return FilterReply.NEUTRAL;
        }

        boolean kept(String message) {
            Matcher decision = DECISION.matcher(message);
            if (!decision.matches()) {
                return false;
            }
            if (decision.group("result").equals("Denied")) {
                return true;
            }
            String principal = decision.group("principal");
            return principal.startsWith("User:")
                    && principals.contains(principal.substring("User:".length()))
                    && decision.group("operation").equals("READ")
                    && decision.group("resource").startsWith("Topic:");
        }
    }

    /** Puts the appender back after logback is reset, as a Spring application starting in this process does. */
    private final class Reattach implements LoggerContextListener {

        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext resetContext) {
            synchronized (ReadLog.this) {
                if (appender != null) {
                    attach();
                }
            }
        }

        @Override
        public void onStart(LoggerContext startedContext) {}

        @Override
        public void onStop(LoggerContext stoppedContext) {}

        @Override
        public void onLevelChange(Logger logger, Level level) {}
    }
}
