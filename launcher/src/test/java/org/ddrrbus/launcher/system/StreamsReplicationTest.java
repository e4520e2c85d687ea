package org.ddrrbus.launcher.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On a cluster named by {@code KAFKA_BOOTSTRAP}, the exchange and the dashboard that {@code ./ddrr up} starts give
 * their Kafka Streams changelogs and repartition topics the cluster's replication factor, not Streams' default of 1.
 */
class StreamsReplicationTest {

    private static final BusSystem.Settings SETTINGS = BlankSettings.INSTANCE;

    @Test
    void onAClusterTheChangelogsAreReplicatedThreeTimes() {
        Map<String, String> cluster = Map.of("KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092,kafka-3:9092");

        assertThat(ComponentArguments.of("exchange", Ports.standard(), SETTINGS, cluster))
                .contains("--ddrr.exchange.replication-factor=3");
        assertThat(ComponentArguments.of("dashboard", Ports.standard(), SETTINGS, cluster))
                .contains("--ddrr.dashboard.replication-factor=3");
    }

    @Test
    void onTheEmbeddedBrokerTheyHaveOneReplica() {
        assertThat(ComponentArguments.of("exchange", Ports.standard(), SETTINGS, Map.of()))
                .contains("--ddrr.exchange.replication-factor=1");
        assertThat(ComponentArguments.of("dashboard", Ports.standard(), SETTINGS, Map.of()))
                .contains("--ddrr.dashboard.replication-factor=1");
    }

    @Test
    void onlyTheLocalDemoReleasesFiguresEveryTenSecondsAClusterKeepsTheHourlyDefault() {
        Map<String, String> cluster = Map.of("KAFKA_BOOTSTRAP", "kafka-1:9092");

        assertThat(ComponentArguments.of("dashboard", Ports.standard(), SETTINGS, Map.of()))
                .contains("--ddrr.dashboard.release.interval=10s");
        assertThat(ComponentArguments.of("dashboard", Ports.standard(), SETTINGS, cluster))
                .noneMatch(arg -> arg.startsWith("--ddrr.dashboard.release.interval"));
    }
}
