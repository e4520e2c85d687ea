package org.ddrrbus.auditor.bus;

import java.time.Instant;
import java.util.Optional;
import org.ddrrbus.auditor.AuditFailure;

/**
 * Which part of a topic a command reads. Offsets apply to every partition read (or only to {@code partition});
 * both ends are inclusive. Times are Kafka record timestamps.
 */
public record Window(
        Optional<Integer> partition,
        Optional<Long> fromOffset,
        Optional<Long> toOffset,
        Optional<Instant> fromTime,
        Optional<Instant> toTime) {

    public Window {
        partition.filter(p -> p < 0).ifPresent(p -> {
            throw AuditFailure.badInput("--partition must be 0 or more, not " + p);
        });
        fromOffset.filter(o -> o < 0).ifPresent(o -> {
            throw AuditFailure.badInput("--from-offset must be 0 or more, not " + o);
        });
        toOffset.filter(o -> o < 0).ifPresent(o -> {
            throw AuditFailure.badInput("--to-offset must be 0 or more, not " + o);
        });
        if (fromOffset.isPresent() && toOffset.isPresent() && toOffset.get() < fromOffset.get()) {
            throw AuditFailure.badInput(
                    "--to-offset " + toOffset.get() + " is before --from-offset " + fromOffset.get());
        }
        if (fromTime.isPresent() && toTime.isPresent() && toTime.get().isBefore(fromTime.get())) {
            throw AuditFailure.badInput("--to-time " + toTime.get() + " is before --from-time " + fromTime.get());
        }
    }

    public static Window whole() {
        return new Window(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Whether a record's timestamp lies in the window. Producers set timestamps, so they need not grow with the
     * offset; the reader therefore reads on to the end and keeps exactly the records whose time fits.
     */
    public boolean admitsTime(long timestamp) {
        return fromTime.map(from -> timestamp >= from.toEpochMilli()).orElse(true)
                && toTime.map(to -> timestamp <= to.toEpochMilli()).orElse(true);
    }
}
