package org.ddrrbus.provisioning;

import java.util.Optional;

/**
 * How topics are laid out on the cluster.
 *
 * <p>Every outbox must have the same partition count: the exchange keeps each person's consent next to their events,
 * which works only if a subjectRef lands on the same partition number in every outbox.
 */
public record TopicLayout(int partitions, short replicationFactor, Optional<Integer> minInsyncReplicas) {

    public TopicLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1");
        }
        minInsyncReplicas.ifPresent(min -> {
            if (min < 1 || min > replicationFactor) {
                throw new IllegalArgumentException("min.insync.replicas must be between 1 and the replication factor");
            }
        });
    }

    /** The embedded broker: one node, nothing to replicate to. */
    public static TopicLayout singleNode() {
        return new TopicLayout(3, (short) 1, Optional.empty());
    }

    /** A real cluster: an acknowledged event survives the loss of any one broker. */
    public static TopicLayout cluster() {
        return new TopicLayout(3, (short) 3, Optional.of(2));
    }
}
