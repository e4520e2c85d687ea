package org.ddrrbus.auditor.bus;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Tells the person at the terminal how far a long read has got, on stderr, so it never mixes with the JSON on stdout.
 * Quiet for reads that finish within the first interval. It counts records, and measures the way by offsets: the plan
 * is a range of offsets, and transaction markers take offsets without being records, so the records read never reach
 * the offsets planned.
 */
public final class Progress {

    public static final Duration EVERY = Duration.ofSeconds(2);

    private final PrintWriter err;
    /** The offsets planned. */
    private final long total;

    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private long read;
    private long passed;
    private long lastReport;
    private boolean reported;

    public Progress(PrintWriter err, long total, LongSupplier nanoClock, Duration every) {
        this.err = err;
        this.total = total;
        this.nanoClock = nanoClock;
        this.intervalNanos = every.toNanos();
        this.lastReport = nanoClock.getAsLong();
    }

    public static Progress on(PrintWriter err, long total) {
        return new Progress(err, total, System::nanoTime, EVERY);
    }

    /** One record read; it took one offset. */
    public void advance() {
        read++;
        passed++;
        tick();
    }

    /** Offsets passed without a record: transaction markers, or records outside the plan. */
    public void skipped(long offsets) {
        passed += Math.max(0, offsets);
    }

    private void tick() {
        long now = nanoClock.getAsLong();
        if (now - lastReport >= intervalNanos) {
            report();
            lastReport = now;
        }
    }

    /** A last line when earlier ones were shown, so the count ends at what was really read. */
    public void done() {
        if (reported) {
            report();
        }
    }

    public long read() {
        return read;
    }

    private void report() {
        long percent = total == 0 ? 100 : Math.min(100, passed * 100 / total);
        err.println("audit: read " + read + " records (" + percent + "% of " + total + " offsets)");
        err.flush();
        reported = true;
    }
}
