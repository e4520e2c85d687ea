package org.ddrrbus.auditor.bus;

import java.util.List;

/** The offsets a command will read from one topic, decided before anything is read (and recorded in the access log). */
public record ReadPlan(String topic, List<Range> ranges) {

    public ReadPlan {
        ranges = List.copyOf(ranges);
    }

    /** Offsets {@code start} (inclusive) to {@code end} (exclusive) of one partition. */
    public record Range(int partition, long start, long end) {

        public Range {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad range " + start + ".." + end + " of partition " + partition);
            }
        }

        public long size() {
            return end - start;
        }
    }

    /** How many records the ranges hold: the most the command can read. */
    public long size() {
        return ranges.stream().mapToLong(Range::size).sum();
    }
}
