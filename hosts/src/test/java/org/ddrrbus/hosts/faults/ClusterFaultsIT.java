package org.ddrrbus.hosts.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.ddrrbus.hosts.Host;
import org.ddrrbus.hosts.HostProcess;
import org.ddrrbus.hosts.VirtualNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Faults on real processes and a real (virtual) network, while iom and cicc each publish a steady stream of reports to
 * nctc from their own hosts. Three brokers, each a JVM on its own host (KRaft, broker and controller in one,
 * replication factor 3, min ISR 2, SASL_SSL); the exchange on a host of its own; nctc reading its inbox on its own.
 * Each fault counts what the senders were told was accepted against what reached nctc's inbox: nothing lost, nothing
 * twice, each person's events in order.
 *
 * <p>One cluster serves every test, in this fixed order; each test starts from a healthy cluster ({@link
 * HostCluster#restore()}) and counts its own events. The two-exchange test leaves the second exchange as the exchange:
 * the tests after it run on that bus. The backup test comes last: once its own run is counted it stops the class's
 * cluster, so that the whole bus restored from the backup starts with the machine's two cores to itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {

    /**
     * Per sender: two senders make 50 events a second together, well within what the exchange routes on two cores
     * shared by nine JVMs, so that a backlog after a fault is the fault's and not the machine's.
     */
    private static final int PER_SECOND = 25;

    /** How long a host is cut off from the network. */
    private static final Duration CUT = Duration.ofSeconds(30);

    /** Held in each direction between the exchange's host and the brokers: 400 ms more on every round trip. */
    static final Duration DELAY = Duration.ofMillis(200);

    /** Packets dropped in each direction between the exchange's host and the brokers. */
    static final int LOSS_PERCENT = 5;

    /** How long the exchange works over the slow, lossy link. */
    private static final Duration SLOW = Duration.ofSeconds(20);

    private static HostCluster cluster;

    @BeforeAll
    static void start() {
        VirtualNetwork.assumeAvailable();
        cluster = HostCluster.start("cluster-faults");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void healthy() {
        cluster.restore();
    }

    @Test
    @Order(1)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void brokerLeadingTheBusiestPartitionsKilledAndRestartedOnItsOwnData() {
        try (FaultRun run = FaultRun.start(cluster, "broker-killed", PER_SECOND)) {
            brokerKilled(run);
        }
    }

    private static void brokerKilled(FaultRun run) {
        run.awaitMoreDelivered(100, "before the fault");
        int victim = cluster.busiestLeader();
        long killed = System.currentTimeMillis();
        cluster.broker(victim).kill();
        // Two of three replicas are the minimum in sync: events are still taken while the broker is dead.
        run.awaitMoreAcknowledged(200, "while broker " + victim + " is dead");
        run.awaitMoreDelivered(100, "while broker " + victim + " is dead");
        HostProcess restarted = cluster.restartBroker(victim);
        long back = System.currentTimeMillis();
        run.awaitMoreAcknowledged(200, "after broker " + victim + " restarted");
        cluster.awaitFullyReplicated(Duration.ofMinutes(2));

        FaultRun.Figures figures = run.finish(killed, back);
        assertThat(restarted.output())
                .as("the killed broker found no clean shutdown marker, so it recovered its log")
                .contains("no clean shutdown file was found");
        assertNothingLost(figures);
    }

    @Test
    @Order(2)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void hostOfTheBusiestLeaderCutOffForThirtySecondsThenHealed() {
        try (FaultRun run = FaultRun.start(cluster, "leader-cut-off", PER_SECOND)) {
            leaderCutOff(run);
        }
    }

    private static void leaderCutOff(FaultRun run) {
        run.awaitMoreDelivered(100, "before the fault");
        Host host = cluster.brokerHost(cluster.busiestLeader());
        host.disconnect();
        long cut = System.currentTimeMillis();
        int acknowledgedAtCut = run.acknowledged();
        // The other two brokers take over the partitions: events are still taken while the leader's host is
        // unreachable. (Their delivery may wait: the longest stop is among the figures.)
        Awaitility.await(CUT.toSeconds() + " s cut off, with events taken meanwhile")
                .atMost(CUT.multipliedBy(4))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> System.currentTimeMillis() - cut >= CUT.toMillis()
                        && run.acknowledged() >= acknowledgedAtCut + 200);
        host.reconnect();
        long healed = System.currentTimeMillis();
        run.awaitMoreAcknowledged(200, "after the heal");
        cluster.awaitFullyReplicated(Duration.ofMinutes(2));

        assertNothingLost(run.finish(cut, healed));
    }

    @Test
    @Order(3)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void exchangeKilledWhileTheBusiestLeadersHostIsCutOffAndRestartedBeforeTheHeal() {
        try (FaultRun run = FaultRun.start(cluster, "exchange-killed-in-partition", PER_SECOND)) {
            exchangeKilledInPartition(run);
        }
    }

    private static void exchangeKilledInPartition(FaultRun run) {
        run.awaitMoreDelivered(100, "before the fault");
        Host host = cluster.brokerHost(cluster.busiestLeader());
        host.disconnect();
        long cut = System.currentTimeMillis();
        run.awaitMoreAcknowledged(150, "the leader's host cut off");
        cluster.exchange().kill();
        // Senders write to the brokers, not to the exchange: their events are taken while it is down.
        run.awaitMoreAcknowledged(200, "the exchange dead, the leader's host cut off");
        cluster.startExchange();
        run.awaitMoreAcknowledged(200, "the exchange restarted, the leader's host still cut off");
        host.reconnect();
        long healed = System.currentTimeMillis();
        run.awaitMoreAcknowledged(200, "after the heal");
        cluster.awaitFullyReplicated(Duration.ofMinutes(2));

        assertNothingLost(run.finish(cut, healed));
    }

    @Test
    @Order(4)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void exchangeReachesTheBrokersOverASlowLossyLink() {
        try (FaultRun run = FaultRun.start(cluster, "exchange-link-slow-and-lossy", PER_SECOND)) {
            slowLossyLink(run);
        }
    }

    private static void slowLossyLink(FaultRun run) {
        run.awaitMoreDelivered(100, "before the fault");
        long slowed = System.currentTimeMillis();
        int deliveredAtStart = run.delivered();
        try (SlowLink link = SlowLink.between(cluster, cluster.exchangeHost(), DELAY, LOSS_PERCENT)) {
            Awaitility.await(SLOW.toSeconds() + " s over the slow link, with events delivered through it")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> System.currentTimeMillis() - slowed >= SLOW.toMillis()
                            && run.delivered() >= deliveredAtStart + 100
                            && link.relayedConnections() >= 3);
        }
        long healed = System.currentTimeMillis();
        run.awaitMoreAcknowledged(200, "after the link is fast again");

        assertNothingLost(run.finish(slowed, healed));
    }

    @Test
    @Order(5)
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void oneOfTwoExchangesKilledAndTheOtherTakesOver() {
        // Started first: it starts while the senders and the tally do.
        HostProcess second = cluster.startSecondExchange();
        try (FaultRun run = FaultRun.start(cluster, "one-of-two-exchanges-killed", PER_SECOND)) {
            // On two cores shared with other builds a second Spring and Kafka Streams JVM can take minutes to join.
            second.awaitLine(HostCluster.EXCHANGE_RUNNING, Duration.ofMinutes(5));
            run.awaitMoreDelivered(100, "with two exchanges sharing the work");
            long killed = System.currentTimeMillis();
            cluster.exchange().kill();
            // The group gives the dead instance's partitions to the other once its session times out (10 s).
            run.awaitMoreAcknowledged(200, "one exchange killed");
            run.awaitMoreDelivered(200, "one exchange killed");
            long tookOver = System.currentTimeMillis();
            FaultRun.Figures figures = run.finish(killed, tookOver);
            assertThat(second.alive()).as("the second exchange still runs").isTrue();
            // It goes on as the exchange for the next tests: no restart of the first.
            cluster.secondExchangeTookOver();
            assertNothingLost(figures);
        }
    }

    @Test
    @Order(7)
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void busBackedUpWhileRunningThenALostBrokerAndTheWholeBusRestoredFromIt() throws java.io.IOException {
        BusBackup backup;
        Map<String, String> beforeBackup;
        try (FaultRun run = FaultRun.start(cluster, "backup-and-restore", PER_SECOND)) {
            run.awaitMoreDelivered(100, "before the backup");
            backup = BusBackup.take(cluster, cluster.network().work().resolve("backup-" + System.currentTimeMillis()));
            System.out.printf(
                    "backup: the brokers were paused %.1f s%n", backup.pause().toMillis() / 1000.0);
            run.awaitMoreAcknowledged(100, "after the backup");
            // One broker's machine is lost: it comes back from the backup on a new disk and catches up from the others.
            int lost = cluster.busiestLeader();
            long killed = System.currentTimeMillis();
            cluster.restoreBroker(lost, backup);
            long back = System.currentTimeMillis();
            run.awaitMoreAcknowledged(100, "after broker " + lost + " was restored");
            cluster.awaitFullyReplicated(Duration.ofMinutes(2));
            assertNothingLost(run.finish(killed, back));
            beforeBackup = run.acknowledgedBefore(backup.pausedAt());
        }
        assertThat(beforeBackup).as("events acknowledged before the backup").isNotEmpty();
        // The last test of the class: its bus is done with. Its nine JVMs would share the two cores with the restored
        // bus's, which start and catch up from the backup.
        java.nio.file.Path work = cluster.network().work();
        stop();
        cluster = null;
        long started = System.currentTimeMillis();
        try (HostCluster restored = HostCluster.restore(backup, "restored-bus")) {
            RestoredInbox inbox = RestoredInbox.check(restored, beforeBackup, started);
            FaultRun.Figures.appendRow(
                    work,
                    String.format(
                            "| `restored-bus` (the brokers were paused %s for the backup) | %,d | %,d | %d | %d | %d |"
                                    + " | | | %s after the restored bus was started | | %s |",
                            FaultRun.Figures.seconds(backup.pause()),
                            inbox.expected(),
                            inbox.delivered(),
                            inbox.lost(),
                            inbox.duplicated(),
                            inbox.outOfOrder(),
                            FaultRun.Figures.seconds(inbox.caughtUp()),
                            FaultRun.Figures.loadAverage()));
            assertThat(inbox.lost()).as("lost").isZero();
            assertThat(inbox.duplicated()).as("duplicated").isZero();
            assertThat(inbox.outOfOrder()).as("out of order").isZero();
        }
    }

    /**
     * The soak, short here ({@link Soak.Settings}: 20 s, 100 events/s, a fault every 4 to 6 s, each held 5 s; every
     * fault has its own test above); {@code ./ddrr soak} runs it for 10 minutes at 300 events/s with a fault every 30
     * to 60 s, each held 20 s.
     */
    @Test
    @Order(6)
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void soakWithRandomFaults() {
        Soak.Settings settings = Soak.Settings.fromProperties();
        Soak.Totals totals = Soak.run(cluster, settings);
        assertThat(totals.faults()).as("faults struck").isNotEmpty();
        // audit verify exits 1 on any record failing; its summary counts every record as verified.
        assertThat(totals.audit()).as("audit verify --all").matches("total: (\\d+) records?: \\1 verified, .*");
        assertThat(totals.clean()).as(totals.toString()).isTrue();
    }

    private static void assertNothingLost(FaultRun.Figures figures) {
        assertThat(figures.acknowledged() + figures.failed())
                .as("every event sent was either acknowledged or refused to its sender")
                .isEqualTo(figures.sent());
        assertThat(figures.lost()).as("lost").isEmpty();
        assertThat(figures.duplicated()).as("duplicated").isEmpty();
        assertThat(figures.outOfOrder()).as("out of order per subjectRef").isEmpty();
    }
}
