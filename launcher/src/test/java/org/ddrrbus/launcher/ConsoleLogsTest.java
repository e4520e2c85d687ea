package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A command whose console is its output does not print which key signs; a running service's log still does. */
class ConsoleLogsTest {

    @TempDir
    Path keys;

    private final Logger signingKeys = (Logger) LoggerFactory.getLogger(SigningKeys.class);
    private final ListAppender<ILoggingEvent> console = new ListAppender<>();

    @BeforeEach
    void listen() {
        console.start();
        signingKeys.addAppender(console);
    }

    @AfterEach
    void stopListening() {
        signingKeys.detachAppender(console);
    }

    @Test
    void auditAndDemoDoNotSayWhichKeySigns() {
        for (String command : new String[] {"audit", "demo"}) {
            ConsoleLogs.during(command, () -> signingKeys(command).current());
        }

        assertThat(console.list).isEmpty();
    }

    @Test
    void otherCommandsStillSayWhichKeySignsAndAuditLeavesTheLevelAsItWas() {
        ConsoleLogs.during("audit", () -> 0);

        ConsoleLogs.during("run", () -> signingKeys("node").current());

        assertThat(console.list)
                .singleElement()
                .extracting(ILoggingEvent::getFormattedMessage)
                .asString()
                .startsWith("Signing as node/");
    }

    private SigningKeys signingKeys(String principal) {
        PrivateKeys own;
        try {
            own = PrivateKeys.at(Files.createDirectories(keys.resolve(principal)), principal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SigningKey key = own.ensureOne();
        return new SigningKeys(own, KeyRing.of(key), Clock.systemUTC());
    }
}
