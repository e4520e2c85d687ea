package org.ddrrbus.exchange.system;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the exchange's Kafka Streams application.
 *
 * @param commitInterval how often a transaction commits; recipients read committed records only, so this bounds the
 *     latency the exchange adds
 * @param replicationFactor of the exchange's own changelog topics: 1 on the embedded broker, 3 on a cluster
 * @param stateDir where the consent store lives locally; it is rebuilt from its changelog when lost
 * @param instanceId static group membership: an exchange restarted after a crash takes its partitions back at once
 *     instead of waiting for the group to expire its former self
 * @param compression of what the exchange writes: lz4 saves the broker bytes, none saves the exchange CPU
 * @param batchSize the most bytes its producer puts in one batch per partition
 * @param countersignChunk how many deliveries one countersignature covers at most: the exchange's producer holds a
 *     transaction's deliveries until this many are held, then countersigns them (one signature over their Merkle
 *     root, each with a proof of log2 of this many hashes) and sends them; the rest at the commit
 * @param countersignThread countersign and send each full chunk on a thread of its own per stream thread while the
 *     stream thread goes on processing (the commit waits for it), rather than on the stream thread: off by default,
 *     as it showed no gain on two shared cores (docs/benchmarks.md)
 * @param ledgerPartitions partitions of every outbox, as the provisioner lays them out; the exchange refuses to start
 *     when an outbox has another count, and refuses a record not on its key's partition
 * @param subjectKeysDir where each person's data keys live (default: next to the state directory, as
 *     {@code <stateDir>-subject-keys}); erasure deletes a person's keys here
 * @param sessionTimeout how long the group waits for a stream thread that stopped without leaving: a thread replaced
 *     after the broker refused a write rejoins under a new member id, and its partitions wait this long for it
 * @param requireSealed refuse ({@code MALFORMED_BODY}, the sender told) a plain value of an event type whose content
 *     about a person must be sealed: on for a bus whose partners all seal, as under {@code ./ddrr up}, so that a
 *     partner that forgot the key holder's address cannot put a person's details on the bus in clear
 */
@Validated
@ConfigurationProperties("ddrr.exchange")
public record ExchangeProperties(
        @DefaultValue("ddrr-exchange") @NotBlank String applicationId,

        @DefaultValue("25ms") @NotNull @DurationMin(millis = 1) @DurationMax(minutes = 1)
        Duration commitInterval,

        @DefaultValue("1") @Min(1) @Max(5) int replicationFactor,
        @DefaultValue("data/exchange") @NotNull Path stateDir,
        @DefaultValue("1") @Min(1) @Max(64) int streamThreads,
        @DefaultValue("exchange-1") @NotBlank String instanceId,

        @DefaultValue("lz4") @Pattern(regexp = "none|gzip|snappy|lz4|zstd")
        String compression,

        @DefaultValue("16384") @Min(1024) @Max(8388608) int batchSize,

        @DefaultValue("256") @Min(1) @Max(1048576) int countersignChunk,
        @DefaultValue("false") boolean countersignThread,

        @DefaultValue("3") @Min(1) @Max(1000) int ledgerPartitions,

        @DefaultValue("10s") @NotNull @DurationMin(seconds = 6) @DurationMax(minutes = 30)
        Duration sessionTimeout,

        Path subjectKeysDir,
        @DefaultValue("false") boolean requireSealed) {

    /**
     * Where each person's data keys live: never inside the state directory, which may be wiped and rebuilt from its
     * changelog, and never in Kafka, where a deleted key would stay until compaction.
     */
    public Path subjectKeys() {
        if (subjectKeysDir != null) {
            return subjectKeysDir;
        }
        return subjectKeysBeside(stateDir);
    }

    /** Where the people's data keys of an exchange whose state is in {@code stateDir} live by default. */
    public static Path subjectKeysBeside(Path stateDir) {
        Path state = stateDir.toAbsolutePath();
        return state.resolveSibling(state.getFileName() + "-subject-keys");
    }
}
