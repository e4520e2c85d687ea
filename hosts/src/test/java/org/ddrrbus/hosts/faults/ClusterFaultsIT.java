package org.ddrrbus.hosts.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

    /** Per sender: two senders make 120 events a second together. */
    private static final int PER_SECOND = 60;

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
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void brokerLeadingTheBusiestPartitionsKilledAndRestartedOnItsOwnData() {
        FaultRun run = FaultRun.start(cluster, "broker-killed", PER_SECOND);
        run.awaitMoreDelivered(300, "before the fault");
        int victim = cluster.busiestLeader();
        long killed = System.currentTimeMillis();
        cluster.broker(victim).kill();
        // Two of three replicas are the minimum in sync: events are still taken while the broker is dead.
        run.awaitMoreAcknowledged(600, "while broker " + victim + " is dead");
        var restarted = cluster.restartBroker(victim);
        long back = System.currentTimeMillis();
        run.awaitMoreAcknowledged(600, "after broker " + victim + " restarted");
        cluster.awaitFullyReplicated(Duration.ofMinutes(2));

        FaultRun.Figures figures = run.finish(killed, back);
        assertThat(restarted.output())
                .as("the killed broker recovered its log: it found no clean shutdown marker")
                .doesNotContain("clean shutdown file was found");
        assertNothingLost(figures);
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
