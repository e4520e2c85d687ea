package org.ddrrbus.reliability.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.client.keys.KeyRegistrar;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.exchange.ExchangeApplication;
import org.ddrrbus.provisioning.DesiredState;
import org.ddrrbus.provisioning.TopicLayout;
import org.ddrrbus.provisioning.TopicSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A broker of a three-broker KRaft cluster dies mid-stream and comes back later. Topics are laid out as on a real
 * cluster (replication factor 3, min.insync.replicas 2), the exchange runs with exactly-once processing, and every
 * event the broker acknowledged must reach its inbox exactly once, in order per person.
 */
class BrokerFailureIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private static KafkaClusterTestKit cluster;
    private static ConfigurableApplicationContext exchange;
    private static Path keys;

    @BeforeAll
    static void start() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setCombined(false)
                .setNumBrokerNodes(3)
                .setNumControllerNodes(1)
                .build();
        cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "3")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.replication.factor", "3")
                .setConfigProp("transaction.state.log.min.isr", "2")
                .setConfigProp("transaction.state.log.num.partitions", "3")
                .setConfigProp("default.replication.factor", "3")
                .setConfigProp("min.insync.replicas", "2")
                .setConfigProp("unclean.leader.election.enable", "false")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // An abrupt stop, as a crash: no handing over of leadership first.
                .setConfigProp("controlled.shutdown.enable", "false")
                .setConfigProp("broker.session.timeout.ms", "3000")
                .setConfigProp("broker.heartbeat.interval.ms", "500")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(client())) {
            DesiredState desired = DesiredState.from(AgreementLoader.loadDefault(), TopicLayout.cluster());
            admin.createTopics(desired.topics().stream()
                            .map(t ->
                                    new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs()))
                            .toList())
                    .all()
                    .get();
            assertThat(desired.topics())
                    .extracting(TopicSpec::replicationFactor)
                    .containsOnly((short) 3);
        }
        keys = Files.createTempDirectory(scratch, "broker-failure-keys");
        DirectoryKey operator = DirectoryKey.generate();
        operator.anchor().write(keys.resolve(DirectoryAnchor.FILE_NAME));
        try (KeyRegistrar registrar = KeyRegistrar.connect(
                client(), operator, Set.of("iom", "nctc", "exchange"), Clock.systemUTC(), Duration.ofSeconds(30))) {
            for (String principal : Set.of("iom", "nctc", "exchange")) {
                registrar.registerOwn(PrivateKeys.at(keys.resolve("private"), principal), Instant.now());
            }
        }
        exchange = ExchangeApplication.application()
                .run(
                        "--ddrr.bus.bootstrap-servers=" + cluster.bootstrapServers(),
                        "--ddrr.bus.security-protocol=PLAINTEXT",
                        "--ddrr.bus.keys-dir=" + keys,
                        "--ddrr.exchange.replication-factor=3",
                        "--ddrr.exchange.state-dir=" + scratch.resolve("broker-failure-exchange"),
                        "--server.tomcat.basedir="
                                + scratch.resolve("broker-failure-exchange").resolve("tomcat"),
                        "--ddrr.exchange.instance-id=broker-failure",
                        "--spring.main.log-startup-info=false");
    }

    @AfterAll
    static void stop() throws Exception {
        if (exchange != null) {
            exchange.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, Object> client() {
        Map<String, Object> props = new HashMap<>();
        cluster.clientProperties().forEach((k, v) -> props.put(String.valueOf(k), v));
        return props;
    }

    @Test
    void everyAcknowledgedEventReachesItsInboxExactlyOnceAcrossABrokerCrash() throws Exception {
        Set<String> acknowledged;
        SteadyPublisher publisher = new SteadyPublisher(
                client(), PrivateKeys.at(keys.resolve("private"), "iom").ensureOne(), 150);
        try {
            publisher.awaitMoreAcknowledged(900, "before the crash");
            int victim = cluster.brokers().keySet().iterator().next();
            cluster.brokers().get(victim).shutdown();
            cluster.brokers().get(victim).awaitShutdown();
            // Two of three replicas are the minimum in sync: the bus keeps taking events while one broker is down.
            publisher.awaitMoreAcknowledged(1_200, "while a broker is down");
            cluster.brokers().get(victim).startup();
            publisher.awaitMoreAcknowledged(900, "after the broker's return");
            acknowledged = publisher.stop();
        } finally {
            publisher.close();
        }

        InboxAccount inbox = InboxAccount.of(
                client(), "ddrr.inbox.nctc", publisher.subjectPrefix(), acknowledged, Duration.ofSeconds(90));

        System.out.printf(
                "broker failure: sent %d, acknowledged %d, failed %d, delivered %d, lost %d, duplicated %d%n",
                publisher.sent(),
                acknowledged.size(),
                publisher.failed(),
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
