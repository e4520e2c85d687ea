package org.ddrrbus.federation.mirror;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.mirror.MirrorMaker;
import org.ddrrbus.federation.link.FederationTopics;

/**
 * MirrorMaker 2 between two buses, in dedicated mode inside this process: one flow each way, each copying exactly one
 * topic, the sending exchange's outgoing topic, under the same name. Nothing else is copied: no other topic, no
 * consumer groups or offsets (the receiving exchange drops copies by event id), no ACLs, no heartbeats.
 *
 * <p>Exactly-once source support (KIP-618) is enabled on both clusters, and MirrorMaker reads the outgoing topics
 * read_committed, so an aborted transaction of an exchange never crosses. Headers are copied as they are.
 */
public final class MirrorLink implements AutoCloseable {

    private final MirrorMaker mirrorMaker;

    private MirrorLink(MirrorMaker mirrorMaker) {
        this.mirrorMaker = mirrorMaker;
    }

    /**
     * The MirrorMaker 2 settings for the two flows.
     *
     * @param clusters client settings of each bus by country (bootstrap.servers, security.protocol, sasl.*, ssl.*)
     * @param restPort the local port of MirrorMaker's internal REST server, which exactly-once source support needs
     */
    public static Map<String, String> settings(Map<String, Map<String, Object>> clusters, int restPort) {
        if (clusters.size() != 2) {
            throw new IllegalArgumentException("a federation links exactly two buses, not " + clusters.size());
        }
        List<String> names = clusters.keySet().stream().sorted().toList();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("clusters", String.join(", ", names));
        clusters.forEach(
                (name, client) -> client.forEach((key, value) -> props.put(name + "." + key, String.valueOf(value))));
        for (String from : names) {
            for (String to : names) {
                if (from.equals(to)) {
                    continue;
                }
                String flow = from + "->" + to;
                props.put(flow + ".enabled", "true");
                props.put(flow + ".topics", FederationTopics.flowPattern(from, to));
            }
            // Read what the exchange committed only.
            props.put(from + ".consumer.isolation.level", "read_committed");
            props.put(from + ".exactly.once.source.support", "enabled");
        }
        props.put("replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
        props.put("groups.exclude", ".*");
        props.put("emit.checkpoints.enabled", "false");
        props.put("sync.group.offsets.enabled", "false");
        props.put("emit.heartbeats.enabled", "false");
        props.put("emit.offset-syncs.enabled", "false");
        props.put("sync.topic.acls.enabled", "false");
        props.put("sync.topic.configs.enabled", "false");
        props.put("refresh.topics.interval.seconds", "5");
        props.put("dedicated.mode.enable.internal.rest", "true");
        // Every plugin of the release has a ServiceLoader manifest; scanning the class path instead costs a minute
        // here.
        props.put("plugin.discovery", "service_load");
        props.put("listeners", "http://127.0.0.1:" + restPort);
        // Single-node buses; a cluster's operator raises these to its replication factor.
        for (String key : List.of(
                "replication.factor",
                "offset.storage.replication.factor",
                "config.storage.replication.factor",
                "status.storage.replication.factor",
                "heartbeats.topic.replication.factor")) {
            props.put(key, "1");
        }
        return props;
    }

    /** Starts MirrorMaker 2 with these settings; close it to stop it. */
    public static MirrorLink start(Map<String, String> settings) {
        MirrorMaker mirrorMaker = new MirrorMaker(settings, null, Time.SYSTEM);
        mirrorMaker.start();
        return new MirrorLink(mirrorMaker);
    }

    @Override
    public void close() {
        mirrorMaker.stop();
        mirrorMaker.awaitStop();
    }
}
