package org.ddrrbus.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SupportDelivered;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange, a real separate process, is killed with SIGKILL mid-stream and started again with nothing done by
 * hand: exactly-once processing means no acknowledged event is lost and none delivered twice.
 */
class ExchangeCrashIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private final TestBus bus = TestBus.shared();
    private final List<Process> processes = new ArrayList<>();
    private Path stateDir;

    @AfterEach
    void stopExchange() {
        processes.forEach(Process::destroyForcibly);
    }

    private Process startExchange(Path log) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dorg.springframework.boot.logging.LoggingSystem=none",
                "-cp",
                System.getProperty("java.class.path"),
                "org.ddrrbus.exchange.ExchangeApplication",
                "--ddrr.bus.bootstrap-servers=" + bus.bootstrapServers(),
                "--ddrr.bus.password=" + bus.passwordOf("exchange"),
                "--ddrr.bus.keys-dir=" + bus.keysDir(),
                "--ddrr.exchange.state-dir=" + stateDir,
                "--server.tomcat.basedir=" + stateDir.resolve("tomcat"),
                "--spring.main.log-startup-info=false");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        processes.add(process);
        return process;
    }

    /**
     * Waits until the exchange delivers: a probe event published now reaches its inbox. The probe is cicc's, not iom's:
     * the steady publisher numbers and sends iom's events on a producer of its own, and an iom event sent on a second
     * producer at the same time could reach the outbox out of its number's order and be refused as a replay.
     */
    private void awaitRouting(String probeSubject) {
        bus.publish(
                "cicc",
                new SupportDelivered(probeSubject, null, "nctc", ServiceKind.LIVELIHOOD, java.time.LocalDate.now()));
        bus.awaitRecords("nctc", Topics.inbox("nctc"), r -> probeSubject.equals(r.key()), 1);
    }

    @Test
    void killedExchangeResumesWithNothingLostAndNothingTwice() throws Exception {
        stateDir = Files.createTempDirectory(scratch, "exchange-crash-state");
        Path log = Path.of("target", "exchange-crash.log");
        Files.createDirectories(log.getParent());
        Process first = startExchange(log);
        awaitRouting("KE-PRB1-0001");

        Set<String> acknowledged;
        SteadyPublisher publisher = new SteadyPublisher(bus.clientProperties("iom"), bus.signingKey("iom"), 150);
        try {
            publisher.awaitMoreAcknowledged(900, "before the crash");
            first.destroyForcibly();
            assertThat(first.waitFor(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                    .isTrue();
            assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            // Senders write to the brokers, not to the exchange: their events are taken while it is down.
            publisher.awaitMoreAcknowledged(450, "while the exchange is down");
            startExchange(log);
            awaitRouting("KE-PRB1-0002");
            publisher.awaitMoreAcknowledged(900, "after the exchange's return");
            acknowledged = publisher.stop();
        } finally {
            publisher.close();
        }

        InboxAccount inbox = InboxAccount.of(
                bus.clientProperties("nctc"),
                Topics.inbox("nctc"),
                publisher.subjectPrefix(),
                acknowledged,
                Duration.ofSeconds(90));

        System.out.printf(
                "exchange crash: sent %d, acknowledged %d, delivered %d, lost %d, duplicated %d%n",
                publisher.sent(),
                acknowledged.size(),
                inbox.delivered(),
                inbox.lost().size(),
                inbox.duplicated().size());
        assertThat(acknowledged.size() + publisher.failed())
                .as("every event sent was either acknowledged or refused to its sender")
                .isEqualTo(publisher.sent());
        assertThat(inbox.lost()).as("lost").isEmpty();
        assertThat(inbox.duplicated()).as("duplicated").isEmpty();
        assertThat(inbox.outOfOrder()).as("out of order per subjectRef").isEmpty();
    }
}
