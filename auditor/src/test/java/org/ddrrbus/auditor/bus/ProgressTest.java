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
                        "audit: read 251 of 1000 records (25%)",
                        "audit: read 501 of 1000 records (50%)", "audit: read 1000 of 1000 records (100%)");
    }
}
