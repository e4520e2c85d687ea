package org.ddrrbus.provisioning;

import java.util.Map;

/** A topic as the agreement wants it. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs) {

    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
