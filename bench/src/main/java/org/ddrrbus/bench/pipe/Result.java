package org.ddrrbus.bench.pipe;

/**
 * One measured run of a pipeline.
 *
 * @param offeredPerSecond the rate producers tried to publish at; 0 for as fast as they could
 * @param deliveredPerSecond records that reached the final consumer per second, after warm-up
 * @param valueBytes the size of each event's value
 * @param headerBytes the size of the headers (names and values) of each record the final consumer reads
 */
public record Result(
        String pipeline,
        long offeredPerSecond,
        double deliveredPerSecond,
        double p50Ms,
        double p95Ms,
        double p99Ms,
        int valueBytes,
        int headerBytes,
        long delivered) {}
