package org.ddrrbus.exchange.system;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the exchange's Kafka Streams application.
 *
 * @param commitInterval how often a transaction commits; recipients read committed records only, so this bounds the
 *     latency the exchange adds
 * @param replicationFactor of the exchange's own changelog topics: 1 on the embedded broker, 3 on a cluster
 * @param stateDir where the consent store lives locally; it is rebuilt from its changelog when lost
 * @param instanceId static group membership: an exchange restarted after a crash takes its partitions back at once
 *     instead of waiting for the group to expire its former self
 * @param replayWindow how long event ids are remembered to refuse replays; older events are refused by their date
 * @param compression of what the exchange writes: lz4 saves the broker bytes, none saves the exchange CPU
 * @param ledgerPartitions partitions of every outbox, as the provisioner lays them out; the exchange refuses to start
 *     when an outbox has another count, and refuses a record not on its key's partition
 * @param sessionTimeout how long the group waits for a stream thread that stopped without leaving: a thread replaced
 *     after the broker refused a write rejoins under a new member id, and its partitions wait this long for it
 */
@ConfigurationProperties("ddrr.exchange")
public record ExchangeProperties(
        @DefaultValue("ddrr-exchange") String applicationId,
        @DefaultValue("25ms") Duration commitInterval,
        @DefaultValue("1") int replicationFactor,
        @DefaultValue("data/exchange") Path stateDir,
        @DefaultValue("1") int streamThreads,
        @DefaultValue("exchange-1") String instanceId,
        @DefaultValue("7d") Duration replayWindow,
        @DefaultValue("lz4") String compression,
        @DefaultValue("3") int ledgerPartitions,
        @DefaultValue("10s") Duration sessionTimeout) {}
