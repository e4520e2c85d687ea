package org.ddrrbus.bench.pipe;

import org.HdrHistogram.Histogram;

/**
 * Publish-to-delivery latencies in microseconds, recorded by one consumer thread into an HdrHistogram (3 significant
 * digits, up to an hour), so a long run costs constant memory and percentiles need no sort.
 */
final class Latencies {

    private static final long HOUR_MICROS = 3_600_000_000L;

    private final Histogram histogram = new Histogram(HOUR_MICROS, 3);

    void record(long micros) {
        histogram.recordValue(Math.max(0, Math.min(HOUR_MICROS, micros)));
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** The p-th percentile in milliseconds. */
    double percentileMillis(double p) {
        return count() == 0 ? Double.NaN : histogram.getValueAtPercentile(p) / 1000.0;
    }
}
