package org.ddrrbus.auditor.commands;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** A time on the command line: an ISO-8601 instant ({@code 2026-05-01T08:00:00Z}, any offset) or a date (midnight UTC). */
final class InstantConverter implements CommandLine.ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notADateTime) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a time: use ISO-8601, e.g. 2026-05-01T08:00:00Z or 2026-05-01");
            }
        }
    }
}
