package org.ddrrbus.auditor.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final StringWriter err = new StringWriter();
    private final AtomicLong nanos = new AtomicLong();
    private final Progress progress = new Progress(new PrintWriter(err), 1_000, nanos::get, Duration.ofSeconds(2));

    @Test
    void aShortReadSaysNothing() {
        for (int i = 0; i < 1_000; i++) {
            progress.advance();
        }
        progress.done();

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aLongReadReportsEveryIntervalAndOnceAtTheEnd() {
        for (int i = 0; i < 1_000; i++) {
            if (i == 250 || i == 500) {
                nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            }
            progress.advance();
        }
        progress.done();

        assertThat(err.toString().lines())
                .containsExactly(
                        "audit: read 251 records (25% of 1000 offsets)",
                        "audit: read 501 records (50% of 1000 offsets)",
                        "audit: read 1000 records (100% of 1000 offsets)");
    }

    /** Transaction markers take offsets but are no records: the count stays with records, the way with offsets. */
    @Test
    void offsetsWithoutRecordsMoveTheWayButNotTheCount() {
        for (int i = 0; i < 500; i++) {
            progress.advance();
            progress.skipped(1);
        }
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        progress.advance();
        progress.done();

        assertThat(err.toString().lines())
                .containsExactly(
                        "audit: read 501 records (100% of 1000 offsets)",
                        "audit: read 501 records (100% of 1000 offsets)");
    }
}
