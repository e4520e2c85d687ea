package org.ddrrbus.launcher.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exchange's and the dashboard's Streams changelogs get the cluster's replication factor, not Streams' 1. */
class ClusterReplicationTest {

    @Test
    void aClusterNamedByKafkaBootstrapReplicatesThreeTimesUnlessToldOtherwise() {
        assertThat(Cluster.replicationFactor(Map.of("KAFKA_BOOTSTRAP", "kafka-1:9092")))
                .isEqualTo(3);
        assertThat(Cluster.replicationFactor(
                        Map.of("KAFKA_BOOTSTRAP", "kafka-1:9092", "KAFKA_REPLICATION_FACTOR", "2")))
                .isEqualTo(2);
    }

    @Test
    void theEmbeddedBrokerHasOneReplica() {
        assertThat(Cluster.replicationFactor(Map.of())).isEqualTo(1);
        assertThat(Cluster.replicationFactor(Map.of("KAFKA_BOOTSTRAP", " "))).isEqualTo(1);
    }

    @Test
    void aReplicationFactorThatIsNoNumberIsRefusedInOneLine() {
        assertThatThrownBy(() -> Cluster.replicationFactor(
                        Map.of("KAFKA_BOOTSTRAP", "kafka-1:9092", "KAFKA_REPLICATION_FACTOR", "three")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KAFKA_REPLICATION_FACTOR must be a whole number of at least 1, not 'three'");
    }
}
