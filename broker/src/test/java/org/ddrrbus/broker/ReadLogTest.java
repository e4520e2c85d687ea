package org.ddrrbus.broker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ReadLogTest {

    private static final String AUDITOR_READS =
            "Principal = User:auditor is Allowed operation = READ from host = 127.0.0.1 on resource ="
                    + " Topic:LITERAL:ddrr.inbox.iom for request = Fetch with resourceRefCount = 1 based on rule"
                    + " MatchingAcl(acl=StandardAcl(resourceType=TOPIC, resourceName=ddrr.inbox., patternType=PREFIXED,"
                    + " principal=User:auditor, host=*, operation=READ, permissionType=ALLOW))";

    private final ReadLog.KeptDecisions filter = new ReadLog.KeptDecisions(Set.of("auditor", "admin"));

    private static LoggingEvent event(String message, long at) {
        LoggingEvent event = new LoggingEvent();
        event.setLoggerContext(new LoggerContext());
        event.setLevel(Level.DEBUG);
        event.setMessage(message);
        event.setTimeStamp(at);
        return event;
    }

    @Test
    void keepsTopicReadsOfThePrincipalsOnRecordAndEveryDenial() {
        assertThat(filter.kept(AUDITOR_READS)).isTrue();
        assertThat(filter.kept(AUDITOR_READS.replace("User:auditor is", "User:admin is")))
                .isTrue();
        assertThat(filter.kept("Principal = User:county is Denied operation = READ from host = 127.0.0.1 on resource ="
                        + " Topic:LITERAL:ddrr.inbox.nctc for request = Fetch with resourceRefCount = 1"
                        + " based on rule DefaultDeny"))
                .isTrue();
    }

    @Test
    void leavesOutTheBusesOwnTrafficAndWhatIsNotARead() {
        // An agency reading its own inbox is the normal traffic of the bus.
        assertThat(filter.kept(AUDITOR_READS.replace("User:auditor is", "User:iom is")))
                .isFalse();
        assertThat(filter.kept(AUDITOR_READS.replace("operation = READ", "operation = DESCRIBE")))
                .isFalse();
        assertThat(filter.kept(AUDITOR_READS.replace("Topic:LITERAL", "Group:LITERAL")))
                .isFalse();
        assertThat(filter.kept("Processing override for entityPath: clients")).isFalse();
    }

    @Test
    void keepsWritingAfterLoggingIsReconfigured(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broker-reads.log");
        try (ReadLog log = ReadLog.start(file, Set.of("auditor"))) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            // What a Spring application starting in the same process does to logback.
            context.reset();
            new ContextInitializer(context).autoConfig();

            LoggerFactory.getLogger(ReadLog.AUTHORIZER_LOGGER).debug(AUDITOR_READS);
            LoggerFactory.getLogger(ReadLog.AUTHORIZER_LOGGER)
                    .debug(AUDITOR_READS.replace("User:auditor is", "User:iom is"));
        }

        assertThat(Files.readAllLines(file)).singleElement().asString().endsWith(AUDITOR_READS);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aReadThatGoesOnIsWrittenOnceAMinute() {
        assertThat(filter.decide(event(AUDITOR_READS, 1_000))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event(AUDITOR_READS, 1_500))).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(event(AUDITOR_READS.replace("127.0.0.1", "10.0.0.7"), 1_600)))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(event(AUDITOR_READS, 1_000 + ReadLog.REPEAT_AFTER_MS)))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
