package org.ddrrbus.auditor.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class InstantConverterTest {

    private final InstantConverter converter = new InstantConverter();

    @Test
    void readsInstantsWithAnyOffsetAndDatesAsMidnightUtc() {
        assertThat(converter.convert("2026-05-01T08:00:00Z")).isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
        assertThat(converter.convert("2026-05-01T11:00:00+03:00")).isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
        assertThat(converter.convert("2026-05-01")).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
    }

    @Test
    void refusesAnythingElseWithAnExample() {
        assertThatThrownBy(() -> converter.convert("last tuesday"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("'last tuesday' is not a time: use ISO-8601, e.g. 2026-05-01T08:00:00Z or 2026-05-01");
    }
}
