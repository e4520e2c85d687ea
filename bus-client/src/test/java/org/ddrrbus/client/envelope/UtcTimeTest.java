package org.ddrrbus.client.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtcTimeTest {

    @Test
    void readsWhatInstantParseReads() {
        List<String> texts = List.of(
                "2026-12-04T23:53:14Z",
                "2026-12-04T23:53:14.1Z",
                "2026-12-04T23:53:14.123Z",
                "2026-12-04T23:53:14.123456Z",
                "2026-12-04T23:53:14.123456789Z",
                "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z",
                "2024-02-29T12:00:00Z",
                "0000-01-01T00:00:00Z",
                "2026-12-04t23:53:14z",
                "2026-12-04T23:59:60Z",
                "2026-12-04T24:00:00Z",
                "2026-12-04T23:53:14+01:00",
                "2026-12-04T23:53:14.Z",
                "+12026-12-04T23:53:14Z");
        for (String text : texts) {
            assertThat(UtcTime.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        Instant now = Instant.now();
        assertThat(UtcTime.parse(now.toString())).isEqualTo(now);
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String text : List.of(
                "",
                "2026-12-04",
                "2026-02-30T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-12-04T23:60:00Z",
                "2026-12-04T23:53:14.1234567890Z",
                "2026-12-04T23:53:1xZ",
                "2026-12-04 23:53:14Z",
                "2026-12-04T23:53:14")) {
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> UtcTime.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
