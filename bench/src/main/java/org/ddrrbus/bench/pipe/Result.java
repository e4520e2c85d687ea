package org.ddrrbus.bench.pipe;

/**
 * One measured run of a pipeline.
 *
 * @param offeredPerSecond the rate producers tried to publish at; 0 for as fast as they could
 * @param deliveredPerSecond records that reached the final consumer per second, after warm-up
 */
public record Result(
        String pipeline,
        long offeredPerSecond,
        double deliveredPerSecond,
        double p50Ms,
        double p95Ms,
        double p99Ms,
        int valueBytes,
        long delivered) {}
