package org.ddrrbus.bench.pipe;

import java.util.Arrays;

/** Publish-to-delivery latencies in microseconds, recorded by one consumer thread. */
final class Latencies {

    private long[] samples = new long[1 << 20];
    private int count;

    void record(long micros) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[count++] = micros;
    }

    int count() {
        return count;
    }

    /** The p-th percentile in milliseconds. */
    double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(p / 100.0 * count) - 1));
        return sorted[index] / 1000.0;
    }
}
