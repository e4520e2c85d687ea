package org.ddrrbus.hosts.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.ddrrbus.hosts.Host;
import org.ddrrbus.hosts.HostProcess;
import org.ddrrbus.hosts.VirtualNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults on real processes and a real (virtual) network, while iom and cicc each publish a steady stream of reports to
 * nctc from their own hosts. Three brokers, each a JVM on its own host (KRaft, broker and controller in one,
 * replication factor 3, min ISR 2, SASL_SSL); the exchange on a host of its own; nctc reading its inbox on its own.
 * Each fault counts what the senders were told was accepted against what reached nctc's inbox: nothing lost, nothing
 * twice, each person's events in order.
 */
class ClusterFaultsIT {

    /**
     * Per sender: two senders make 50 events a second together, well within what the exchange routes on two cores
     * shared by nine JVMs, so that a backlog after a fault is the fault's and not the machine's.
     */
    private static final int PER_SECOND = 25;

    /** How long a host is cut off from the network. */
    private static final Duration CUT = Duration.ofSeconds(30);

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

    private static void assertNothingLost(FaultRun.Figures figures) {
        assertThat(figures.acknowledged() + figures.failed())
                .as("every event sent was either acknowledged or refused to its sender")
                .isEqualTo(figures.sent());
        assertThat(figures.lost()).as("lost").isEmpty();
        assertThat(figures.duplicated()).as("duplicated").isEmpty();
        assertThat(figures.outOfOrder()).as("out of order per subjectRef").isEmpty();
    }
}
